/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boot-time memory: free RAM (the device tree's memory minus the image, the
 * DTB and reserved regions) handed out page by page while the kernel builds
 * the root server. After boot the rest becomes untyped memory; the kernel
 * allocates nothing more.
 */
#ifndef KERNEL_BOOTMEM_H
#define KERNEL_BOOTMEM_H

#include <stdint.h>
#include <kernel/platform.h>

#define BOOTMEM_MAX_REGIONS	32

void bootmem_init(uint64_t image_start, uint64_t image_end, uint64_t dtb, uint64_t dtb_size);
/* A zeroed, aligned block of 2^SIZE_BITS bytes (>= a page); 0 when memory ran out. */
uint64_t bootmem_alloc(unsigned int size_bits);
/* A zeroed, page-aligned block of PAGES pages; 0 when memory ran out. */
uint64_t bootmem_alloc_pages(uint64_t pages);
/* The free regions left, for the untyped capabilities. */
unsigned int bootmem_free_regions(const struct mem_region **regions);

#endif
