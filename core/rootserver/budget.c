/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The boot-time memory check: every app's pool and 2 MiB-page budget must fit the RAM left, or
 * boot stops before anything is made.
 */
#include <kauri/debug.h>
#include "budget.h"

/* One block of BYTES for APP (WHAT it is for) out of *LEFT, in blocks of at most LARGEST: 0, or -1 said. */
static int take(const struct manifest_app *app, uint64_t bytes, const char *what, uint64_t largest, uint64_t *left)
{
	if (bytes > *left) {
		kauri_printf("rootserver: manifest: /apps/%s: needs %lu KiB of RAM (%s), only %lu KiB left\n", app->name,
			     (unsigned long)(bytes >> 10), what, (unsigned long)(*left >> 10));
		return -1;
	}
	if (bytes > largest) {
		kauri_printf("rootserver: manifest: /apps/%s: needs %lu KiB of RAM in one block (%s), the largest "
			     "the kernel handed over is %lu KiB\n",
			     app->name, (unsigned long)(bytes >> 10), what, (unsigned long)(largest >> 10));
		return -1;
	}
	*left -= bytes;
	return 0;
}

int budget_check(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m,
		 const uint64_t *pool_bytes, uint64_t held)
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
	left = left > channels + held ? left - channels - held : 0;
	for (uint32_t k = 0; k < m->napps; k++) {
		uint32_t i = m->start_order[k];

		if (take(&m->apps[i], pool_bytes[i], "heap, stack, untyped budget, binary, initrd and page tables, "
			 "rounded up to a power of two", largest, &left) != 0)
			return -1;
		/* Its 2 MiB-page budget: one block per set bit of the page count (app.c, take_large_budget). */
		for (int bit = 31; bit >= 0; bit--)
			if (m->apps[i].ut_large_pages >> bit & 1 &&
			    take(&m->apps[i], 2ULL << 20 << bit, "of its ut_large_pages budget", largest, &left) != 0)
				return -1;
	}
	return 0;
}
