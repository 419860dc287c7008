/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * spoofer: a test fixture that tries to forge console lines and to use
 * capabilities an app without an untyped budget is not given. Each attempt
 * must come out as its own line, or be refused.
 */
#include <string.h>
#include <kauri/app.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/protocol.h>

int main(int argc, char **argv, char **envp)
{
	static const char line1[] = "one\nrootserver: app victim exited with status 0";
	static const char line2[] = "two\rkernel: forged \x1b[2J";
	long ep;

	(void)argc;
	(void)argv;
	(void)envp;
	/* A newline, a carriage return and a terminal escape inside one line. */
	kauri_console_write(line1, strlen(line1));
	kauri_console_write(line2, strlen(line2));
	ep = kauri_protocol_connect("echo\nrootserver: app victim: forged");
	kauri_printf("connect with a newline in the name: %s\n", ep < 0 ? kauri_lib_strerror(ep) : "accepted");
	/* No budget, so no TCB capability in slot 2: this is a capability fault. */
	kauri_printf("suspending itself through slot %d\n", KAURI_APP_CAP_TCB);
	kauri_tcb_suspend(KAURI_APP_CAP_TCB);
	kauri_printf("slot %d held a capability\n", KAURI_APP_CAP_TCB);
	return 0;
}
