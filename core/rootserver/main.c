/* SPDX-License-Identifier: BSD-2-Clause */
/* The root server: the first user program. For now it reports what it was given and ends the run. */
#include <stdint.h>
#include <kauri/bootfs.h>
#include <kauri/bootinfo.h>
#include <kauri/format_error.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>

void kauri_start(const struct kauri_bootinfo *bootinfo);

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

/* The bootfs is checked with the same code the host tools build it with (core/format/bootfs.c). */
static void check_bootfs(const struct kauri_bootinfo *bootinfo)
{
	struct bootfs fs;
	struct bootfs_entry e;
	int err = bootfs_open(&fs, (const uint8_t *)bootinfo->bootfs, bootinfo->bootfs_size);

	if (err) {
		kauri_printf("rootserver: bootfs: invalid at offset %lu (error %d)\n", (unsigned long)fs.error_offset,
			     err);
		kauri_debug_exit(1);
	}
	for (uint32_t i = 0; i < fs.count; i++) {
		if (bootfs_entry_at(&fs, i, &e) != 0 || bootfs_check_entry(&e) != 0) {
			kauri_printf("rootserver: bootfs: entry %u fails its SHA-256\n", i);
			kauri_debug_exit(1);
		}
	}
	if (bootfs_find(&fs, "manifest.dtb", &e) != 0) {
		kauri_printf("rootserver: bootfs: no manifest.dtb\n");
		kauri_debug_exit(1);
	}
	kauri_printf("rootserver: bootfs: %u entries, SHA-256 verified; manifest.dtb %lu bytes\n", fs.count,
		     (unsigned long)e.size);
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	uint64_t untyped_bytes = 0;

	if (bootinfo->magic != KAURI_BOOTINFO_MAGIC) {
		kauri_debug_puts("rootserver: bad BootInfo magic\n");
		kauri_debug_exit(1);
	}
	for (uint64_t i = 0; i < bootinfo->untyped.end - bootinfo->untyped.start; i++)
		if (!bootinfo->untyped_list[i].is_device)
			untyped_bytes += 1ULL << bootinfo->untyped_list[i].size_bits;
	kauri_printf("rootserver: running in user mode on %s, kernel at EL%u\n", bootinfo->board,
		     bootinfo->kernel_el);
	kauri_printf("rootserver: %lu untyped capabilities, %lu MiB of RAM\n",
		     (unsigned long)(bootinfo->untyped.end - bootinfo->untyped.start),
		     (unsigned long)(untyped_bytes >> 20));
	if (bootinfo->bootfs) {
		kauri_printf("rootserver: bootfs: %lu bytes at 0x%lx\n", (unsigned long)bootinfo->bootfs_size,
			     (unsigned long)bootinfo->bootfs);
		check_bootfs(bootinfo);
	}
	kauri_yield();
	wait_ms(bootinfo, 5);
	kauri_printf("rootserver: done\n");
	kauri_debug_exit(0);
}
