/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Endpoints: a queue of blocked senders or of blocked receivers (never both).
 * Send, Call, Recv rendezvous here; the message moves in ipc.c.
 */
#include <stddef.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/ipc.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

void send_ipc(struct tcb *sender, struct endpoint *ep, uint64_t badge, bool can_grant, bool can_grant_reply,
	      bool is_call, bool blocking)
{
	struct tcb *receiver;

	if (ep_state(ep) != ENDPOINT_RECEIVING) {
		if (!blocking)
			return;		/* NBSend with nobody waiting: the message is dropped */
		sender->send_badge = badge;
		sender->send_can_grant = can_grant;
		sender->send_can_grant_reply = can_grant_reply;
		sender->send_is_call = is_call;
		sender->blocked_on = ep;
		sched_block(sender, THREAD_BLOCKED_ON_SEND);
		ep_append(ep, sender, ENDPOINT_SENDING);
		return;
	}
	receiver = ep->head;
	ep_unlink(ep, receiver);
	receiver->blocked_on = NULL;
	ipc_transfer(sender, ep, badge, can_grant, receiver);
	ipc_finish_send(sender, receiver, is_call, can_grant, can_grant_reply);
	sched_make_runnable(receiver);
}

void receive_ipc(struct tcb *receiver, struct cap ep_cap, bool blocking)
{
	struct endpoint *ep = cap_object(ep_cap);
	struct tcb *sender;

	/* A bound notification that is pending is delivered first. */
	if (notification_poll_bound(receiver))
		return;
	cte_delete(&receiver->slots[TCB_SLOT_CALLER]);
	if (ep_state(ep) != ENDPOINT_SENDING) {
		if (!blocking) {
			ipc_nothing_received(receiver);
			return;
		}
		receiver->blocked_on = ep;
		receiver->receive_can_grant = cap_rights(ep_cap) & KAURI_RIGHT_GRANT;
		sched_block(receiver, THREAD_BLOCKED_ON_RECEIVE);
		ep_append(ep, receiver, ENDPOINT_RECEIVING);
		return;
	}
	sender = ep->head;
	ep_unlink(ep, sender);
	sender->blocked_on = NULL;
	ipc_transfer(sender, ep, sender->send_badge, sender->send_can_grant, receiver);
	ipc_finish_send(sender, receiver, sender->send_is_call, sender->send_can_grant,
			sender->send_can_grant_reply);
	if (sender->state == THREAD_BLOCKED_ON_SEND)
		sched_make_runnable(sender);
}

/* Takes THREAD out of EP's queue; its system call will run again. */
static void restart_waiter(struct endpoint *ep, struct tcb *t)
{
	ep_unlink(ep, t);
	t->blocked_on = NULL;
	ipc_restart(t);
}

/* The last capability went: every thread blocked on it runs its system call again (and finds it gone). */
void finalise_endpoint(struct cap c)
{
	struct endpoint *ep = cap_object(c);

	while (ep->head)
		restart_waiter(ep, ep->head);
}

void endpoint_cancel_badged_sends(struct endpoint *ep, uint64_t badge)
{
	struct tcb *t = ep->head, *next;

	if (ep_state(ep) != ENDPOINT_SENDING)
		return;
	for (; t; t = next) {
		next = t->queue_next;
		if (t->send_badge == badge)
			restart_waiter(ep, t);
	}
}
