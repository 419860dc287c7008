/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's memory, made from the app's own untyped budget: 2 MiB frames mapped into the
 * VMM's VSpace (to load and serve the guest) and, through a copy of each capability, into the
 * guest's stage-2 VSpace at its RAM's IPA; on GICv2 the GIC's virtual CPU interface at the
 * guest's GICC. Page tables on the way come from the budget too.
 */
#ifndef VMM_GUEST_RAM_H
#define VMM_GUEST_RAM_H

#include <stdint.h>
#include <uapi/kauri/types.h>
#include "guest_memory.h"

/* Untypeds a budget is split into at most (one per set bit of two 32-bit page counts). */
#define VM_BUDGET_MAX	64

/* The app's untyped budget, 2 MiB-page untypeds first, and the free slots of its CNode. */
struct vm_budget {
	unsigned int count;
	kauri_cptr_t untyped[VM_BUDGET_MAX];
	unsigned int size_bits[VM_BUDGET_MAX];
	kauri_cptr_t next_slot;		/* slots from here on are free */
};

/*
 * Reads the budget. LAST_USED: the highest slot the VMM holds a capability in besides the
 * budget (its channels'), or 0; free slots start after both. 0, or -1 after printing why not.
 */
int vm_budget_read(struct vm_budget *b, kauri_cptr_t last_used);

/*
 * RAM_MB of guest RAM at GUEST_RAM_IPA, readable, writable and executable by the guest, and
 * mapped read-write here: *RAM describes it. Each 2 MiB page is made when first touched (by
 * the guest: a stage-2 fault the exit handler passes to guest_memory_ptr; by the VMM: its
 * pointers into RAM), from B, which must outlive the guest. 0, or -1 after printing why not
 * (a budget too small for all of RAM is refused here, not at the first touch past it).
 */
int guest_ram_make(struct vm_budget *b, uint32_t ram_mb, uint64_t ram_ipa, struct guest_memory *ram);

/* GICv2: the GICV frame's two pages at the guest's GICC. 0, or -1 after printing why not. */
int guest_ram_map_gicv(struct vm_budget *b, uint64_t gicc_ipa);

#endif
