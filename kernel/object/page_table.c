/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Page tables: the intermediate translation tables of a VSpace. One is mapped
 * as the first missing table for an address; only its last capability may
 * unmap it, and it comes back empty.
 */
#include <stddef.h>
#include <string.h>
#include <arch/vspace.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/vspace_object.h>

/* Takes the table out of the VSpace C records, if it is still there. */
static void unmap_table(struct cap c)
{
	struct vspace vs;

	if (cap_is_mapped(c) && vspace_of_asid(cap_mapped_asid(c), &vs))
		arch_unmap_table(&vs, cap_mapped_vaddr(c), cap_object_pa(c), cap_pt_level(c));
}

void finalise_page_table(struct cap c)
{
	unmap_table(c);
}

static void invoke_page_table_map(struct cte *slot, struct vspace *vs, uint64_t *entry, uint64_t va,
				  unsigned int level)
{
	arch_set_table(entry, cap_object_pa(slot->cap));
	slot->cap = cap_set_mapping(slot->cap, true, va, vs->asid, level);
}

/* MR0 address; cap0 the VSpace. */
static enum kauri_error decode_page_table_map(struct invocation *inv)
{
	struct vspace vs;
	unsigned int level;
	uint64_t va, *entry;
	enum kauri_error err;

	if (inv->length < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	err = vspace_of_map_target(inv, &vs);
	if (err)
		return err;
	va = get_mr(inv->thread, 0);
	if (cap_is_mapped(inv->cap))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (va >= USER_VA_TOP)
		return fail(KAURI_RANGE_ERROR, 0, USER_VA_TOP - 1);
	if (arch_find_table_slot(&vs, va, &entry, &level) != MAP_OK)
		return fail(KAURI_DELETE_FIRST, 0, 0);
	invoke_page_table_map(inv->slot, &vs, entry, va, level);
	return KAURI_OK;
}

/*
 * The table comes back empty, as seL4's does: mapped anew somewhere else, its
 * old entries would map frames whose capabilities record another place (and
 * may be long deleted).
 */
static void invoke_page_table_unmap(struct cte *slot)
{
	struct cap c = slot->cap;

	unmap_table(c);
	memset(cap_object(c), 0, cap_object_size(c));
	slot->cap = cap_set_mapping(c, false, 0, 0, 0);
}

/* Only the last capability may unmap it, or a copy would go on saying it is mapped. */
static enum kauri_error decode_page_table_unmap(struct invocation *inv)
{
	if (!cdt_is_final(inv->slot))
		return fail(KAURI_REVOKE_FIRST, 0, 0);
	invoke_page_table_unmap(inv->slot);
	return KAURI_OK;
}

enum kauri_error decode_page_table_invocation(struct invocation *inv)
{
	switch (inv->label) {
	case KAURI_PAGE_TABLE_MAP:
		return decode_page_table_map(inv);
	case KAURI_PAGE_TABLE_UNMAP:
		return decode_page_table_unmap(inv);
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
