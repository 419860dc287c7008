/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's resources: free slots of its CNode, objects made from its
 * untypeds, and per-app memory pools (an untyped of the app's own, so that
 * revoking it takes everything the app had, and a CNode holding the capabilities
 * to its frames and page tables).
 */
#ifndef ROOTSERVER_ALLOC_H
#define ROOTSERVER_ALLOC_H

#include <uapi/kauri/bootinfo.h>
#include <uapi/kauri/errors.h>
#include <uapi/kauri/types.h>

#define ROOT_CNODE	KAURI_CAP_INIT_CNODE
#define ROOT_VSPACE	KAURI_CAP_INIT_VSPACE
#define ROOT_TCB	KAURI_CAP_INIT_TCB
#define ROOT_DEPTH	64
#define HOLDING_RADIX	12	/* frames and page tables one app may have, 4096 */

void alloc_init(const struct kauri_bootinfo *bootinfo);
/* A free slot of the root CNode, 0 when none is left. */
kauri_cptr_t slot_alloc(void);
/* A new object (SIZE_BITS for untyped/CNode) from the root server's memory in a fresh slot; 0 on failure. */
kauri_cptr_t object_alloc(enum kauri_object_type type, unsigned int size_bits);
/* A new object of TYPE (fixed size) from the root server's memory in slot INDEX of the CNode CNODE. */
enum kauri_error object_alloc_in(kauri_cptr_t cnode, kauri_word_t index, enum kauri_object_type type);

/*
 * The frame of device memory (MMIO) at PADDR, page-aligned, in a fresh root
 * slot; 0 when no device untyped has it (not MMIO, the kernel's own, or
 * already given out).
 */
kauri_cptr_t device_frame_alloc(uint64_t paddr);

/*
 * The root server is done with FRAME, the device frame at PADDR it took for its own use and has
 * unmapped: the next device_frame_alloc(PADDR) gives it again (the storage controller, which the
 * root server reads the card with before the storage server exists).
 */
void device_frame_return(uint64_t paddr, kauri_cptr_t frame);

/* Maps FRAME (a root slot) at VADDR in the root server's own VSpace, making page tables as needed. */
enum kauri_error root_map(kauri_cptr_t frame, kauri_word_t vaddr, unsigned int rights);

/* Memory of one app: everything made from UNTYPED, bulk capabilities kept in HOLDING. */
struct pool {
	kauri_cptr_t untyped;
	kauri_cptr_t holding;
	unsigned int held;
	kauri_cptr_t temp;		/* root slots for capabilities on their way into HOLDING */
	kauri_cptr_t temp_table;
};

/*
 * A pool of 2^BITS bytes: 0 or -1. Objects made of it before pool_refill come first in it
 * (untyped memory is handed out in order); pool_refill makes it ready for the rest.
 */
int pool_create(struct pool *p, unsigned int bits);
/*
 * Empties the pool: every object made from it is gone, its holding CNode too,
 * so it takes pool_refill before it is used again.
 */
void pool_reset(struct pool *p);
/* Makes the pool's holding CNode (anew after pool_reset): 0 or -1. */
int pool_refill(struct pool *p);
/* An object of the pool into the root slot SLOT. */
enum kauri_error pool_object_into(struct pool *p, enum kauri_object_type type, unsigned int size_bits,
				  kauri_cptr_t slot);
/* A VSpace of the pool for a guest (an ASID assigned with KAURI_ASID_GUEST) into the root slot SLOT. */
enum kauri_error pool_guest_vspace_into(struct pool *p, kauri_cptr_t slot);
/* Maps FRAME at VADDR in VSPACE, making page tables from the pool as needed. */
enum kauri_error pool_map(struct pool *p, kauri_cptr_t vspace, kauri_cptr_t frame, kauri_word_t vaddr,
			  unsigned int rights);
/*
 * A copy of the frame at INDEX of the root server's CNode SRC (radix SRC_RADIX), with cap RIGHTS,
 * mapped at VADDR in VSPACE with VM_RIGHTS and held by the pool: memory shared with others.
 */
enum kauri_error pool_map_shared(struct pool *p, kauri_cptr_t vspace, kauri_cptr_t src, unsigned int src_radix,
				 kauri_word_t index, unsigned int rights, kauri_word_t vaddr, unsigned int vm_rights);
/* A new frame mapped at VADDR in VSPACE (page tables made as needed), its cap then held by the pool. */
enum kauri_error pool_map_new_frame(struct pool *p, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights,
				    const void *data, size_t offset, size_t len);

/* The same with a 2 MiB frame (VADDR 2 MiB-aligned), LEN bytes of DATA at its start. */
enum kauri_error pool_map_new_large_frame(struct pool *p, kauri_cptr_t vspace, kauri_word_t vaddr,
					  unsigned int rights, const void *data, size_t len);

#endif
