/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chatter: prints LINES lines "<name> line <n>: <the alphabet>", one
 * character at a time with a yield after each, so that two chatters at one
 * priority take turns in the middle of every line. The console must still
 * print each line whole (tests/system/manifests/chatter.dts).
 * Usage: chatter LINES
 */
#include <stdlib.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>

int main(int argc, char **argv, char **envp)
{
	static const char text[] = "abcdefghijklmnopqrstuvwxyz";
	unsigned long lines = argc > 1 ? strtoul(argv[1], NULL, 0) : 20;

	(void)envp;
	for (unsigned long n = 1; n <= lines; n++) {
		kauri_printf("%s line %lu: ", argv[0], n);
		for (const char *c = text; *c; c++) {
			kauri_printf("%c", *c);
			kauri_yield();
		}
		kauri_printf("\n");
	}
	return 0;
}
