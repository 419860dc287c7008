/* SPDX-License-Identifier: BSD-2-Clause */
/* The guest's boot: kernel, initrd and device tree into its RAM, then its vCPU started. */
#ifndef VMM_GUEST_BOOT_H
#define VMM_GUEST_BOOT_H

#include <stdint.h>
#include "vm.h"

/* Where the vCPU starts (Documentation/arch/arm64/booting.rst): the kernel, x0 the DTB's IPA. */
struct guest_entry {
	uint64_t pc;
	uint64_t dtb;
};

/*
 * Copies the kernel and the initrd into guest RAM where arm64_image_layout() puts them and writes
 * the device tree (RAM, GIC, timer, PSCI, the devices, bootargs, initrd) at the top of RAM.
 * 0, or -1 after printing why not.
 */
int guest_boot_load(struct vm *vm, struct guest_entry *entry);

/* The vCPU's WFI and WFE modes set, the guest's thread started at ENTRY. 0, or -1 after printing. */
int guest_boot_start(const struct guest_entry *entry);

#endif
