/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri's console output: kauri_printf writes through kauri_console_putchar,
 * which apps point at their supervisor (core/app) and root servers at the
 * machine capability's kernel console (machine_console.c).
 */
#include <stdarg.h>
#include <stdint.h>
#include <klib/printf.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>

/* Until the program says where (the app runtime, or a root server's start), output is dropped. */
static void discard(char c)
{
	(void)c;
}

static void __attribute__((noreturn)) halt(int status)
{
	(void)status;
	for (;;)
		kauri_yield();
}

void (*kauri_console_putchar)(char c) = discard;
kauri_exit_fn kauri_fatal_exit = halt;

static void emit_console(void *ctx, char c)
{
	(void)ctx;
	kauri_console_putchar(c);
}

int kauri_vprintf(const char *fmt, va_list ap)
{
	return vformat(emit_console, NULL, fmt, ap);
}

int kauri_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kauri_vprintf(fmt, ap);
	va_end(ap);
	return n;
}
