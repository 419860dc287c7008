/* SPDX-License-Identifier: BSD-2-Clause */
/* Mapping a frame, making the page tables that are missing on the way (kauri/map.h). */
#include <kauri/invoke.h>
#include <kauri/map.h>

int kauri_frame_map_making_tables(kauri_cptr_t frame, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights,
				  const struct kauri_page_table_maker *maker)
{
	enum kauri_error err = kauri_frame_map(frame, vspace, vaddr, rights);

	/* Each new table goes in at the first missing level: at most one per level. */
	for (int i = 0; i < KAURI_MAP_MAX_MISSING_TABLES && err == KAURI_FAILED_LOOKUP; i++) {
		kauri_cptr_t table = maker->make(maker->context);

		if (!table)
			return KAURI_MAP_NO_PAGE_TABLE;
		err = kauri_page_table_map(table, vspace, vaddr);
		if (err != KAURI_OK)
			return err;
		if (maker->mapped && maker->mapped(maker->context, table))
			return KAURI_MAP_NO_PAGE_TABLE;
		err = kauri_frame_map(frame, vspace, vaddr, rights);
	}
	return err;
}
