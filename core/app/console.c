/* SPDX-License-Identifier: BSD-2-Clause */
/* The app side of the console: kauri_printf output collected per line and sent to the console server. */
#include <stddef.h>
#include <kauri/app.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>

static char line[KAURI_CONSOLE_LINE_MAX];
static size_t used;

void kauri_console_write(const char *text, size_t len)
{
	if (len > KAURI_CONSOLE_LINE_MAX)
		len = KAURI_CONSOLE_LINE_MAX;
	kauri_set_mr(0, len);
	kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_CONSOLE, 0, 0, 1 + kauri_set_mr_text(1, text, len)));
}

static void console_putchar(char c)
{
	if (c == '\n') {
		kauri_console_write(line, used);
		used = 0;
		return;
	}
	line[used++] = c;
	if (used == sizeof(line)) {
		kauri_console_write(line, used);
		used = 0;
	}
}

void kauri_app_console_flush(void)
{
	if (used) {
		kauri_console_write(line, used);
		used = 0;
	}
}

void kauri_app_console_init(void)
{
	kauri_console_putchar = console_putchar;
}
