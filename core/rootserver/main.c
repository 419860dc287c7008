/* SPDX-License-Identifier: BSD-2-Clause */
/* The root server: the first user program. For now it reports that it runs and ends the run. */
#include <stdint.h>
#include <kauri/bootinfo.h>
#include <kauri/debug.h>

void kauri_start(const struct kauri_bootinfo *bootinfo);

static void put_decimal(uint64_t value)
{
	char digits[24];
	int n = 0;

	do {
		digits[n++] = (char)('0' + value % 10);
		value /= 10;
	} while (value);
	while (n)
		kauri_debug_putchar(digits[--n]);
}

static uint64_t read_counter(void)
{
	uint64_t value;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(value));
	return value;
}

/* Spins for MS milliseconds of counter time, so the kernel's 1 ms tick must interrupt us. */
static void wait_ms(const struct kauri_bootinfo *bootinfo, uint64_t ms)
{
	uint64_t end = read_counter() + bootinfo->timer_frequency * ms / 1000;

	while (read_counter() < end)
		;
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	if (bootinfo->magic != KAURI_BOOTINFO_MAGIC) {
		kauri_debug_puts("rootserver: bad BootInfo magic\n");
		kauri_debug_exit(1);
	}
	kauri_debug_puts("rootserver: running in user mode on ");
	kauri_debug_puts(bootinfo->board);
	kauri_debug_puts(", kernel at EL");
	put_decimal(bootinfo->kernel_el);
	kauri_debug_puts("\n");
	kauri_yield();
	wait_ms(bootinfo, 5);
	kauri_debug_puts("rootserver: done\n");
	kauri_debug_exit(0);
}
