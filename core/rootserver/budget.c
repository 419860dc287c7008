/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot-time memory check: every app's pool must fit the RAM left, or boot stops before anything is made. */
#include <kauri/debug.h>
#include "budget.h"

int budget_check(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m,
		 const uint64_t *pool_bytes)
{
	uint64_t left = 0, largest = 0, channels = 0;

	/* The RAM the kernel handed over (device untypeds hold no objects). */
	for (uint64_t u = 0; u < bootinfo->untyped.end - bootinfo->untyped.start; u++) {
		uint64_t size = 1ULL << bootinfo->untyped_list[u].size_bits;

		if (bootinfo->untyped_list[u].is_device)
			continue;
		left += size;
		if (size > largest)
			largest = size;
	}
	/* The channels' frames are made first, then the apps' pools in start order. */
	for (uint32_t c = 0; c < m->nchannels; c++)
		channels += m->channels[c].size;
	left = left > channels ? left - channels : 0;
	for (uint32_t k = 0; k < m->napps; k++) {
		uint32_t i = m->start_order[k];

		if (pool_bytes[i] > left) {
			kauri_printf("rootserver: manifest: /apps/%s: needs %lu KiB of RAM (heap, stack, untyped budget, "
				     "binary, initrd and page tables, rounded up to a power of two), only %lu KiB left\n",
				     m->apps[i].name, (unsigned long)(pool_bytes[i] >> 10), (unsigned long)(left >> 10));
			return -1;
		}
		if (pool_bytes[i] > largest) {
			kauri_printf("rootserver: manifest: /apps/%s: needs %lu KiB of RAM in one block, the largest "
				     "the kernel handed over is %lu KiB\n",
				     m->apps[i].name, (unsigned long)(pool_bytes[i] >> 10), (unsigned long)(largest >> 10));
			return -1;
		}
		left -= pool_bytes[i];
	}
	return 0;
}
