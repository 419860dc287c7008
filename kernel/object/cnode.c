/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode invocations: copy, mint, move, mutate, delete, revoke, cancel badged sends. */
#include <stddef.h>
#include <uapi/kauri/invocation.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
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

static void invoke_cnode_revoke(struct invocation *inv, struct cte *slot)
{
	if (!cte_revoke(slot, true))
		inv->restart = true;
}

static void invoke_cnode_delete(struct invocation *inv, struct cte *slot)
{
	if (!cte_delete_preemptible(slot))
		inv->restart = true;
}

static void invoke_cnode_cancel_badged_sends(struct cap ep)
{
	endpoint_cancel_badged_sends(cap_object(ep), cap_badge(ep));
}

static void invoke_cnode_insert(struct cte *src, struct cte *dest, struct cap c)
{
	cte_insert(src, dest, c);
}

static void invoke_cnode_move(struct cte *src, struct cte *dest, struct cap c)
{
	cdt_move(src, dest, c);
}

/* The source slot of Copy, Mint, Move and Mutate: MR2 index, MR3 depth in cap0; full, and DEST empty. */
static enum kauri_error decode_source(struct invocation *inv, struct cte *dest, unsigned int needed,
				      struct cte **src)
{
	enum kauri_error err;

	if (inv->length < needed || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	err = lookup_target(inv->extra_slots[0]->cap, get_mr(inv->thread, 2), get_mr(inv->thread, 3), src, 1);
	if (err)
		return err;
	if (!cap_is_null(dest->cap))
		return fail(KAURI_DELETE_FIRST, 0, 0);
	if (cap_is_null((*src)->cap))
		return fail(KAURI_FAILED_LOOKUP, 1, LOOKUP_MISSING_CAPABILITY);
	return KAURI_OK;
}

/* Copy (MR4 rights) and Mint (MR4 rights, MR5 badge or guard): a derived capability in DEST. */
static enum kauri_error decode_cnode_copy(struct invocation *inv, struct cte *dest)
{
	bool mint = inv->label == KAURI_CNODE_MINT;
	struct cte *src;
	struct cap c;
	enum kauri_error err = decode_source(inv, dest, mint ? 6 : 5, &src);

	if (err)
		return err;
	c = cap_derive(src, &err);
	if (err)
		return fail(err, 0, 0);
	c = mask_rights(c, get_mr(inv->thread, 4));
	if (mint) {
		c = update_cap_data(c, get_mr(inv->thread, 5));
		if (cap_is_null(c))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
	invoke_cnode_insert(src, dest, c);
	return KAURI_OK;
}

/* Move, and Mutate (MR4 badge or guard): the capability itself goes to DEST. */
static enum kauri_error decode_cnode_move(struct invocation *inv, struct cte *dest)
{
	bool mutate = inv->label == KAURI_CNODE_MUTATE;
	struct cte *src;
	struct cap c;
	enum kauri_error err = decode_source(inv, dest, mutate ? 5 : 4, &src);

	if (err)
		return err;
	c = src->cap;
	if (mutate) {
		c = update_cap_data(c, get_mr(inv->thread, 4));
		if (cap_is_null(c))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
	if (cap_type(c) == CAP_ZOMBIE)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	invoke_cnode_move(src, dest, c);
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
		invoke_cnode_revoke(inv, dest);
		return KAURI_OK;
	case KAURI_CNODE_DELETE:
		invoke_cnode_delete(inv, dest);
		return KAURI_OK;
	case KAURI_CNODE_CANCEL_BADGED_SENDS:
		if (cap_type(dest->cap) != CAP_ENDPOINT)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		invoke_cnode_cancel_badged_sends(dest->cap);
		return KAURI_OK;
	case KAURI_CNODE_COPY:
	case KAURI_CNODE_MINT:
		return decode_cnode_copy(inv, dest);
	case KAURI_CNODE_MOVE:
	case KAURI_CNODE_MUTATE:
		return decode_cnode_move(inv, dest);
	default:
		/* Rotate is not provided: Move twice does the same. */
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
