/* SPDX-License-Identifier: BSD-2-Clause */
/* The app runtime: from the initial stack to main(argc, argv, envp), and kauri_exit. */
#include <stdint.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>
#include "runtime.h"

int main(int argc, char **argv, char **envp);
void kauri_app_start(uint64_t *sp) __attribute__((noreturn));

const char *kauri_app_name = "";

void kauri_exit(int status)
{
	kauri_app_console_flush();
	for (;;) {
		kauri_set_mr(0, (kauri_word_t)(int64_t)status);
		kauri_send(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_APP_EXIT, 0, 0, 1));
		/* The supervisor stops us on receipt; should it not, ask again. */
	}
}

void kauri_app_start(uint64_t *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)&sp[1];
	char **envp = argv + argc + 1;

	if (argc > 0)
		kauri_app_name = argv[0];
	kauri_app_console_init();
	kauri_fatal_exit = kauri_exit;
	kauri_exit(main(argc, argv, envp));
}
