/* SPDX-License-Identifier: BSD-2-Clause */
/* The capability derivation tree: pure list and comparison logic (host-testable). */
#include <stddef.h>
#include <uapi/kauri/types.h>
#include <kernel/cte.h>
#include <kernel/object_type.h>

uint64_t cap_object_size(struct cap c)
{
	const struct object_type *t = object_type_of(c);

	if (t->size)
		return t->size(c);
	return t->size_bits ? 1UL << t->size_bits : 0;
}

/* Types whose capability names an object in memory retyped from untyped (a zombie: the one it destroys). */
static bool has_memory_object(enum cap_type type)
{
	return type == CAP_ZOMBIE || object_types[type].size || object_types[type].size_bits;
}

bool cap_same_region(struct cap a, struct cap b)
{
	enum cap_type ta = cap_type(a), tb = cap_type(b);

	if (ta == CAP_UNTYPED) {
		uint64_t base = cap_object_pa(a), end = base + cap_object_size(a);
		uint64_t b_base = cap_object_pa(b);

		if (!has_memory_object(tb))
			return false;
		if (tb == CAP_ZOMBIE)
			return b_base >= base && b_base < end;
		return b_base >= base && b_base + cap_object_size(b) <= end;
	}
	if (tb != CAP_NULL && object_types[ta].parents == tb)
		return true;
	return cap_same_object(a, b);
}

bool cap_same_object(struct cap a, struct cap b)
{
	enum cap_type ta = cap_type(a), tb = cap_type(b);
	const struct object_type *t = &object_types[ta];

	if (ta == CAP_NULL || tb == CAP_NULL)
		return false;
	/* A zombie stands for the CNode or TCB it is destroying. */
	if (ta == CAP_ZOMBIE || tb == CAP_ZOMBIE)
		return has_memory_object(ta) && has_memory_object(tb) &&
		       cap_object_pa(a) == cap_object_pa(b) && ta != CAP_UNTYPED && tb != CAP_UNTYPED;
	if (ta != tb)
		return false;
	return !((a.w0 ^ b.w0) & t->identity_w0) && !((a.w1 ^ b.w1) & t->identity_w1);
}

bool cdt_is_parent_of(const struct cte *parent, const struct cte *child)
{
	struct cap p = parent->cap, c = child->cap;

	if (!cte_revocable(parent) || !cap_same_region(p, c))
		return false;
	if (object_type_of(p)->badged) {
		/* An unbadged original parents every badge; a badged cap only its own copies. */
		if (cap_badge(p) == 0)
			return true;
		return cap_badge(p) == cap_badge(c) && !cte_first_badged(child);
	}
	return true;
}

static void set_links(struct cte *slot, struct cte *prev, struct cte *next, bool revocable, bool first_badged)
{
	slot->prev = (uintptr_t)prev | (revocable ? CTE_REVOCABLE : 0) | (first_badged ? CTE_FIRST_BADGED : 0);
	slot->next = (uintptr_t)next;
}

static void set_prev(struct cte *slot, struct cte *prev)
{
	slot->prev = (uintptr_t)prev | (slot->prev & CTE_FLAG_MASK);
}

void cdt_insert_after(struct cte *src, struct cte *dest, struct cap cap, bool revocable, bool first_badged)
{
	struct cte *next = cte_next(src);

	dest->cap = cap;
	set_links(dest, src, next, revocable, first_badged);
	if (next)
		set_prev(next, dest);
	src->next = (uintptr_t)dest;
}

struct cte cdt_head;

void cdt_insert_original(struct cte *dest, struct cap cap)
{
	/* Originals may have children (revoke deletes them). */
	cdt_insert_after(&cdt_head, dest, cap, true, false);
}

void cdt_insert_child(struct cte *parent, struct cte *dest, struct cap cap, bool revocable, bool first_badged)
{
	/* Right after the parent is always a valid place for a new child. */
	cdt_insert_after(parent, dest, cap, revocable, first_badged);
}

void cdt_move(struct cte *src, struct cte *dest, struct cap new_cap)
{
	struct cte *prev = cte_prev(src), *next = cte_next(src);

	dest->cap = new_cap;
	dest->prev = src->prev;
	dest->next = src->next;
	if (prev)
		prev->next = (uintptr_t)dest;
	if (next)
		set_prev(next, dest);
	src->cap = cap_null();
	src->prev = src->next = 0;
}

void cdt_swap(struct cte *a, struct cte *b)
{
	struct cte tmp = *a;
	struct cte *a_prev, *a_next, *b_prev, *b_next;

	if (a == b)
		return;
	*a = *b;
	*b = tmp;
	/* Neighbours that were each other point at the other slot now. */
	if (cte_next(a) == a)
		a->next = (uintptr_t)b;
	if (cte_prev(a) == a)
		set_prev(a, b);
	if (cte_next(b) == b)
		b->next = (uintptr_t)a;
	if (cte_prev(b) == b)
		set_prev(b, a);
	a_prev = cte_prev(a), a_next = cte_next(a);
	b_prev = cte_prev(b), b_next = cte_next(b);
	if (a_prev && a_prev != b)
		a_prev->next = (uintptr_t)a;
	if (a_next && a_next != b)
		set_prev(a_next, a);
	if (b_prev && b_prev != a)
		b_prev->next = (uintptr_t)b;
	if (b_next && b_next != a)
		set_prev(b_next, b);
}

void cdt_remove(struct cte *slot)
{
	struct cte *prev = cte_prev(slot), *next = cte_next(slot);

	if (prev)
		prev->next = (uintptr_t)next;
	if (next) {
		set_prev(next, prev);
		/* The next copy of a badge inherits "first of its badge" from the removed one. */
		next->prev |= slot->prev & CTE_FIRST_BADGED;
	}
	slot->cap = cap_null();
	slot->prev = slot->next = 0;
}

bool cdt_is_final(const struct cte *slot)
{
	const struct cte *prev = cte_prev(slot), *next = cte_next(slot);

	if (prev && cap_same_object(prev->cap, slot->cap))
		return false;
	if (next && cap_same_object(next->cap, slot->cap))
		return false;
	return true;
}

bool cdt_has_children(const struct cte *slot)
{
	const struct cte *next = cte_next(slot);

	return next && cdt_is_parent_of(slot, next);
}
