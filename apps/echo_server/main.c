/* SPDX-License-Identifier: BSD-2-Clause */
/* echo_server: publishes echo_protocol and answers every call with its own words, told apart by badge. */
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_publish("echo_protocol");
	kauri_word_t badge, info;

	if (ep < 0) {
		kauri_printf("echo_server: cannot publish echo_protocol: %s\n", kauri_protocol_strerror(ep));
		return 1;
	}
	kauri_printf("echo_server: serving echo_protocol\n");
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;) {
		kauri_printf("echo_server: %u words from client %lu\n", kauri_msginfo_length(info),
			     (unsigned long)badge);
		/* The same label and words go back. */
		info = kauri_reply_recv((kauri_cptr_t)ep, info, &badge);
	}
}
