/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hog: says it starts, then spins for ever at its priority, so nothing below it runs again: the
 * upgrade suite's release that hangs its trial boot (the admin service never runs to commit it).
 */
#include <kauri/debug.h>

int main(void)
{
	kauri_printf("spinning for ever\n");
	for (;;)
		__asm__ volatile("" ::: "memory");
}
