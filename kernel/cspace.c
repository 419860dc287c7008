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
#include <arch/preempt.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>

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
	struct cte *slot = lookup_slot_fast(thread, cptr);
	struct lookup l;

	if (slot)
		return slot;	/* the common shape, found; a failure there is reported by the general walk */
	l = resolve_cptr(thread->slots[TCB_SLOT_CSPACE].cap, cptr, CPTR_BITS, false);

	if (l.failure != LOOKUP_OK) {
		fail(KAURI_FAILED_LOOKUP, l.failure, l.bits_left);
		return NULL;
	}
	return l.slot;
}

struct cap cap_derive(struct cte *src, enum kauri_error *error)
{
	const struct object_type *t = object_type_of(src->cap);

	*error = KAURI_OK;
	return t->derive ? t->derive(src, error) : src->cap;
}

void cte_insert(struct cte *src, struct cte *dest, struct cap new_cap)
{
	const struct object_type *t = object_type_of(new_cap);
	bool badged = t->badged && cap_badge(new_cap) != cap_badge(src->cap);
	bool revocable = t->copies_are_children || badged;

	if (t->copied && cap_type(src->cap) == cap_type(new_cap))
		t->copied(src);
	cdt_insert_after(src, dest, new_cap, revocable, badged);
}

void cte_empty(struct cte *slot)
{
	if (!cap_is_null(slot->cap))
		cdt_remove(slot);
}

/*
 * A reply capability lives only in its holder's caller slot; once it is gone
 * (used, deleted, the holder deleted) the caller no longer points at the holder.
 */
void removed_reply(struct cte *slot, struct cap c)
{
	struct tcb *caller = cap_object(c);
	struct tcb *holder = (struct tcb *)((char *)slot - offsetof(struct tcb, slots[TCB_SLOT_CALLER]));

	if (caller->reply_to == holder)
		caller->reply_to = NULL;
}

/* Deletes a capability that holds no slots of its own, finalising its object when FINAL. */
static void delete_leaf(struct cte *slot, bool final)
{
	struct cap c = slot->cap;
	const struct object_type *t = object_type_of(c);

	if (final && t->finalise)
		t->finalise(c);
	cdt_remove(slot);
	if (t->removed)
		t->removed(slot, c);
}

static bool holds_slots(struct cap c)
{
	return object_type_of(c)->slot_count != NULL;
}

/* The type a zombie stands for (the object whose slots it empties). */
static const struct object_type *zombie_type(struct cap zombie)
{
	return &object_types[cap_zombie_is_tcb(zombie) ? CAP_TCB : CAP_CNODE];
}

/* Starts destroying a CNode or TCB: its capability in SLOT becomes a zombie. */
static void make_zombie(struct cte *slot, struct cte *parent)
{
	struct cap c = slot->cap;
	const struct object_type *t = object_type_of(c);

	if (t->finalise)
		t->finalise(c);
	slot->cap = cap_zombie(cap_object_pa(c), cap_type(c) == CAP_TCB, t->slot_count(c),
			       parent ? virt_to_phys(parent) : 0, parent != NULL);
}

static void zombie_set_remaining(struct cte *slot, uint64_t remaining)
{
	struct cap z = slot->cap;

	slot->cap = cap_zombie(cap_object_pa(z), cap_zombie_is_tcb(z), remaining, cap_zombie_parent_pa(z),
			       cap_zombie_has_parent(z));
}

static void zombie_set_parent(struct cte *slot, struct cte *parent)
{
	struct cap z = slot->cap;

	slot->cap = cap_zombie(cap_object_pa(z), cap_zombie_is_tcb(z), cap_zombie_remaining(z), virt_to_phys(parent),
			       true);
}

/* Whether the zombie in Z is CUR's or one of the zombies CUR's chain leads up through. */
static bool zombie_chain_holds(const struct cte *cur, const struct cte *z)
{
	for (;;) {
		if (cur == z)
			return true;
		if (!cap_zombie_has_parent(cur->cap))
			return false;
		cur = phys_to_virt(cap_zombie_parent_pa(cur->cap));
	}
}

/*
 * Empties SLOT, walking down into the CNodes and TCBs whose last capability goes with it.
 * Each loop is a step with everything consistent between steps: a zombie counts the slots of
 * its object still to empty (the one at REMAINING - 1 next, slots from there up are empty
 * but for zombies of the chain itself, in a CNode that holds a capability to itself) and names
 * the zombie of the object it sits in. So when PREEMPTIBLE it may stop between steps; SLOT
 * then holds a zombie, and the next call walks down the chain again (a zombie whose parent is
 * the zombie walking is its own chain; one without a parent, left by a deletion that stopped
 * and was not asked again, is taken over) and goes on. False when it stopped.
 */
static bool delete_walk(struct cte *slot, bool preemptible, unsigned int *done)
{
	struct cte *cur = slot;

	for (;; (*done)++) {
		struct cap c = cur->cap;
		enum cap_type type = cap_type(c);

		if (type == CAP_NULL)
			return true;
		if (type != CAP_ZOMBIE) {
			/* Only the starting slot can hold a live capability here. */
			bool final = cdt_is_final(cur);

			if (!final || !holds_slots(c)) {
				delete_leaf(cur, final);
				return true;
			}
			make_zombie(cur, NULL);
			continue;
		}
		if (preemptible && long_operation_should_stop(*done))
			return false;

		uint64_t remaining = cap_zombie_remaining(c);

		if (remaining == 0) {
			/* The object is empty and gone; carry on with the object it sat in. */
			bool has_parent = cap_zombie_has_parent(c);
			struct cte *parent = phys_to_virt(cap_zombie_parent_pa(c));

			if (zombie_type(c)->gone)
				zombie_type(c)->gone(c);
			cdt_remove(cur);
			if (!has_parent)
				return true;
			cur = parent;
			continue;
		}

		struct cte *inner = &zombie_type(c)->slots(c)[remaining - 1];
		struct cap ic = inner->cap;

		if (cap_is_null(ic) || (cap_type(ic) == CAP_ZOMBIE && zombie_chain_holds(cur, inner))) {
			zombie_set_remaining(cur, remaining - 1);
			continue;
		}
		if (cap_type(ic) == CAP_ZOMBIE) {
			/* Its emptying stopped before: this walk finishes it. */
			zombie_set_parent(inner, cur);
			cur = inner;
			continue;
		}
		if (cdt_is_final(inner) && holds_slots(ic)) {
			make_zombie(inner, cur);
			cur = inner;
			continue;
		}
		delete_leaf(inner, cdt_is_final(inner));
		zombie_set_remaining(cur, remaining - 1);
	}
}

void cte_delete(struct cte *slot)
{
	unsigned int done = 0;

	delete_walk(slot, false, &done);
}

bool cte_delete_preemptible(struct cte *slot)
{
	unsigned int done = 0;

	return delete_walk(slot, true, &done);
}

bool cte_revoke(struct cte *slot, bool preemptible)
{
	unsigned int done = 0;
	struct cte *next;

	while (!cap_is_null(slot->cap) && (next = cte_next(slot)) && cdt_is_parent_of(slot, next)) {
		/* The descendants left are all still in the tree: stopping here loses nothing. */
		if (preemptible && long_operation_should_stop(done))
			return false;
		/* A descendant that is the last capability to a large CNode may stop half emptied too. */
		if (!delete_walk(next, preemptible, &done))
			return false;
		done++;
	}
	return true;
}
