/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User address spaces, 4 KiB pages. With the kernel at EL1 a VSpace is the
 * stage-1 table in TTBR0_EL1 tagged with an ASID: 48-bit addresses, 4 levels
 * (root at level 0). At EL2 (CONFIG_HYP) it is a stage-2 table in VTTBR_EL2
 * tagged with a VMID, stage 1 off (HCR_EL2.DC), as seL4 does: 39-bit
 * addresses, 3 levels (root at level 1), because a Cortex-A53's 40-bit
 * physical address size bounds the stage-2 input size.
 */
#ifndef ARCH_VSPACE_H
#define ARCH_VSPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/invocation.h>
#include <arch/memory.h>

#ifdef CONFIG_HYP
#define USER_VA_BITS	39
#define USER_ROOT_LEVEL	1
#else
#define USER_VA_BITS	48
#define USER_ROOT_LEVEL	0
#endif
#define USER_VA_TOP	(1UL << USER_VA_BITS)

/* Access rights of a mapping, Frame.Map's. Write never comes with execute. */
#define VM_READ		KAURI_VM_READ
#define VM_WRITE	KAURI_VM_WRITE
#define VM_EXEC		KAURI_VM_EXEC

struct vspace {
	uint64_t root;		/* physical address of the root table (level USER_ROOT_LEVEL) */
	uint16_t asid;		/* ASID (EL1) or VMID (EL2) */
};

/* Translation settings for user address spaces and, at EL2, native threads. */
void arch_mmu_init(void);

/*
 * Maps RAM into the kernel window in 1 GiB blocks that lie wholly inside a
 * memory region, then clips the *COUNT REGIONS in place to what the window
 * maps, drops those it does not map at all and updates *COUNT.
 */
void arch_map_ram(struct mem_region *regions, unsigned int *count);

/* Table memory for a VSpace: a zeroed page, or 0 when there is none. */
typedef uint64_t (*table_allocator_fn)(void);

int vspace_map_page(struct vspace *vspace, uint64_t va, uint64_t pa, unsigned int rights,
		    table_allocator_fn allocate_table);
/* Makes VSPACE the user address space (NULL or root 0: none, every access faults). */
void vspace_activate(const struct vspace *vspace);
/* The translation table base register's value for VSPACE, and the one in use now. */
uint64_t vspace_value(const struct vspace *vspace);
uint64_t vspace_active_value(void);

/* Makes VALUE (from vspace_value) the user address space: the context switch's quick form. */
static inline void vspace_load(uint64_t value)
{
#ifdef CONFIG_HYP
	__asm__ volatile("msr vttbr_el2, %0; isb" : : "r"(value) : "memory");
#else
	__asm__ volatile("msr ttbr0_el1, %0; isb" : : "r"(value) : "memory");
#endif
}

/* Results of the mapping operations on VSpace objects. */
#define MAP_OK			0
#define MAP_MISSING_TABLE	(-1)	/* map a page table there first */
#define MAP_OCCUPIED		(-2)	/* something is mapped there already */

/*
 * Mapping in two halves, so that a decoder can check and an invocation cannot
 * fail: the entry a 4 KiB (LARGE: 2 MiB) frame at VA would take (MAP_OK with
 * *ENTRY, or why not), then filling it.
 */
int arch_find_leaf(const struct vspace *vspace, uint64_t va, bool large, uint64_t **entry);
void arch_set_leaf(uint64_t *entry, uint64_t pa, bool large, unsigned int rights, bool device);
/* Removes the mapping at VA if it still maps PA; flushes the TLB. */
void arch_unmap_frame(const struct vspace *vspace, uint64_t va, uint64_t pa, bool large);
/* The entry where the first missing table (level 1, 2 or 3, in *LEVEL) for VA goes; then filling it. */
int arch_find_table_slot(const struct vspace *vspace, uint64_t va, uint64_t **entry, unsigned int *level);
void arch_set_table(uint64_t *entry, uint64_t table_pa);
/* Removes TABLE_PA from where it was mapped (at LEVEL for VA), if it is still there. */
void arch_unmap_table(const struct vspace *vspace, uint64_t va, uint64_t table_pa, unsigned int level);
/* One valid entry of a user translation table, as the invariant checker sees it. */
struct arch_pte_view {
	uint64_t va;		/* the first address it translates */
	unsigned int level;	/* USER_ROOT_LEVEL..3 */
	uint64_t pa;		/* the next table's, or the frame's */
	bool table;		/* points to a next-level table; otherwise a page or block */
	unsigned int rights;	/* leaves: VM_READ/WRITE/EXEC */
	bool device;		/* leaves: device memory */
};

/* Calls VISIT for every valid entry of the tables under ROOT, each table before what it holds. */
void arch_vspace_walk(uint64_t root, void (*visit)(void *ctx, const struct arch_pte_view *entry), void *ctx);
/* Forgets every translation of ASID (its VSpace is going away or changed). */
void arch_flush_asid(uint16_t asid);

#endif
