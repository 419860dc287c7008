/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped memory: Retype carves objects from the free index upward (the
 * watermark); revoking every child resets it, so the memory can be reused.
 */
#include <string.h>
#include <arch/memory.h>
#include <kauri/invocation.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/objects.h>
#include <kernel/untyped.h>

#define MAX_RETYPE_COUNT	256

/* A new object's capability; the memory at PA is already zeroed (unless device). */
static struct cap new_object_cap(enum kauri_object_type type, uint64_t pa, unsigned int user_size, bool device)
{
	switch (type) {
	case KAURI_UNTYPED:
		return cap_untyped(pa, user_size, device, 0);
	case KAURI_TCB: {
		struct tcb *t = phys_to_virt(pa);

		t->context.spsr = SPSR_EL0T;
		return cap_tcb(pa);
	}
	case KAURI_ENDPOINT:
		return cap_ipc_object(CAP_ENDPOINT, pa, KAURI_ALL_RIGHTS, 0);
	case KAURI_NOTIFICATION:
		return cap_ipc_object(CAP_NOTIFICATION, pa, KAURI_ALL_RIGHTS, 0);
	case KAURI_CNODE:
		return cap_cnode(pa, user_size, 0, 0);
	case KAURI_FRAME_4K:
		return cap_frame(pa, false, VM_READ | VM_WRITE | VM_EXEC, device);
	case KAURI_FRAME_2M:
		return cap_frame(pa, true, VM_READ | VM_WRITE | VM_EXEC, device);
	case KAURI_PAGE_TABLE:
		return cap_page_table(pa);
	default:
		return cap_vspace(pa, false, 0);	/* ASIDPool.Assign gives it an ASID */
	}
}

static void invoke_untyped_retype(struct cte *untyped, enum kauri_object_type type, unsigned int user_size,
				  unsigned int object_bits, uint64_t start, struct cte *dest_cnode_slot,
				  uint64_t offset, uint64_t count)
{
	struct cap ut = untyped->cap;
	bool device = cap_untyped_device(ut);
	uint64_t base = cap_object_pa(ut);

	for (uint64_t i = 0; i < count; i++) {
		uint64_t pa = base + start + (i << object_bits);
		struct cap c;

		/* An untyped's memory is zeroed when objects are made from it, not twice. */
		if (!device && type != KAURI_UNTYPED)
			memset(phys_to_virt(pa), 0, 1UL << object_bits);
		c = new_object_cap(type, pa, user_size, device);
		cdt_insert_child(untyped, cnode_slot(dest_cnode_slot->cap, offset + i), c, true, true);
	}
	untyped->cap = cap_untyped(base, cap_untyped_size_bits(ut), device, start + (count << object_bits));
}

enum kauri_error decode_untyped_invocation(struct invocation *inv)
{
	struct cap ut = inv->cap;
	struct cap dest_root;
	struct lookup dest;
	uint64_t type, user_size, node_index, node_depth, offset, count, free_index, start, slots;
	int object_bits;

	if (inv->label != KAURI_UNTYPED_RETYPE)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (inv->length < 6 || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	type = get_mr(inv->thread, 0);
	user_size = get_mr(inv->thread, 1);
	node_index = get_mr(inv->thread, 2);
	node_depth = get_mr(inv->thread, 3);
	offset = get_mr(inv->thread, 4);
	count = get_mr(inv->thread, 5);

	if (type >= KAURI_NUM_OBJECT_TYPES)
		return fail(KAURI_INVALID_ARGUMENT, 0, 0);
	object_bits = object_size_bits((enum kauri_object_type)type, (unsigned int)(user_size > 64 ? 64 : user_size));
	if (object_bits < 0)
		return fail(KAURI_RANGE_ERROR, type == KAURI_CNODE ? 1 : KAURI_MIN_UNTYPED_BITS,
			    type == KAURI_CNODE ? KAURI_MAX_CNODE_RADIX : KAURI_MAX_UNTYPED_BITS);
	if (cap_untyped_device(ut) && type != KAURI_UNTYPED && type != KAURI_FRAME_4K && type != KAURI_FRAME_2M)
		return fail(KAURI_INVALID_ARGUMENT, 0, 0);	/* device memory holds only frames */
	if (count < 1 || count > MAX_RETYPE_COUNT)
		return fail(KAURI_RANGE_ERROR, 1, MAX_RETYPE_COUNT);

	/* The destination: a CNode found through extra cap 0, slots offset..offset+count-1. */
	dest_root = inv->extra_slots[0]->cap;
	if (node_depth == 0) {
		if (cap_type(dest_root) != CAP_CNODE)
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
		dest.slot = inv->extra_slots[0];
	} else {
		dest = resolve_cptr(dest_root, node_index, (unsigned int)(node_depth > 64 ? 0 : node_depth), true);
		if (dest.failure != LOOKUP_OK)
			return fail(KAURI_FAILED_LOOKUP, dest.failure, dest.bits_left);
		if (cap_type(dest.slot->cap) != CAP_CNODE)
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	}
	slots = 1UL << cap_cnode_radix(dest.slot->cap);
	if (offset >= slots || count > slots - offset)
		return fail(KAURI_RANGE_ERROR, 0, slots - 1);
	for (uint64_t i = 0; i < count; i++)
		if (!cap_is_null(cnode_slot(dest.slot->cap, offset + i)->cap))
			return fail(KAURI_DELETE_FIRST, offset + i, 0);

	/* With no children left, the whole untyped is free again. */
	free_index = cdt_has_children(inv->slot) ? cap_untyped_free_index(ut) : 0;
	if ((unsigned int)object_bits > cap_untyped_size_bits(ut))
		return fail(KAURI_NOT_ENOUGH_MEMORY, (1UL << cap_untyped_size_bits(ut)) - free_index, 0);
	start = untyped_retype_start(free_index, (unsigned int)object_bits);
	if (start > (1UL << cap_untyped_size_bits(ut)) ||
	    count > ((1UL << cap_untyped_size_bits(ut)) - start) >> object_bits)
		return fail(KAURI_NOT_ENOUGH_MEMORY,
			    (1UL << cap_untyped_size_bits(ut)) - (free_index < start ? start : free_index), 0);

	invoke_untyped_retype(inv->slot, (enum kauri_object_type)type, (unsigned int)user_size,
			      (unsigned int)object_bits, start, dest.slot, offset, count);
	return KAURI_OK;
}
