/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CSpace addressing, and copying, deleting and revoking capabilities.
 *
 * Deleting the last capability to a CNode or TCB must empty the object's own
 * slots first, which may hold the last capabilities to further CNodes. That
 * is done without recursion: the dying object's capability becomes a zombie
 * that counts the slots still to empty and links back to the zombie of the
 * object it sits in, so the kernel walks down and back up the chain with
 * constant stack.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/objects.h>
#include <kernel/vspace_object.h>

void *cap_object(struct cap c)
{
	return phys_to_virt(cap_object_pa(c));
}

struct cte *cnode_slot(struct cap cnode, uint64_t index)
{
	struct cte *slots = cap_object(cnode);

	return &slots[index];
}

static uint64_t low_bits(uint64_t value, unsigned int bits)
{
	return bits >= 64 ? value : value & ((1UL << bits) - 1);
}

struct lookup resolve_cptr(struct cap root, uint64_t cptr, unsigned int depth, bool exact)
{
	struct lookup result = { NULL, LOOKUP_OK, depth };
	struct cap node = root;
	unsigned int left = depth;

	if (cap_type(root) != CAP_CNODE) {
		result.failure = LOOKUP_INVALID_ROOT;
		return result;
	}
	if (depth < 1 || depth > CPTR_BITS) {
		result.failure = LOOKUP_DEPTH_MISMATCH;
		return result;
	}
	for (;;) {
		unsigned int radix = cap_cnode_radix(node);
		unsigned int guard_size = cap_cnode_guard_size(node);
		unsigned int level = radix + guard_size;
		uint64_t guard;
		struct cte *slot;

		if (level == 0 || level > left) {
			result.failure = LOOKUP_DEPTH_MISMATCH;
			result.bits_left = left;
			return result;
		}
		guard = low_bits(cptr >> (left - guard_size), guard_size);
		if (guard_size && guard != cap_cnode_guard(node)) {
			result.failure = LOOKUP_GUARD_MISMATCH;
			result.bits_left = left;
			return result;
		}
		slot = cnode_slot(node, low_bits(cptr >> (left - level), radix));
		left -= level;
		if (left == 0 || cap_type(slot->cap) != CAP_CNODE) {
			if (left && exact) {
				result.failure = LOOKUP_DEPTH_MISMATCH;
				result.bits_left = left;
				return result;
			}
			result.slot = slot;
			result.bits_left = left;
			return result;
		}
		node = slot->cap;
	}
}

enum kauri_error lookup_empty_slot(struct cap root, uint64_t index, uint64_t depth, struct cte **slot)
{
	struct lookup l;

	if (depth < 1 || depth > CPTR_BITS)
		return fail(KAURI_RANGE_ERROR, 1, CPTR_BITS);
	l = resolve_cptr(root, index, (unsigned int)depth, true);
	if (l.failure != LOOKUP_OK)
		return fail(KAURI_FAILED_LOOKUP, l.failure, l.bits_left);
	if (!cap_is_null(l.slot->cap))
		return fail(KAURI_DELETE_FIRST, 0, 0);
	*slot = l.slot;
	return KAURI_OK;
}

struct cte *lookup_cap_slot(struct tcb *thread, uint64_t cptr)
{
	struct lookup l = resolve_cptr(thread->slots[TCB_SLOT_CSPACE].cap, cptr, CPTR_BITS, false);

	if (l.failure != LOOKUP_OK) {
		fail(KAURI_FAILED_LOOKUP, l.failure, l.bits_left);
		return NULL;
	}
	return l.slot;
}

struct cap cap_derive(struct cte *src, enum kauri_error *error)
{
	struct cap c = src->cap;

	*error = KAURI_OK;
	switch (cap_type(c)) {
	case CAP_NULL:
	case CAP_ZOMBIE:
	case CAP_REPLY:
	case CAP_IRQ_CONTROL:
		*error = KAURI_ILLEGAL_OPERATION;
		return cap_null();
	case CAP_UNTYPED:
		/* A copy would not know about memory already retyped through the original. */
		if (cdt_has_children(src)) {
			*error = KAURI_REVOKE_FIRST;
			return cap_null();
		}
		return c;
	case CAP_FRAME:
		return cap_set_mapping(c, false, 0, 0, 0);
	case CAP_PAGE_TABLE:
		/* Copies of a table in use only; an unmapped table must not be mapped twice. */
		if (!cap_is_mapped(c)) {
			*error = KAURI_ILLEGAL_OPERATION;
			return cap_null();
		}
		return c;
	case CAP_VSPACE:
		if (!cap_vspace_assigned(c)) {
			*error = KAURI_ILLEGAL_OPERATION;
			return cap_null();
		}
		return c;
	default:
		return c;
	}
}

void cte_insert(struct cte *src, struct cte *dest, struct cap new_cap)
{
	enum cap_type type = cap_type(new_cap);
	bool badged = (type == CAP_ENDPOINT || type == CAP_NOTIFICATION) &&
		      cap_badge(new_cap) != cap_badge(src->cap);
	bool revocable = type == CAP_UNTYPED || badged ||
			 (type == CAP_IRQ_HANDLER && cap_type(src->cap) == CAP_IRQ_CONTROL);

	/*
	 * A copy of an untyped (it has no children: cap_derive) hands out its memory
	 * from now on; the original counts as full until the copy is gone, or both
	 * would retype the same memory (seL4 does the same).
	 */
	if (type == CAP_UNTYPED && cap_type(src->cap) == CAP_UNTYPED) {
		struct cap ut = src->cap;

		src->cap = cap_untyped(cap_object_pa(ut), cap_untyped_size_bits(ut), cap_untyped_device(ut),
				       cap_object_size(ut));
	}
	cdt_insert_after(src, dest, new_cap, revocable, badged);
}

void cte_empty(struct cte *slot)
{
	if (!cap_is_null(slot->cap))
		cdt_remove(slot);
}

/* Destroys an object whose capability holds no others (everything but CNode and TCB). */
static void destroy_simple_object(struct cap c)
{
	switch (cap_type(c)) {
	case CAP_ENDPOINT:
		endpoint_destroy(cap_object(c));
		break;
	case CAP_NOTIFICATION:
		notification_destroy(cap_object(c));
		break;
	case CAP_FRAME:
		frame_destroy(c);
		break;
	case CAP_PAGE_TABLE:
		page_table_destroy(c);
		break;
	case CAP_VSPACE:
		vspace_destroy(c);
		break;
	case CAP_IRQ_HANDLER:
		irq_handler_destroy(cap_irq_intid(c));
		break;
	case CAP_ASID_POOL:
		asid_pool_destroy(c);
		break;
	default:
		break;	/* untyped, reply, control capabilities: nothing to undo */
	}
}

/*
 * What goes with a capability as it leaves SLOT, once the slot is empty. A
 * reply capability lives only in its holder's caller slot; the caller it
 * names stops pointing at the holder, who may be going away. A VSpace or
 * ASID pool capability may have been what a thread runs in.
 */
static void cap_removed(struct cte *slot, struct cap c)
{
	switch (cap_type(c)) {
	case CAP_REPLY: {
		struct tcb *caller = cap_object(c);
		struct tcb *holder = (struct tcb *)((char *)slot - offsetof(struct tcb, slots[TCB_SLOT_CALLER]));

		if (caller->reply_to == holder)
			caller->reply_to = NULL;
		break;
	}
	case CAP_VSPACE:
	case CAP_ASID_POOL:
		sched_vspaces_changed();
		break;
	default:
		break;
	}
}

/*
 * Deletes a capability that holds no slots of its own, destroying its object
 * when FINAL. A mapping belongs to the frame capability that made it:
 * deleting any mapped frame capability, the last or not, takes it away.
 */
static void delete_leaf(struct cte *slot, bool final)
{
	struct cap c = slot->cap;

	if (final)
		destroy_simple_object(c);
	else if (cap_type(c) == CAP_FRAME && cap_is_mapped(c))
		frame_destroy(c);
	cdt_remove(slot);
	cap_removed(slot, c);
}

static bool holds_slots(enum cap_type type)
{
	return type == CAP_CNODE || type == CAP_TCB;
}

/* Starts destroying a CNode or TCB: its capability in SLOT becomes a zombie. */
static void make_zombie(struct cte *slot, struct cte *parent)
{
	struct cap c = slot->cap;
	bool is_tcb = cap_type(c) == CAP_TCB;
	uint64_t count = is_tcb ? TCB_NUM_SLOTS : 1UL << cap_cnode_radix(c);

	if (is_tcb)
		tcb_destroy(cap_object(c));
	slot->cap = cap_zombie(cap_object_pa(c), is_tcb, count, parent ? virt_to_phys(parent) : 0, parent != NULL);
}

static struct cte *zombie_slots(struct cap zombie)
{
	if (cap_zombie_is_tcb(zombie))
		return ((struct tcb *)cap_object(zombie))->slots;
	return cap_object(zombie);
}

static void zombie_set_remaining(struct cte *slot, uint64_t remaining)
{
	struct cap z = slot->cap;

	slot->cap = cap_zombie(cap_object_pa(z), cap_zombie_is_tcb(z), remaining, cap_zombie_parent_pa(z),
			       cap_zombie_has_parent(z));
}

/*
 * Deletion runs to the end without interruption, so every zombie is on the
 * chain being walked. A zombie met among the slots being emptied is an
 * object further up that chain whose capability sits inside the object now
 * dying (a TCB whose CSpace holds its own last capability): it is left for its
 * own turn, when the walk comes back up to it. Its slot's memory is not
 * reused before the deletion ends, so it is still there then.
 */
void cte_delete(struct cte *slot)
{
	struct cte *cur = slot;

	for (;;) {
		struct cap c = cur->cap;
		enum cap_type type = cap_type(c);

		if (type == CAP_NULL)
			return;
		if (type != CAP_ZOMBIE) {
			/* Only the starting slot can hold a live capability here. */
			bool final = cdt_is_final(cur);

			if (!final || !holds_slots(type)) {
				delete_leaf(cur, final);
				return;
			}
			make_zombie(cur, NULL);
			continue;
		}

		uint64_t remaining = cap_zombie_remaining(c);

		if (remaining == 0) {
			/* The object is empty and gone; carry on with the object it sat in. */
			bool has_parent = cap_zombie_has_parent(c);
			struct cte *parent = phys_to_virt(cap_zombie_parent_pa(c));

			if (cap_zombie_is_tcb(c))
				sched_forget(cap_object(c));
			cdt_remove(cur);
			if (!has_parent)
				return;
			cur = parent;
			continue;
		}

		struct cte *inner = &zombie_slots(c)[remaining - 1];
		struct cap ic = inner->cap;

		if (inner == cur || cap_is_null(ic) || cap_type(ic) == CAP_ZOMBIE) {
			zombie_set_remaining(cur, remaining - 1);
			continue;
		}
		if (cdt_is_final(inner) && holds_slots(cap_type(ic))) {
			make_zombie(inner, cur);
			cur = inner;
			continue;
		}
		delete_leaf(inner, cdt_is_final(inner));
		zombie_set_remaining(cur, remaining - 1);
	}
}

void cte_revoke(struct cte *slot)
{
	struct cte *next;

	while (!cap_is_null(slot->cap) && (next = cte_next(slot)) && cdt_is_parent_of(slot, next))
		cte_delete(next);
}
