/* SPDX-License-Identifier: BSD-2-Clause */
/* CSpace addressing and capability slot operations (copy, move, delete, revoke). */
#ifndef KERNEL_CSPACE_H
#define KERNEL_CSPACE_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/errors.h>
#include <arch/preempt.h>
#include <kernel/cte.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

#define CPTR_BITS	64

/* Why a lookup failed (the detail of KAURI_FAILED_LOOKUP and of cap faults). */
enum lookup_failure {
	LOOKUP_OK = 0,
	LOOKUP_INVALID_ROOT,
	LOOKUP_MISSING_CAPABILITY,	/* detail: bits left */
	LOOKUP_DEPTH_MISMATCH,		/* detail: bits left */
	LOOKUP_GUARD_MISMATCH,		/* detail: bits left */
};

struct lookup {
	struct cte *slot;
	enum lookup_failure failure;
	uint64_t bits_left;
};

/* The CNode slot INDEX of a CNode capability. */
static inline struct cte *cnode_slot(struct cap cnode, uint64_t index)
{
	struct cte *slots = cap_object(cnode);

	return &slots[index];
}

/*
 * Resolves CPTR through ROOT, DEPTH bits deep. With exact, all DEPTH bits must
 * be used (CNode operations); otherwise resolution stops at the first slot
 * that does not hold a CNode (capability lookups for system calls).
 */
struct lookup resolve_cptr(struct cap root, uint64_t cptr, unsigned int depth, bool exact);

/*
 * The slot for a new capability: INDEX resolved DEPTH bits deep under ROOT,
 * exactly, and empty. Fails with current_error set otherwise.
 */
enum kauri_error lookup_empty_slot(struct cap root, uint64_t index, uint64_t depth, struct cte **slot);

/* A capability slot of THREAD's CSpace (depth 64), or NULL with current_error set. */
struct cte *lookup_cap_slot(struct tcb *thread, uint64_t cptr);

/*
 * The fast path's lookup, specialised for the CSpace every app has: one CNode whose guard and
 * radix take all 64 bits (one compare, one index). The slot resolve_cptr(THREAD's CSpace, CPTR,
 * 64, false) finds; NULL when it would fail, and when the CSpace has another shape (the slow
 * path then does the general walk).
 */
static inline struct cte *lookup_slot_fast(const struct tcb *thread, uint64_t cptr)
{
	struct cap root = thread->slots[TCB_SLOT_CSPACE].cap;
	unsigned int radix = cap_cnode_radix(root), guard_size = cap_cnode_guard_size(root);

	/* Both fields are 6 bits wide: the sum is 64 only with radix < 64 and a guard of 1 bit or more. */
	if (cap_type(root) != CAP_CNODE || radix + guard_size != CPTR_BITS || cptr >> radix != cap_cnode_guard(root))
		return NULL;
	return cnode_slot(root, cptr << guard_size >> guard_size);
}

/* Copies/derives SRC's capability NEW into empty DEST; see cap_derive(). */
void cte_insert(struct cte *src, struct cte *dest, struct cap new_cap);
/* A capability that may be copied from SRC, or a null cap when it may not. */
struct cap cap_derive(struct cte *src, enum kauri_error *error);

/* Deletes the capability in SLOT; when it was the last, destroys the object. */
void cte_delete(struct cte *slot);
/*
 * The same, stopping early (false) when an interrupt is pending and the invoking thread still
 * runs, after at least REVOKE_BATCH steps: the slot then holds a zombie of the CNode or TCB
 * half emptied, which nothing can use, copy or move, and calling it again goes on where it
 * stopped. Deleting the last capability to a CNode of 2^16 slots is a long operation.
 */
bool cte_delete_preemptible(struct cte *slot);
/*
 * Deletes every descendant of SLOT's capability: true once none is left. PREEMPTIBLE: stops
 * early, returning false, as cte_delete_preemptible() does (also in the middle of emptying a
 * descendant that was the last capability to a large CNode); calling it again goes on.
 */
bool cte_revoke(struct cte *slot, bool preemptible);
#define REVOKE_BATCH	16

/*
 * Whether a long operation (revoke, delete, Retype's zeroing) stops at this safe point, after
 * STEPS steps (at least a batch, so that each call makes progress): an interrupt waits, and
 * the thread that asked will ask again when its svc runs again (invocation.restart): it still
 * runs, and its CSpace root is still a CNode. An operation that deletes the asker's TCB or the
 * last capability to its own CSpace goes on to the end instead (the svc could not run again).
 * Another thread whose CSpace is being deleted finds every lookup failing in the meantime, as
 * it will once the deletion is done.
 */
static inline bool long_operation_should_stop(unsigned int steps)
{
	struct tcb *invoker = current_thread();

	return steps >= REVOKE_BATCH && arch_interrupt_pending() && invoker && invoker->state == THREAD_RUNNABLE &&
	       cap_type(invoker->slots[TCB_SLOT_CSPACE].cap) == CAP_CNODE;
}
/* Empties SLOT without destroying anything (the caller knows it is not final). */
void cte_empty(struct cte *slot);

#endif
