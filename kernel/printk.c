/* SPDX-License-Identifier: BSD-2-Clause */
/* Formatted kernel output on the debug UART, through the shared formatting engine. */
#include <stdarg.h>
#include <stddef.h>
#include <kernel/debug_uart.h>
#include <klib/printf.h>
#include <kernel/printk.h>

static void emit_to_debug_uart(void *ctx, char c)
{
	(void)ctx;
	debug_uart_putc(c);
}

int vprintk(const char *fmt, va_list ap)
{
	return vformat(emit_to_debug_uart, NULL, fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int count;

	va_start(ap, fmt);
	count = vprintk(fmt, ap);
	va_end(ap);
	return count;
}
