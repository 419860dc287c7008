/* SPDX-License-Identifier: BSD-2-Clause */
/* Message passing: endpoints, notifications, replies and fault messages. */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

void send_ipc(struct tcb *sender, struct endpoint *ep, uint64_t badge, bool can_grant, bool can_grant_reply,
	      bool is_call, bool blocking);
void receive_ipc(struct tcb *receiver, struct cap ep_cap, bool blocking);
void send_signal(struct notification *ntfn, uint64_t badge);
void receive_signal(struct tcb *receiver, struct cap ntfn_cap, bool blocking);
/* Replies through the reply capability in SLOT (the replier's caller slot or another). */
void do_reply(struct tcb *replier, struct cte *slot);
/* Delivers a fault of THREAD to its fault endpoint, or stops it when it has none. */
void deliver_fault(struct tcb *thread, enum fault_kind kind, uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3);
/* The same with COUNT (at most KAURI_FAULT_MAX_WORDS) message words; WORDS[0] is the pc, [1] an address. */
void deliver_fault_words(struct tcb *thread, enum fault_kind kind, const uint64_t *words, unsigned int count);


/* Internals shared by endpoint.c, notification.c and ipc.c. */
void ipc_transfer(struct tcb *sender, struct endpoint *via, uint64_t badge, bool can_grant, struct tcb *receiver);
/* After a transfer: a Call leaves the sender waiting for a reply (or stopped, without grant rights). */
void ipc_finish_send(struct tcb *sender, struct tcb *receiver, bool is_call, bool can_grant, bool can_grant_reply);
/* An NBRecv that found nothing: badge 0, empty message. */
void ipc_nothing_received(struct tcb *receiver);
/* The thread's blocked system call is abandoned and will run again. */
void ipc_restart(struct tcb *thread);
void notification_cancel_wait(struct notification *ntfn, struct tcb *thread);
/* If THREAD's bound notification is pending, delivers it (returns true). */
bool notification_poll_bound(struct tcb *thread);
/* Whether notification_poll_bound() would deliver (inline: the fast path asks on every ReplyRecv). */
static inline bool notification_poll_would_deliver(const struct tcb *t)
{
	return t->bound_notification && ntfn_state(t->bound_notification) == NOTIFICATION_ACTIVE;
}
/* Whether THREAD may wait on N: one bound to another thread is that thread's to wait on. */
bool notification_may_receive(const struct notification *n, const struct tcb *thread);

#endif
