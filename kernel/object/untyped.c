/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Untyped memory: Retype carves objects from the free index upward (the
 * watermark); revoking every child resets it, so the memory can be reused.
 * A copy of an untyped hands its memory out instead of the original.
 */
#include <string.h>
#include <arch/memory.h>
#include <uapi/kauri/invocation.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/untyped.h>

#define MAX_RETYPE_COUNT	256

/* A checked Retype: where the objects go and what they are. */
struct retype_args {
	enum kauri_object_type type;
	unsigned int user_size;
	unsigned int object_bits;
	uint64_t start;			/* offset in the untyped of the first object */
	struct cte *dest_cnode;		/* slot of the destination CNode's capability */
	uint64_t offset;
	uint64_t count;
};

/* Counts the Retypes that made objects: memory above a free index is dirty only through one. */
static uint64_t retype_epoch = 1;

#define ZERO_CHUNK	4096UL

/*
 * Zeroes [FROM, TO) of free memory in chunks, between which it stops for an interrupt (false):
 * INVOKER's TCB then keeps how far it got, for its svc's next run, which goes on from there
 * unless a Retype made objects meanwhile (they could have been put in that memory, used and
 * deleted again). 256 frames of 2 MiB would otherwise be 512 MiB zeroed in one system call.
 */
static bool zero_free_memory(struct tcb *invoker, uint64_t from, uint64_t to)
{
	uint64_t at = from;
	unsigned int chunks = 0;

	if (invoker->retype_epoch == retype_epoch && invoker->retype_zeroed_from == from &&
	    invoker->retype_zeroed_to > from && invoker->retype_zeroed_to <= to)
		at = invoker->retype_zeroed_to;
	for (; at < to; at += ZERO_CHUNK, chunks++) {
		if (long_operation_should_stop(chunks)) {
			invoker->retype_zeroed_from = from;
			invoker->retype_zeroed_to = at;
			invoker->retype_epoch = retype_epoch;
			return false;
		}
		zero_memory(phys_to_virt(at), to - at < ZERO_CHUNK ? to - at : ZERO_CHUNK);
	}
	invoker->retype_zeroed_to = 0;
	return true;
}

/*
 * The objects' memory zeroed first (an untyped's memory is zeroed when objects are made from
 * it, not twice; a child untyped's when objects are made from that), which may stop for an
 * interrupt and restart the svc; then the objects made, at most 256, and the watermark moved.
 */
static void invoke_untyped_retype(struct invocation *inv, struct cte *untyped, const struct retype_args *a)
{
	struct cap ut = untyped->cap;
	bool device = cap_untyped_device(ut);
	uint64_t base = cap_object_pa(ut), first = base + a->start;

	if (!device && a->type != KAURI_UNTYPED &&
	    !zero_free_memory(inv->thread, first, first + (a->count << a->object_bits))) {
		inv->restart = true;
		return;
	}
	for (uint64_t i = 0; i < a->count; i++)
		cdt_insert_child(untyped, cnode_slot(a->dest_cnode->cap, a->offset + i),
				 retype_types[a->type].make(first + (i << a->object_bits), a->user_size, device), true,
				 true);
	untyped->cap = cap_untyped(base, cap_untyped_size_bits(ut), device, a->start + (a->count << a->object_bits));
	retype_epoch++;
}

/* The destination: a CNode found through extra cap 0 (itself at depth 0), slots offset..offset+count-1. */
static enum kauri_error decode_retype_destination(struct invocation *inv, uint64_t node_index, uint64_t node_depth,
						  struct retype_args *a)
{
	struct cap root = inv->extra_slots[0]->cap;
	struct lookup dest;
	uint64_t slots;

	if (node_depth == 0) {
		if (cap_type(root) != CAP_CNODE)
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
		dest.slot = inv->extra_slots[0];
	} else {
		dest = resolve_cptr(root, node_index, (unsigned int)(node_depth > 64 ? 0 : node_depth), true);
		if (dest.failure != LOOKUP_OK)
			return fail(KAURI_FAILED_LOOKUP, dest.failure, dest.bits_left);
		if (cap_type(dest.slot->cap) != CAP_CNODE)
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	}
	slots = 1UL << cap_cnode_radix(dest.slot->cap);
	if (a->offset >= slots || a->count > slots - a->offset)
		return fail(KAURI_RANGE_ERROR, 0, slots - 1);
	for (uint64_t i = 0; i < a->count; i++)
		if (!cap_is_null(cnode_slot(dest.slot->cap, a->offset + i)->cap))
			return fail(KAURI_DELETE_FIRST, a->offset + i, 0);
	a->dest_cnode = dest.slot;
	return KAURI_OK;
}

static enum kauri_error decode_untyped_retype(struct invocation *inv)
{
	struct cap ut = inv->cap;
	struct retype_args a = { .dest_cnode = NULL };
	uint64_t type, user_size, free_index, size = cap_object_size(ut);
	int bits;
	enum kauri_error err;

	if (inv->length < 6 || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	type = get_mr(inv->thread, 0);
	user_size = get_mr(inv->thread, 1);
	a.offset = get_mr(inv->thread, 4);
	a.count = get_mr(inv->thread, 5);
	/* A type this build does not make (VCPU without CONFIG_HYP) has no row. */
	if (type >= KAURI_NUM_OBJECT_TYPES || !retype_types[type].make)
		return fail(KAURI_INVALID_ARGUMENT, 0, 0);
	a.type = (enum kauri_object_type)type;
	a.user_size = (unsigned int)(user_size > 64 ? 64 : user_size);
	bits = retype_types[a.type].size_bits(a.user_size);
	if (bits < 0)
		return fail(KAURI_RANGE_ERROR, type == KAURI_CNODE ? 1 : KAURI_MIN_UNTYPED_BITS,
			    type == KAURI_CNODE ? KAURI_MAX_CNODE_RADIX : KAURI_MAX_UNTYPED_BITS);
	a.object_bits = (unsigned int)bits;
	if (cap_untyped_device(ut) && !retype_types[a.type].from_device_memory)
		return fail(KAURI_INVALID_ARGUMENT, 0, 0);	/* device memory holds only frames */
	if (a.count < 1 || a.count > MAX_RETYPE_COUNT)
		return fail(KAURI_RANGE_ERROR, 1, MAX_RETYPE_COUNT);
	err = decode_retype_destination(inv, get_mr(inv->thread, 2), get_mr(inv->thread, 3), &a);
	if (err)
		return err;

	/* With no children left, the whole untyped is free again. */
	free_index = cdt_has_children(inv->slot) ? cap_untyped_free_index(ut) : 0;
	if (a.object_bits > cap_untyped_size_bits(ut))
		return fail(KAURI_NOT_ENOUGH_MEMORY, size - free_index, 0);
	a.start = untyped_retype_start(free_index, a.object_bits);
	if (a.start > size || a.count > (size - a.start) >> a.object_bits)
		return fail(KAURI_NOT_ENOUGH_MEMORY, size - (free_index < a.start ? a.start : free_index), 0);

	invoke_untyped_retype(inv, inv->slot, &a);
	return KAURI_OK;
}

enum kauri_error decode_untyped_invocation(struct invocation *inv)
{
	if (inv->label != KAURI_UNTYPED_RETYPE)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	return decode_untyped_retype(inv);
}
