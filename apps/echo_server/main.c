/* SPDX-License-Identifier: BSD-2-Clause */
/* echo_server: publishes echo_protocol and answers every call with its own words, told apart by badge. */
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_publish("echo_protocol");
	kauri_word_t badge, info, words[KAURI_MSG_MAX_LENGTH];

	if (ep < 0) {
		kauri_printf("cannot publish echo_protocol: %s\n", kauri_lib_strerror(ep));
		return 1;
	}
	kauri_printf("serving echo_protocol\n");
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;) {
		unsigned int n = kauri_msginfo_length(info);

		/* Printing is a call of its own: keep the message words aside meanwhile. */
		for (unsigned int i = 0; i < n; i++)
			words[i] = kauri_get_mr(i);
		kauri_printf("%u words from client %lu\n", n, (unsigned long)badge);
		for (unsigned int i = 0; i < n; i++)
			kauri_set_mr(i, words[i]);
		/* The same label and words go back. */
		info = kauri_reply_recv((kauri_cptr_t)ep, info, &badge);
	}
}
