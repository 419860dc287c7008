/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode invocations: copy, mint, move, mutate, delete, revoke, cancel badged sends. */
#include <stddef.h>
#include <kauri/invocation.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/objects.h>

/* Applies a Copy/Mint rights mask to a capability. */
static struct cap mask_rights(struct cap c, uint64_t mask)
{
	switch (cap_type(c)) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		return cap_ipc_object(cap_type(c), cap_object_pa(c), cap_rights(c) & (unsigned int)mask, cap_badge(c));
	case CAP_FRAME: {
		unsigned int rights = cap_frame_rights(c);

		if (!(mask & KAURI_RIGHT_WRITE))
			rights &= ~VM_WRITE;
		if (!(mask & KAURI_RIGHT_READ))
			rights = 0;
		return cap_frame(cap_object_pa(c), cap_frame_large(c), rights, cap_frame_device(c));
	}
	default:
		return c;
	}
}

/*
 * Mint/Mutate data: a badge for endpoints and notifications (only onto an
 * unbadged capability), guard_size[63:58] and guard for CNodes. A null
 * capability back means the data does not apply.
 */
static struct cap update_cap_data(struct cap c, uint64_t data)
{
	switch (cap_type(c)) {
	case CAP_ENDPOINT:
	case CAP_NOTIFICATION:
		if (cap_badge(c) != 0)
			return cap_null();
		return cap_ipc_object(cap_type(c), cap_object_pa(c), cap_rights(c), data);
	case CAP_CNODE: {
		unsigned int guard_size = (unsigned int)(data >> CNODE_GUARD_SIZE_SHIFT);
		uint64_t guard = data & CNODE_GUARD_MASK;

		if (guard_size + cap_cnode_radix(c) > CPTR_BITS || (guard_size < 58 && guard >> guard_size))
			return cap_null();
		return cap_cnode(cap_object_pa(c), cap_cnode_radix(c), guard, guard_size);
	}
	default:
		return c;
	}
}

static enum kauri_error lookup_target(struct cap root, uint64_t index, uint64_t depth, struct cte **slot,
				      unsigned int which)
{
	struct lookup l;

	if (depth < 1 || depth > CPTR_BITS)
		return fail(KAURI_RANGE_ERROR, 1, CPTR_BITS);
	l = resolve_cptr(root, index, (unsigned int)depth, true);
	if (l.failure != LOOKUP_OK)
		return fail(KAURI_FAILED_LOOKUP, which, l.failure);
	*slot = l.slot;
	return KAURI_OK;
}

static enum kauri_error decode_copy_like(struct invocation *inv, struct cte *dest)
{
	struct tcb *t = inv->thread;
	uint64_t label = inv->label;
	bool is_move = label == KAURI_CNODE_MOVE || label == KAURI_CNODE_MUTATE;
	unsigned int needed = label == KAURI_CNODE_MOVE ? 4 : label == KAURI_CNODE_MINT ? 6 : 5;
	struct cte *src;
	struct cap new_cap;
	enum kauri_error err;

	if (inv->length < needed || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	err = lookup_target(inv->extra_slots[0]->cap, get_mr(t, 2), get_mr(t, 3), &src, 1);
	if (err)
		return err;
	if (!cap_is_null(dest->cap))
		return fail(KAURI_DELETE_FIRST, 0, 0);
	if (cap_is_null(src->cap))
		return fail(KAURI_FAILED_LOOKUP, 1, LOOKUP_MISSING_CAPABILITY);

	if (is_move) {
		new_cap = src->cap;
		if (label == KAURI_CNODE_MUTATE) {
			new_cap = update_cap_data(new_cap, get_mr(t, 4));
			if (cap_is_null(new_cap))
				return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		}
		if (cap_type(new_cap) == CAP_ZOMBIE)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		cdt_move(src, dest, new_cap);
		return KAURI_OK;
	}

	new_cap = cap_derive(src, &err);
	if (err)
		return fail(err, 0, 0);
	new_cap = mask_rights(new_cap, get_mr(t, 4));
	if (label == KAURI_CNODE_MINT) {
		new_cap = update_cap_data(new_cap, get_mr(t, 5));
		if (cap_is_null(new_cap))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
	cte_insert(src, dest, new_cap);
	return KAURI_OK;
}

enum kauri_error decode_cnode_invocation(struct invocation *inv)
{
	struct cte *dest;
	enum kauri_error err;

	if (inv->label < KAURI_CNODE_REVOKE || inv->label > KAURI_CNODE_ROTATE)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (inv->length < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	err = lookup_target(inv->cap, get_mr(inv->thread, 0), get_mr(inv->thread, 1), &dest, 0);
	if (err)
		return err;

	switch (inv->label) {
	case KAURI_CNODE_REVOKE:
		cte_revoke(dest);
		return KAURI_OK;
	case KAURI_CNODE_DELETE:
		cte_delete(dest);
		return KAURI_OK;
	case KAURI_CNODE_CANCEL_BADGED_SENDS:
		if (cap_type(dest->cap) != CAP_ENDPOINT)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		endpoint_cancel_badged_sends(cap_object(dest->cap), cap_badge(dest->cap));
		return KAURI_OK;
	case KAURI_CNODE_COPY:
	case KAURI_CNODE_MINT:
	case KAURI_CNODE_MOVE:
	case KAURI_CNODE_MUTATE:
		return decode_copy_like(inv, dest);
	default:
		/* Rotate is not provided: Move twice does the same. */
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
