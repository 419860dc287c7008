/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri: mapping a frame where page tables may be missing. Frame.Map answers
 * KAURI_FAILED_LOOKUP while a table on the way is missing; Page Table.Map puts a
 * new one in as the first missing table for the address, and the map is tried
 * again. Where the tables come from is the caller's (a pool, an untyped budget).
 */
#ifndef KAURI_MAP_H
#define KAURI_MAP_H

#include <uapi/kauri/errors.h>
#include <uapi/kauri/types.h>

/* A map needs at most one new table per level below the root (3 levels at EL2, 4 at EL1). */
#define KAURI_MAP_MAX_MISSING_TABLES	3

/* kauri_frame_map_making_tables()'s answer when no page table could be made (never a kernel error). */
#define KAURI_MAP_NO_PAGE_TABLE		(-1)

struct kauri_page_table_maker {
	/* A new, unmapped page table's capability, or 0 when none can be made. */
	kauri_cptr_t (*make)(void *context);
	/*
	 * Optional: told of each table once it is mapped (to keep it elsewhere, say);
	 * nonzero stops the map as if no table could be made.
	 */
	int (*mapped)(void *context, kauri_cptr_t table);
	void *context;
};

/*
 * Frame.Map of FRAME at VADDR in VSPACE with RIGHTS (KAURI_VM_*), making the page
 * tables that are missing through MAKER. KAURI_OK, the kernel's error from Frame.Map
 * or Page Table.Map, or KAURI_MAP_NO_PAGE_TABLE.
 */
int kauri_frame_map_making_tables(kauri_cptr_t frame, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights,
				  const struct kauri_page_table_maker *maker);

#endif
