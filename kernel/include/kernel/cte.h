/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capability slots and the capability derivation tree (CDT). Every slot in use
 * is on one doubly linked list in depth-first order: a capability's
 * descendants follow it directly, so revoking walks forward, and all
 * capabilities to one object sit next to each other, so "is this the last
 * one?" looks only at the neighbours.
 */
#ifndef KERNEL_CTE_H
#define KERNEL_CTE_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cap.h>

/* A slot: 32 bytes (KAURI_SLOT_SIZE_BITS). The flags live in prev's low bits. */
struct cte {
	struct cap cap;
	uintptr_t prev;
	uintptr_t next;
};

#define CTE_REVOCABLE		1UL	/* may have children (revoke deletes them) */
#define CTE_FIRST_BADGED	2UL	/* first of a badge: not a child of the unbadged original */
#define CTE_FLAG_MASK		3UL

static inline struct cte *cte_prev(const struct cte *slot) { return (struct cte *)(slot->prev & ~CTE_FLAG_MASK); }
static inline struct cte *cte_next(const struct cte *slot) { return (struct cte *)slot->next; }
static inline bool cte_revocable(const struct cte *slot) { return slot->prev & CTE_REVOCABLE; }
static inline bool cte_first_badged(const struct cte *slot) { return slot->prev & CTE_FIRST_BADGED; }

/* Object sizes, to decide which untyped a capability's object came from. */
uint64_t cap_object_size(struct cap c);

/* Do A and B name the same object (or the same untyped region exactly)? */
bool cap_same_object(struct cap a, struct cap b);
/* Is B's object inside A's (for untyped) or the same as A's? */
bool cap_same_region(struct cap a, struct cap b);

/* Is CHILD (the slot after PARENT in the list) derived from PARENT? */
bool cdt_is_parent_of(const struct cte *parent, const struct cte *child);

/*
 * The head of the one list every capability in a CNode, TCB or kernel table is on
 * (reply capabilities, which live only in a TCB's caller slot, are not): its own
 * capability stays null, so it is nobody's parent or copy. The invariant checker
 * walks the system from here.
 */
extern struct cte cdt_head;

/* Puts CAP into the empty slot DEST as an original: no parent, at the head of the list. */
void cdt_insert_original(struct cte *dest, struct cap cap);
/* Puts CAP into the empty slot DEST as a child of (right after) PARENT. */
void cdt_insert_child(struct cte *parent, struct cte *dest, struct cap cap, bool revocable, bool first_badged);
/* Puts CAP into DEST as a sibling copy right after SRC (same derivation depth). */
void cdt_insert_after(struct cte *src, struct cte *dest, struct cap cap, bool revocable, bool first_badged);
/* Moves SRC's capability (and its place in the tree) into the empty slot DEST. */
void cdt_move(struct cte *src, struct cte *dest, struct cap new_cap);
/* Swaps the contents and tree positions of two occupied slots. */
void cdt_swap(struct cte *a, struct cte *b);
/* Takes the slot out of the tree and empties it. */
void cdt_remove(struct cte *slot);
/* No other slot holds a capability to the same object. */
bool cdt_is_final(const struct cte *slot);
/* The slot has at least one descendant. */
bool cdt_has_children(const struct cte *slot);

#endif
