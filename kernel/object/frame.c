/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Frames of 4 KiB and 2 MiB. Each frame capability maps once: the capability
 * records where (address and ASID), so unmapping finds the entry again, and
 * deleting any mapped frame capability, the last or not, takes its mapping away.
 */
#include <stddef.h>
#include <arch/vspace.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/vspace_object.h>

/* Takes away the mapping C records, if it is still there. */
static void unmap_frame(struct cap c)
{
	struct vspace vs;

	if (cap_is_mapped(c) && vspace_of_asid(cap_mapped_asid(c), &vs))
		arch_unmap_frame(&vs, cap_mapped_vaddr(c), cap_object_pa(c), cap_frame_large(c));
}

void removed_frame(struct cte *slot, struct cap c)
{
	(void)slot;
	unmap_frame(c);
}

static void invoke_frame_map(struct cte *slot, struct vspace *vs, uint64_t *entry, uint64_t va, unsigned int rights)
{
	struct cap c = slot->cap;

	arch_set_leaf(entry, cap_object_pa(c), cap_frame_large(c), rights, cap_frame_device(c));
	slot->cap = cap_set_mapping(c, true, va, vs->asid, 0);
}

/* MR0 address, MR1 rights (intersected with the capability's); cap0 the VSpace. */
static enum kauri_error decode_frame_map(struct invocation *inv)
{
	struct cap c = inv->cap;
	uint64_t size = cap_object_size(c), va, *entry;
	unsigned int rights;
	struct vspace vs;
	enum kauri_error err;
	int r;

	if (inv->length < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	err = vspace_of_map_target(inv, &vs);
	if (err)
		return err;
	va = get_mr(inv->thread, 0);
	rights = (unsigned int)get_mr(inv->thread, 1) & cap_frame_rights(c);
	if (cap_is_mapped(c))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (va & (size - 1))
		return fail(KAURI_ALIGNMENT_ERROR, 0, 0);
	if (va >= USER_VA_TOP || size > USER_VA_TOP - va)
		return fail(KAURI_RANGE_ERROR, 0, USER_VA_TOP - 1);
	if (!(rights & VM_READ))
		return fail(KAURI_INVALID_ARGUMENT, 1, 0);
	/* Never writable and executable, but in a guest's VSpace (its own stage 1 decides). */
	if ((rights & VM_WRITE) && (rights & VM_EXEC) && !asid_is_guest(vs.asid))
		return fail(KAURI_INVALID_ARGUMENT, 1, 0);
	r = arch_find_leaf(&vs, va, cap_frame_large(c), &entry);
	if (r == MAP_MISSING_TABLE)
		return fail(KAURI_FAILED_LOOKUP, 0, 0);
	if (r == MAP_OCCUPIED)
		return fail(KAURI_DELETE_FIRST, 0, 0);
	invoke_frame_map(inv->slot, &vs, entry, va, rights);
	return KAURI_OK;
}

static void invoke_frame_unmap(struct cte *slot)
{
	unmap_frame(slot->cap);
	slot->cap = cap_set_mapping(slot->cap, false, 0, 0, 0);
}

static void invoke_frame_get_address(struct invocation *inv)
{
	set_mr(inv->thread, 0, cap_object_pa(inv->cap));
	inv->reply_length = 1;
}

enum kauri_error decode_frame_invocation(struct invocation *inv)
{
	switch (inv->label) {
	case KAURI_FRAME_GET_ADDRESS:
		invoke_frame_get_address(inv);
		return KAURI_OK;
	case KAURI_FRAME_UNMAP:
		invoke_frame_unmap(inv->slot);
		return KAURI_OK;
	case KAURI_FRAME_MAP:
		return decode_frame_map(inv);
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
