/* SPDX-License-Identifier: BSD-2-Clause */
/* What the kernel learns about the machine from the device tree the firmware passes. */
#ifndef KERNEL_PLATFORM_H
#define KERNEL_PLATFORM_H

#include <stdint.h>
#include <stdbool.h>
#include <arch/memory.h>
#include <arch/psci.h>

#define PLATFORM_MAX_MEMORY	8
#define PLATFORM_MAX_RESERVED	16


struct platform_info {
	const char *model;
	struct mem_region memory[PLATFORM_MAX_MEMORY];
	unsigned int memory_count;
	struct mem_region reserved[PLATFORM_MAX_RESERVED];	/* the first ones */
	unsigned int reserved_count;
	unsigned int reserved_total;	/* all of them: boot memory leaves out every one */
	struct {
		unsigned int version;		/* 2 or 3; 0 if none found */
		uint64_t dist_base, dist_size;
		uint64_t cpuif_base, cpuif_size;	/* GICv2 CPU interface */
		uint64_t hyp_base, hyp_size;		/* GICv2 virtual interface control (GICH), or 0 */
		uint64_t vcpu_base, vcpu_size;		/* GICv2 virtual CPU interface (GICV), or 0 */
		uint64_t redist_base, redist_size;	/* GICv3 redistributors */
	} gic;
	enum psci_conduit psci;			/* how PSCI is called, from /psci's method */
	struct {
		unsigned int phys_irq;		/* EL1 physical timer (INTID) */
		unsigned int hyp_irq;		/* EL2 physical timer */
		uint32_t frequency;		/* CNTFRQ_EL0 */
	} timer;
};

extern struct platform_info platform;

/*
 * Fills `platform` from the flattened device tree at DTB (a kernel virtual
 * address). Returns 0, or a negative libfdt error with a message printed.
 */
int platform_from_device_tree(const void *dtb);
/* Calls FN for every reserved region of the device tree: the header's table and /reserved-memory. */
void platform_each_reserved(const void *dtb, void (*fn)(uint64_t base, uint64_t size));

#endif
