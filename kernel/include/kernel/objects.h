/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoint and notification objects, and what each object type does when it is destroyed. */
#ifndef KERNEL_OBJECTS_H
#define KERNEL_OBJECTS_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/syscall.h>
#include <arch/memory.h>
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

/*
 * An endpoint's queue (inline: the IPC fast path is made of these). The queue holds senders
 * or receivers, never both; its state is the tail pointer's low bits.
 */
static inline void ep_set(struct endpoint *ep, struct tcb *head, struct tcb *tail, enum endpoint_state state)
{
	ep->head = head;
	ep->tail = (struct tcb *)((uintptr_t)tail | state);
}

static inline void ep_append(struct endpoint *ep, struct tcb *t, enum endpoint_state state)
{
	struct tcb *tail = ep_tail(ep);

	t->queue_next = NULL;
	t->queue_prev = tail;
	if (tail)
		tail->queue_next = t;
	ep_set(ep, tail ? ep->head : t, t, state);
}

static inline void ep_unlink(struct endpoint *ep, struct tcb *t)
{
	struct tcb *head = ep->head, *tail = ep_tail(ep);

	if (t->queue_prev)
		t->queue_prev->queue_next = t->queue_next;
	else
		head = t->queue_next;
	if (t->queue_next)
		t->queue_next->queue_prev = t->queue_prev;
	else
		tail = t->queue_prev;
	t->queue_next = t->queue_prev = NULL;
	ep_set(ep, head, tail, head ? ep_state(ep) : ENDPOINT_IDLE);
}

static inline struct tcb *endpoint_waiting_receiver(struct endpoint *ep)
{
	return ep_state(ep) == ENDPOINT_RECEIVING ? ep->head : NULL;
}

static inline bool endpoint_has_senders(struct endpoint *ep)
{
	return ep_state(ep) == ENDPOINT_SENDING;
}

static inline void endpoint_queue_receiver(struct endpoint *ep, struct tcb *t)
{
	t->blocked_on = ep;
	ep_append(ep, t, ENDPOINT_RECEIVING);
}

/* HEAD, the first thread waiting on EP, stops waiting (endpoint_cancel_ipc for the queue's head). */
static inline void endpoint_take_head(struct endpoint *ep, struct tcb *head)
{
	struct tcb *next = head->queue_next;

	if (next) {
		next->queue_prev = NULL;
		ep->head = next;
	} else {
		ep_set(ep, NULL, NULL, ENDPOINT_IDLE);
	}
	head->queue_next = NULL;
	head->blocked_on = NULL;
}

/* A thread blocked on EP stops waiting there. */
static inline void endpoint_cancel_ipc(struct endpoint *ep, struct tcb *t)
{
	ep_unlink(ep, t);
	t->blocked_on = NULL;
}

/*
 * A notification's queue of waiting threads and its pending word (inline: the Signal and Wait
 * fast paths are made of these). The state is the bound pointer's low bits: WAITING while the
 * queue holds threads, ACTIVE while badges are pending, IDLE otherwise.
 */
static inline void ntfn_set(struct notification *n, struct tcb *bound, enum notification_state state)
{
	n->bound = (struct tcb *)((uintptr_t)bound | state);
}

static inline void notification_queue_waiter(struct notification *n, struct tcb *t)
{
	t->blocked_on = n;
	t->queue_next = NULL;
	t->queue_prev = n->tail;
	if (n->tail)
		n->tail->queue_next = t;
	else
		n->head = t;
	n->tail = t;
	ntfn_set(n, ntfn_bound(n), NOTIFICATION_WAITING);
}

/* HEAD, the first thread waiting on N, stops waiting; N goes idle when no other waits. */
static inline void notification_take_head(struct notification *n, struct tcb *head)
{
	struct tcb *next = head->queue_next;

	n->head = next;
	if (next) {
		next->queue_prev = NULL;
	} else {
		n->tail = NULL;
		ntfn_set(n, ntfn_bound(n), NOTIFICATION_IDLE);
	}
	head->queue_next = NULL;
	head->blocked_on = NULL;
}

/* What a thread's Wait returns: the badges, and an empty message. */
static inline void notification_give_badges(struct tcb *t, uint64_t badges)
{
	t->context.x[KAURI_BADGE_REGISTER] = badges;
	t->context.x[KAURI_INFO_REGISTER] = 0;
}

/* T takes N's pending badges (N is active); N goes idle. */
static inline void notification_take_pending(struct notification *n, struct tcb *t)
{
	notification_give_badges(t, n->word);
	n->word = 0;
	ntfn_set(n, ntfn_bound(n), NOTIFICATION_IDLE);
}

/* A signal nobody takes yet (N is idle or active): BADGE joins the pending ones. */
static inline void notification_add_pending(struct notification *n, uint64_t badge)
{
	if (ntfn_state(n) == NOTIFICATION_ACTIVE) {
		n->word |= badge;
		return;
	}
	n->word = badge;
	ntfn_set(n, ntfn_bound(n), NOTIFICATION_ACTIVE);
}

/* Kernel address of the object a capability names. */
static inline void *cap_object(struct cap c)
{
	return phys_to_virt(cap_object_pa(c));
}


/* Senders blocked on EP with BADGE stop waiting (their calls restart). */
void endpoint_cancel_badged_sends(struct endpoint *ep, uint64_t badge);

/* A thread blocked in IPC stops waiting; its system call restarts when it runs. */
void ipc_cancel(struct tcb *thread);
void notification_unbind(struct tcb *thread);
/* Whether N may be bound to THREAD: neither is bound already and N has no waiters. */
bool notification_may_bind(const struct notification *n, const struct tcb *thread);
void notification_bind(struct notification *n, struct tcb *thread);

#endif
