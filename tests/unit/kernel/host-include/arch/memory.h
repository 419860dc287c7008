/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host stand-in for arch/memory.h in the kernel's unit tests: "physical"
 * addresses are offsets into an arena, so capability layouts (40-bit physical
 * addresses) hold them unchanged.
 */
#ifndef ARCH_MEMORY_H
#define ARCH_MEMORY_H

#include <stdint.h>
#include <arch/sysreg.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define HOST_ARENA_SIZE	(8UL << 20)

extern unsigned char host_arena[HOST_ARENA_SIZE];

static inline void *phys_to_virt(uint64_t pa)
{
	return host_arena + pa;
}

static inline uint64_t virt_to_phys(const void *va)
{
	return (uint64_t)((const unsigned char *)va - host_arena);
}

/* A range of physical memory, as arch/memory.h has it. */
struct mem_region {
	uint64_t base;
	uint64_t size;
};

#endif
