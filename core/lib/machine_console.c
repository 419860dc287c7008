/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A root server's console: kauri_printf's lines through Machine.Write on the
 * machine capability (KAURI_CAP_MACHINE), and power-off on a fatal error.
 * Only root servers link this in: their start code calls kauri_root_init.
 */
#include <stdint.h>
#include <uapi/kauri/bootinfo.h>
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

void kauri_root_fatal_exit(int status)
{
	kauri_machine_power_off(KAURI_CAP_MACHINE, status);
}

void kauri_root_init(void)
{
	kauri_console_putchar = kauri_machine_console_putchar;
	kauri_fatal_exit = kauri_root_fatal_exit;
}
