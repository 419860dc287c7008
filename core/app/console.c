/* SPDX-License-Identifier: BSD-2-Clause */
/* The app side of the console: kauri_printf output collected per line and sent to the console server. */
#include <stddef.h>
#include <kauri/app.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>
#include "runtime.h"

static char line[KAURI_CONSOLE_LINE_MAX];
static size_t used;

void kauri_console_write(const char *text, size_t len)
{
	if (len > KAURI_CONSOLE_LINE_MAX)
		len = KAURI_CONSOLE_LINE_MAX;
	kauri_call_text(KAURI_APP_CAP_SUPERVISOR, KAURI_MSG_CONSOLE, text, len);
}

static void flush_line(void)
{
	kauri_console_write(line, used);
	used = 0;
}

static void console_putchar(char c)
{
	if (c == '\n') {
		flush_line();
		return;
	}
	line[used++] = c;
	if (used == sizeof(line))
		flush_line();
}

void kauri_app_console_flush(void)
{
	if (used)
		flush_line();
}

void kauri_app_console_init(void)
{
	kauri_console_putchar = console_putchar;
}
