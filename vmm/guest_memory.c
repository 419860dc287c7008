/* SPDX-License-Identifier: BSD-2-Clause */
/* Bounds-checked translation of guest-physical ranges into the VMM's mapping of guest RAM. */
#include "guest_memory.h"

void guest_memory_init(struct guest_memory *mem, void *host, uint64_t ipa, uint64_t size)
{
	mem->host = host;
	mem->ipa = ipa;
	/* A RAM that would end past 2^64 is cut where the address space ends. */
	mem->size = size > UINT64_MAX - ipa ? UINT64_MAX - ipa : size;
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
	return mem->host + off;
}
