/* SPDX-License-Identifier: BSD-2-Clause */
/* Bounds-checked translation of guest-physical ranges into the VMM's mapping of guest RAM. */
#include "guest_memory.h"

void guest_memory_init(struct guest_memory *mem, void *host, uint64_t ipa, uint64_t size)
{
	mem->host = host;
	mem->ipa = ipa;
	/* A RAM that would end past 2^64 is cut where the address space ends. */
	mem->size = size > UINT64_MAX - ipa ? UINT64_MAX - ipa : size;
	mem->pages = NULL;
}

void guest_memory_on_demand(struct guest_memory *mem, struct guest_memory_pages *pages)
{
	/* Pages past the bitmap could never be made: such a RAM is cut to what it can hold. */
	if (mem->size > GUEST_MEMORY_MAX_PAGES * GUEST_MEMORY_PAGE_SIZE)
		mem->size = GUEST_MEMORY_MAX_PAGES * GUEST_MEMORY_PAGE_SIZE;
	mem->pages = pages;
}

bool guest_memory_contains(const struct guest_memory *mem, uint64_t ipa)
{
	return ipa >= mem->ipa && ipa - mem->ipa < mem->size;
}

static bool page_present(const struct guest_memory_pages *pages, uint64_t index)
{
	return pages->present[index / 64] & (1ull << (index % 64));
}

bool guest_memory_present(const struct guest_memory *mem, uint64_t ipa)
{
	return guest_memory_contains(mem, ipa) &&
	       (!mem->pages || page_present(mem->pages, (ipa - mem->ipa) / GUEST_MEMORY_PAGE_SIZE));
}

uint64_t guest_memory_made(const struct guest_memory *mem)
{
	uint64_t pages = 0;

	if (!mem->pages)
		return mem->size;
	for (unsigned int i = 0; i < GUEST_MEMORY_MAX_PAGES / 64; i++)
		pages += (uint64_t)__builtin_popcountll(mem->pages->present[i]);
	return pages * GUEST_MEMORY_PAGE_SIZE;
}

/* Every page under [off, off + len) of RAM made: 0, or -1 when one cannot be. */
static int make_pages(struct guest_memory_pages *pages, uint64_t off, uint64_t len)
{
	for (uint64_t i = off / GUEST_MEMORY_PAGE_SIZE; i <= (off + len - 1) / GUEST_MEMORY_PAGE_SIZE; i++) {
		if (page_present(pages, i))
			continue;
		if (pages->make(pages, i))
			return -1;
		pages->present[i / 64] |= 1ull << (i % 64);
	}
	return 0;
}

void *guest_memory_ptr(const struct guest_memory *mem, uint64_t ipa, uint64_t len)
{
	uint64_t off;

	/* Compared as offsets from the base, never as ipa + len, which a guest can make wrap. */
	if (len == 0 || ipa < mem->ipa)
		return NULL;
	off = ipa - mem->ipa;
	if (off >= mem->size || len > mem->size - off)
		return NULL;
	if (mem->pages && make_pages(mem->pages, off, len))
		return NULL;
	return mem->host + off;
}
