/* SPDX-License-Identifier: BSD-2-Clause */
/* hello: prints its arguments and environment (and its initrd, if it has one), the first app of every Kauri system. */
#include <stddef.h>
#include <kauri/app.h>
#include <kauri/debug.h>

int main(int argc, char **argv, char **envp)
{
	const void *initrd;
	size_t size;

	kauri_printf("%d arguments\n", argc);
	for (int i = 0; i < argc; i++)
		kauri_printf("argv[%d] = %s\n", i, argv[i]);
	for (char **e = envp; *e; e++)
		kauri_printf("env %s\n", *e);
	if (kauri_initrd(&initrd, &size) == 0) {
		const char *text = initrd;
		size_t line = 0;

		while (line < size && text[line] != '\n')
			line++;
		kauri_printf("initrd: %lu bytes at %p, first line: %.*s\n", (unsigned long)size, initrd, (int)line, text);
	}
	return 0;
}
