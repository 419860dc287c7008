/* SPDX-License-Identifier: BSD-2-Clause */
/* echo_client: connects to echo_protocol and checks that three calls come back unchanged. */
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_connect("echo_protocol");
	int good = 0;

	if (ep < 0) {
		kauri_printf("cannot connect to echo_protocol: %s\n", kauri_lib_strerror(ep));
		return 1;
	}
	for (kauri_word_t round = 1; round <= 3; round++) {
		kauri_word_t info;

		for (unsigned int i = 0; i < 6; i++)
			kauri_set_mr(i, round * 100 + i);
		info = kauri_call((kauri_cptr_t)ep, kauri_msginfo(7, 0, 0, 6));
		if (kauri_msginfo_label(info) == 7 && kauri_msginfo_length(info) == 6 && kauri_get_mr(5) == round * 100 + 5)
			good++;
	}
	kauri_printf("%d of 3 calls echoed\n", good);
	return good == 3 ? 0 : 1;
}
