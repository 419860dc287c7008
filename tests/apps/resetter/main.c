/* SPDX-License-Identifier: BSD-2-Clause */
/* resetter: asks the root server to reset the board; returns only when refused, saying why. */
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/lib_error.h>

int main(int argc, char **argv, char **envp)
{
	long err;

	(void)argc;
	(void)argv;
	(void)envp;
	err = kauri_reset_board();
	kauri_printf("reset refused: %s\n", kauri_lib_strerror(err));
	return 1;
}
