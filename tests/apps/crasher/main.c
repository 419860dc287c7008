/* SPDX-License-Identifier: BSD-2-Clause */
/* crasher: a deliberately faulty app, for the supervisor's restart policies and their tests. */
#include <kauri/debug.h>

static volatile unsigned long *volatile nowhere;	/* NULL, out of the compiler's sight */

int main(int argc, char **argv, char **envp)
{
	kauri_printf("starting\n");
	return (int)*nowhere;	/* a VM fault at address 0 */
}
