/* SPDX-License-Identifier: BSD-2-Clause */
/* Boot-time page allocation from the free RAM the device tree describes. */
#include <string.h>
#include <arch/memory.h>
#include <arch/vspace.h>
#include <kernel/bootmem.h>
#include <kernel/printk.h>

static struct mem_region free_regions[BOOTMEM_MAX_REGIONS];
static unsigned int free_count;

/* Removes [start, end) from the free regions, splitting one if needed. */
static void carve_out(uint64_t start, uint64_t end)
{
	start &= ~(PAGE_SIZE - 1);
	end = (end + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
	for (unsigned int i = 0; i < free_count; i++) {
		struct mem_region *r = &free_regions[i];
		uint64_t r_end = r->base + r->size;

		if (end <= r->base || start >= r_end)
			continue;
		if (start > r->base && end < r_end) {
			if (free_count == BOOTMEM_MAX_REGIONS) {
				printk("kernel: bootmem: too many memory holes; losing 0x%lx-0x%lx\n",
				       (unsigned long)end, (unsigned long)r_end);
			} else {
				free_regions[free_count++] = (struct mem_region){ end, r_end - end };
			}
			r->size = start - r->base;
		} else if (start > r->base) {
			r->size = start - r->base;
		} else if (end < r_end) {
			r->size = r_end - end;
			r->base = end;
		} else {
			r->size = 0;
		}
	}
}

static void carve_out_region(uint64_t base, uint64_t size)
{
	carve_out(base, base + size);
}

void bootmem_init(uint64_t image_start, uint64_t image_end, uint64_t dtb, uint64_t dtb_size)
{
	free_count = 0;
	for (unsigned int i = 0; i < platform.memory_count && i < BOOTMEM_MAX_REGIONS; i++)
		free_regions[free_count++] = platform.memory[i];
	/* Only memory the kernel window maps can be handed out (zeroed, written). */
	arch_map_ram(free_regions, &free_count);
	carve_out(image_start, image_end);
	if (dtb)
		carve_out(dtb, dtb + dtb_size);
	/* The device tree is walked again only when it has more regions than platform kept. */
	if (platform.reserved_total > platform.reserved_count && dtb)
		platform_each_reserved(phys_to_virt(dtb), carve_out_region);
	else
		for (unsigned int i = 0; i < platform.reserved_count; i++)
			carve_out_region(platform.reserved[i].base, platform.reserved[i].size);
}

/* A zeroed block of SIZE bytes aligned to ALIGN (a power of two, at least a page). */
static uint64_t alloc(uint64_t size, uint64_t align)
{
	for (unsigned int i = 0; i < free_count; i++) {
		struct mem_region *r = &free_regions[i];
		uint64_t start = (r->base + align - 1) & ~(align - 1);

		if (r->size == 0 || start + size > r->base + r->size)
			continue;
		/* Keep the alignment gap below the block as its own free region. */
		if (start > r->base && free_count < BOOTMEM_MAX_REGIONS)
			free_regions[free_count++] = (struct mem_region){ r->base, start - r->base };
		r->size = r->base + r->size - (start + size);
		r->base = start + size;
		zero_memory(phys_to_virt(start), size);
		return start;
	}
	return 0;
}

uint64_t bootmem_alloc(unsigned int size_bits)
{
	return alloc(1UL << size_bits, 1UL << size_bits);
}

uint64_t bootmem_alloc_pages(uint64_t pages)
{
	return pages ? alloc(pages * PAGE_SIZE, PAGE_SIZE) : 0;
}

unsigned int bootmem_free_regions(const struct mem_region **regions)
{
	*regions = free_regions;
	return free_count;
}
