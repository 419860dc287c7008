/* SPDX-License-Identifier: BSD-2-Clause */
/* A guest's RAM as the VMM sees it: where it is mapped here and where the guest believes it is. */
#ifndef VMM_GUEST_MEMORY_H
#define VMM_GUEST_MEMORY_H

#include <stddef.h>
#include <stdint.h>

struct guest_memory {
	uint8_t *host;	/* the VMM's mapping of the whole of guest RAM */
	uint64_t ipa;	/* guest-physical address of host[0] */
	uint64_t size;	/* bytes */
};

void guest_memory_init(struct guest_memory *mem, void *host, uint64_t ipa, uint64_t size);

/*
 * The VMM's pointer to guest bytes [ipa, ipa + len), or NULL when any of them lies outside guest
 * RAM. A zero-length range names no memory and is NULL too, so a non-NULL answer always has at
 * least one byte behind it.
 */
void *guest_memory_ptr(const struct guest_memory *mem, uint64_t ipa, uint64_t len);

#endif
