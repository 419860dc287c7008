/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri's console output: kauri_printf writes through kauri_console_putchar,
 * which apps point at their supervisor (core/app) and root servers leave at
 * the machine capability's kernel console, a line at a time.
 */
#include <stdarg.h>
#include <stdint.h>
#include <klib/format.h>
#include <kauri/bootinfo.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/syscalls.h>

static char machine_line[KAURI_MACHINE_WRITE_MAX];
static size_t machine_used;

static void machine_flush(void)
{
	if (machine_used)
		kauri_machine_write(KAURI_CAP_MACHINE, machine_line, machine_used);
	machine_used = 0;
}

void kauri_machine_console_putchar(char c)
{
	machine_line[machine_used++] = c;
	if (c == '\n' || machine_used == sizeof(machine_line))
		machine_flush();
}

void kauri_machine_power_off(kauri_cptr_t machine, int status)
{
	machine_flush();
	for (;;) {
		kauri_set_mr(0, (kauri_word_t)(int64_t)status);
		kauri_call(machine, kauri_msginfo(KAURI_MACHINE_POWER_OFF, 0, 0, 1));
	}
}

/* A root server's; the app runtime points both at the app's supervisor. */
void (*kauri_console_putchar)(char c) = kauri_machine_console_putchar;
kauri_exit_fn kauri_fatal_exit = kauri_root_fatal_exit;

void kauri_root_fatal_exit(int status)
{
	kauri_machine_power_off(KAURI_CAP_MACHINE, status);
}

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
