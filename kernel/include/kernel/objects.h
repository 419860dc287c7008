/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoint and notification objects, and what each object type does when it is destroyed. */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/cap.h>
#include <kernel/thread.h>

enum endpoint_state { ENDPOINT_IDLE, ENDPOINT_SENDING, ENDPOINT_RECEIVING };

struct endpoint {			/* 2^KAURI_ENDPOINT_SIZE_BITS bytes */
	struct tcb *head;
	struct tcb *tail;		/* low 2 bits: enum endpoint_state */
};

enum notification_state { NOTIFICATION_IDLE, NOTIFICATION_WAITING, NOTIFICATION_ACTIVE };

struct notification {			/* 2^KAURI_NOTIFICATION_SIZE_BITS bytes */
	struct tcb *head;		/* waiting threads */
	struct tcb *tail;
	uint64_t word;			/* pending badges, OR-ed */
	struct tcb *bound;		/* low 2 bits: enum notification_state */
};

_Static_assert(sizeof(struct endpoint) <= 16, "endpoint object size");
_Static_assert(sizeof(struct notification) <= 32, "notification object size");

/* The state of an endpoint or notification lives in the low bits of one pointer. */
#define OBJECT_STATE_MASK	3UL

static inline enum endpoint_state ep_state(const struct endpoint *ep)
{
	return (enum endpoint_state)((uintptr_t)ep->tail & OBJECT_STATE_MASK);
}

static inline struct tcb *ep_tail(const struct endpoint *ep)
{
	return (struct tcb *)((uintptr_t)ep->tail & ~OBJECT_STATE_MASK);
}

static inline enum notification_state ntfn_state(const struct notification *n)
{
	return (enum notification_state)((uintptr_t)n->bound & OBJECT_STATE_MASK);
}

static inline struct tcb *ntfn_bound(const struct notification *n)
{
	return (struct tcb *)((uintptr_t)n->bound & ~OBJECT_STATE_MASK);
}

/* Kernel address of the object a capability names. */
void *cap_object(struct cap c);


/* Senders blocked on EP with BADGE stop waiting (their calls restart). */
void endpoint_cancel_badged_sends(struct endpoint *ep, uint64_t badge);

/* A thread blocked in IPC stops waiting; its system call restarts when it runs. */
void ipc_cancel(struct tcb *thread);
void notification_unbind(struct tcb *thread);
/* Whether N may be bound to THREAD: neither is bound already and N has no waiters. */
bool notification_may_bind(const struct notification *n, const struct tcb *thread);
void notification_bind(struct notification *n, struct tcb *thread);

#endif
