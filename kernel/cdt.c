/* SPDX-License-Identifier: BSD-2-Clause */
/* The capability derivation tree: pure list and comparison logic (host-testable). */
#include <stddef.h>
#include <kauri/types.h>
#include <kernel/cte.h>

uint64_t cap_object_size(struct cap c)
{
	switch (cap_type(c)) {
	case CAP_UNTYPED:
		return 1UL << cap_untyped_size_bits(c);
	case CAP_ENDPOINT:
		return 1UL << KAURI_ENDPOINT_SIZE_BITS;
	case CAP_NOTIFICATION:
		return 1UL << KAURI_NOTIFICATION_SIZE_BITS;
	case CAP_CNODE:
		return 1UL << (cap_cnode_radix(c) + KAURI_SLOT_SIZE_BITS);
	case CAP_TCB:
		return 1UL << KAURI_TCB_SIZE_BITS;
	case CAP_FRAME:
		return 1UL << (cap_frame_large(c) ? KAURI_FRAME_2M_SIZE_BITS : KAURI_FRAME_4K_SIZE_BITS);
	case CAP_PAGE_TABLE:
		return 1UL << KAURI_PAGE_TABLE_SIZE_BITS;
	case CAP_VSPACE:
		return 1UL << KAURI_VSPACE_SIZE_BITS;
	case CAP_ASID_POOL:
		return 1UL << KAURI_ASID_POOL_SIZE_BITS;
	default:
		return 0;	/* no memory of its own (reply, control caps, IRQ handlers) */
	}
}

/* Types whose capability names an object in memory retyped from untyped. */
static bool has_memory_object(enum cap_type type)
{
	return type == CAP_UNTYPED || type == CAP_ENDPOINT || type == CAP_NOTIFICATION ||
	       type == CAP_CNODE || type == CAP_TCB || type == CAP_FRAME || type == CAP_PAGE_TABLE ||
	       type == CAP_VSPACE || type == CAP_ASID_POOL || type == CAP_ZOMBIE;
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
	if (ta == CAP_IRQ_CONTROL)
		return tb == CAP_IRQ_CONTROL || tb == CAP_IRQ_HANDLER;
	return cap_same_object(a, b);
}

bool cap_same_object(struct cap a, struct cap b)
{
	enum cap_type ta = cap_type(a), tb = cap_type(b);

	if (ta == CAP_NULL || tb == CAP_NULL)
		return false;
	/* A zombie stands for the CNode or TCB it is destroying. */
	if (ta == CAP_ZOMBIE || tb == CAP_ZOMBIE)
		return has_memory_object(ta) && has_memory_object(tb) &&
		       cap_object_pa(a) == cap_object_pa(b) && ta != CAP_UNTYPED && tb != CAP_UNTYPED;
	if (ta != tb)
		return false;
	switch (ta) {
	case CAP_UNTYPED:
		return cap_object_pa(a) == cap_object_pa(b) &&
		       cap_untyped_size_bits(a) == cap_untyped_size_bits(b);
	case CAP_CNODE:
		return cap_object_pa(a) == cap_object_pa(b) && cap_cnode_radix(a) == cap_cnode_radix(b);
	case CAP_FRAME:
		return cap_object_pa(a) == cap_object_pa(b) && cap_frame_large(a) == cap_frame_large(b);
	case CAP_IRQ_HANDLER:
		return cap_irq_intid(a) == cap_irq_intid(b);
	case CAP_IRQ_CONTROL:
	case CAP_ASID_CONTROL:
	case CAP_MACHINE:
		return true;
	default:
		return cap_object_pa(a) == cap_object_pa(b);
	}
}

bool cdt_is_parent_of(const struct cte *parent, const struct cte *child)
{
	struct cap p = parent->cap, c = child->cap;

	if (!cte_revocable(parent) || !cap_same_region(p, c))
		return false;
	if (cap_type(p) == CAP_ENDPOINT || cap_type(p) == CAP_NOTIFICATION) {
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
