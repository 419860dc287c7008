/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A guest's RAM as the VMM sees it: where it is mapped here and where the guest believes it is.
 * RAM can be made on first touch, a page of GUEST_MEMORY_PAGE_SIZE at a time (guest_ram.c):
 * then every pointer the VMM takes into it makes the pages under it first.
 */
#ifndef VMM_GUEST_MEMORY_H
#define VMM_GUEST_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_MEMORY_PAGE_SIZE	(2ull << 20)
/* The most RAM a guest has (vm_info.c's limit, 4 GiB), in pages. */
#define GUEST_MEMORY_MAX_PAGES	2048u

/* RAM made on first touch: which pages are there, and how to make one. */
struct guest_memory_pages {
	uint64_t present[GUEST_MEMORY_MAX_PAGES / 64];
	/* Makes page INDEX (from the start of RAM): 0, or -1 after printing why not. */
	int (*make)(struct guest_memory_pages *pages, uint64_t index);
};

struct guest_memory {
	uint8_t *host;	/* the VMM's mapping of the whole of guest RAM */
	uint64_t ipa;	/* guest-physical address of host[0] */
	uint64_t size;	/* bytes */
	struct guest_memory_pages *pages;	/* NULL: all of it is there from the start */
};

void guest_memory_init(struct guest_memory *mem, void *host, uint64_t ipa, uint64_t size);

/* From now on RAM is made on first touch through PAGES (its present bits as they are). */
void guest_memory_on_demand(struct guest_memory *mem, struct guest_memory_pages *pages);

/* Whether guest-physical IPA is in RAM. */
bool guest_memory_contains(const struct guest_memory *mem, uint64_t ipa);

/* Whether the page under IPA (in RAM) is there yet. */
bool guest_memory_present(const struct guest_memory *mem, uint64_t ipa);

/* Bytes of RAM made so far: all of it unless made on first touch. */
uint64_t guest_memory_made(const struct guest_memory *mem);

/*
 * The VMM's pointer to guest bytes [ipa, ipa + len), or NULL when any of them lies outside guest
 * RAM or a page under them cannot be made. A zero-length range names no memory and is NULL too,
 * so a non-NULL answer always has at least one byte behind it.
 */
void *guest_memory_ptr(const struct guest_memory *mem, uint64_t ipa, uint64_t len);

#endif
