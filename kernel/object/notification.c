/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Notifications: a word of pending badges (OR-ed by Signal) and a queue of
 * waiting threads. A notification bound to a thread also wakes it while it
 * waits on an endpoint.
 */
#include <stddef.h>
#include <uapi/kauri/syscall.h>
#include <kernel/ipc.h>
#include <kernel/cspace.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

static void deliver(struct tcb *t, uint64_t badge)
{
	notification_give_badges(t, badge);
	sched_make_runnable(t);
}

static void unlink_waiter(struct notification *n, struct tcb *t)
{
	if (t->queue_prev)
		t->queue_prev->queue_next = t->queue_next;
	else
		n->head = t->queue_next;
	if (t->queue_next)
		t->queue_next->queue_prev = t->queue_prev;
	else
		n->tail = t->queue_prev;
	t->queue_next = t->queue_prev = NULL;
	t->blocked_on = NULL;
	if (!n->head && ntfn_state(n) == NOTIFICATION_WAITING)
		ntfn_set(n, ntfn_bound(n), NOTIFICATION_IDLE);
}

void send_signal(struct notification *n, uint64_t badge)
{
	struct tcb *bound = ntfn_bound(n);

	switch (ntfn_state(n)) {
	case NOTIFICATION_IDLE:
		/* A bound thread waiting on an endpoint takes the signal at once. */
		if (bound && bound->state == THREAD_BLOCKED_ON_RECEIVE) {
			endpoint_cancel_ipc(bound->blocked_on, bound);
			deliver(bound, badge);
			return;
		}
		notification_add_pending(n, badge);
		return;
	case NOTIFICATION_WAITING: {
		struct tcb *t = n->head;

		notification_take_head(n, t);
		deliver(t, badge);
		return;
	}
	case NOTIFICATION_ACTIVE:
		notification_add_pending(n, badge);
		return;
	}
}

void receive_signal(struct tcb *receiver, struct cap ntfn_cap, bool blocking)
{
	struct notification *n = cap_object(ntfn_cap);

	if (ntfn_state(n) == NOTIFICATION_ACTIVE) {
		notification_take_pending(n, receiver);
		return;
	}
	if (!blocking) {
		ipc_nothing_received(receiver);
		return;
	}
	notification_queue_waiter(n, receiver);
	sched_block(receiver, THREAD_BLOCKED_ON_NOTIFICATION);
}

bool notification_may_receive(const struct notification *n, const struct tcb *t)
{
	struct tcb *bound = ntfn_bound(n);

	return !bound || bound == t;
}

bool notification_poll_bound(struct tcb *t)
{
	struct notification *n = t->bound_notification;

	if (!n || ntfn_state(n) != NOTIFICATION_ACTIVE)
		return false;
	notification_take_pending(n, t);
	return true;
}

void notification_cancel_wait(struct notification *n, struct tcb *t)
{
	unlink_waiter(n, t);
}

bool notification_may_bind(const struct notification *n, const struct tcb *t)
{
	return !ntfn_bound(n) && !t->bound_notification && ntfn_state(n) != NOTIFICATION_WAITING;
}

void notification_bind(struct notification *n, struct tcb *t)
{
	ntfn_set(n, t, ntfn_state(n));
	t->bound_notification = n;
}

void notification_unbind(struct tcb *t)
{
	struct notification *n = t->bound_notification;

	if (!n)
		return;
	ntfn_set(n, NULL, ntfn_state(n));
	t->bound_notification = NULL;
}

/* The last capability went: waiters run their system calls again (and find it gone); the binding ends. */
void finalise_notification(struct cap c)
{
	struct notification *n = cap_object(c);
	struct tcb *bound = ntfn_bound(n);

	while (n->head) {
		struct tcb *t = n->head;

		unlink_waiter(n, t);
		ipc_restart(t);
	}
	if (bound)
		notification_unbind(bound);
}
