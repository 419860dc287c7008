/* SPDX-License-Identifier: BSD-2-Clause */
/* stranger: tries to connect to a protocol its manifest entry does not declare, and is refused. */
#include <kauri/debug.h>
#include <kauri/protocol.h>

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_connect("echo_protocol");

	if (ep >= 0) {
		kauri_printf("connected to echo_protocol without declaring it!\n");
		return 1;
	}
	kauri_printf("connect to echo_protocol refused: %s\n", kauri_lib_strerror(ep));
	return 0;
}
