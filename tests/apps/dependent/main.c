/* SPDX-License-Identifier: BSD-2-Clause */
/* dependent: an app that lists another in restart-deps, so it is restarted whenever that one is. */
#include <kauri/debug.h>

int main(int argc, char **argv, char **envp)
{
	kauri_printf("starting\n");
	return 0;
}
