/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: prints its arguments and environment, the first app of every Kauri system. */
#include <kauri/debug.h>

int main(int argc, char **argv, char **envp)
{
	kauri_printf("%d arguments\n", argc);
	for (int i = 0; i < argc; i++)
		kauri_printf("argv[%d] = %s\n", i, argv[i]);
	for (char **e = envp; *e; e++)
		kauri_printf("env %s\n", *e);
	return 0;
}
