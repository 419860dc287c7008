/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Where every SVC enters (handle_user_svc), and the fast paths (CONFIG_KERNEL_FASTPATH): Call
 * and ReplyRecv without capabilities, between threads where the other side is already waiting
 * and may run at once; Signal and Wait on a notification when no scheduling decision is left.
 * A flat list of "not my case: take the slow path" checks, then one point after which nothing
 * can fail: the message moves register to register (words past the fourth IPC buffer to IPC
 * buffer, in one loop) and the CPU switches directly. Anything unusual goes to the general code
 * in syscall.c, which gives the same result more slowly.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <uapi/kauri/syscall.h>
#include <uapi/kauri/types.h>
#include <kernel/context_switch.h>
#include <kernel/cspace.h>
#include <kernel/entry.h>
#include <kernel/invariants.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/objects.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>
#include <kernel/trace.h>

/* No capabilities to move, and no more words than the slow path would move (it cuts longer ones). */
static inline bool fast_message(uint64_t info)
{
	return kauri_msginfo_length(info) <= KAURI_MSG_MAX_LENGTH && kauri_msginfo_extra_caps(info) == 0;
}

/*
 * Where the words past the CPU's four go: both IPC buffers, or false when a message that has
 * such words meets a thread without one (the slow path then cuts the message to four words).
 */
static inline bool message_buffers(const struct tcb *from, const struct tcb *to, uint64_t info,
				   struct kauri_ipc_buffer **src, struct kauri_ipc_buffer **dst)
{
	if (__builtin_expect(kauri_msginfo_length(info) <= KAURI_MSG_REGISTERS_IN_CPU, 1))
		return true;
	*src = ipc_buffer_of(from);
	*dst = ipc_buffer_of(to);
	return *src && *dst;
}

/*
 * Only the words the message has: the receiver keeps its own registers in the rest, as on the
 * slow path, and never sees what the sender left in them. Registers first, then SRC's IPC
 * buffer words into DST's (message_buffers() found both when the message has such words).
 */
static inline void copy_message(struct tcb *from, struct tcb *to, uint64_t info,
				const struct kauri_ipc_buffer *src, struct kauri_ipc_buffer *dst)
{
	const uint64_t *from_regs = &from->context.x[KAURI_FIRST_MR_REGISTER];
	uint64_t *to_regs = &to->context.x[KAURI_FIRST_MR_REGISTER];
	unsigned int length = kauri_msginfo_length(info);	/* at most KAURI_MSG_MAX_LENGTH: fast_message() */

	_Static_assert(KAURI_MSG_REGISTERS_IN_CPU == 4, "one test a register");
	if (length) {		/* the empty message first: one test */
		to_regs[0] = from_regs[0];
		if (length > 1) {
			to_regs[1] = from_regs[1];
			if (length > 2) {
				to_regs[2] = from_regs[2];
				if (length > 3) {
					to_regs[3] = from_regs[3];
					for (unsigned int i = KAURI_MSG_REGISTERS_IN_CPU; i < length; i++)
						dst->msg[i] = src->msg[i];
				}
			}
		}
	}
	/* Label and length; the capability fields cleared (one AND, where kauri_msginfo() takes two). */
	to->context.x[KAURI_INFO_REGISTER] = info & ~kauri_msginfo(0, 7, 3, 0);
}

/* The endpoint capability at CPTR with all of RIGHTS, or a null capability. */
static inline struct cap endpoint_cap(struct tcb *t, uint64_t cptr, unsigned int rights)
{
	struct cte *slot = lookup_slot_fast(t, cptr);

	if (!slot || cap_type(slot->cap) != CAP_ENDPOINT || (cap_rights(slot->cap) & rights) != rights)
		return cap_null();
	return slot->cap;
}

static inline bool fastpath_call(struct tcb *caller)
{
	uint64_t info = caller->context.x[KAURI_INFO_REGISTER];
	struct kauri_ipc_buffer *src = NULL, *dst = NULL;
	struct cap ep_cap;
	struct endpoint *ep;
	struct tcb *dest;
	bool grant;

	if (!fast_message(info) || caller->fault != FAULT_NONE)
		return false;
	ep_cap = endpoint_cap(caller, caller->context.x[KAURI_CPTR_REGISTER], KAURI_RIGHT_WRITE);
	if (cap_is_null(ep_cap) || !(cap_rights(ep_cap) & (KAURI_RIGHT_GRANT | KAURI_RIGHT_GRANT_REPLY)))
		return false;
	ep = cap_object(ep_cap);
	dest = endpoint_waiting_receiver(ep);
	if (!dest || dest->priority < caller->priority || !cap_is_null(dest->slots[TCB_SLOT_CALLER].cap) ||
	    !sched_may_switch_fast(dest) || !message_buffers(caller, dest, info, &src, &dst))
		return false;

	/* Nothing can fail from here on. */
	grant = cap_rights(ep_cap) & KAURI_RIGHT_GRANT;
	endpoint_take_head(ep, dest);
	copy_message(caller, dest, info, src, dst);
	dest->context.x[KAURI_BADGE_REGISTER] = cap_badge(ep_cap);
	trace_ipc(caller, dest, ep, cap_badge(ep_cap), kauri_msginfo_length(info));
	dest->slots[TCB_SLOT_CALLER].cap = cap_reply(virt_to_phys(caller), grant);
	caller->reply_to = dest;
	caller->state = THREAD_BLOCKED_ON_REPLY;
	dest->state = THREAD_RUNNABLE;
	sched_switch_fast(dest);
	return true;
}

static inline bool fastpath_reply_recv(struct tcb *server)
{
	uint64_t info = server->context.x[KAURI_INFO_REGISTER];
	struct kauri_ipc_buffer *src = NULL, *dst = NULL;
	struct cte *caller_slot = &server->slots[TCB_SLOT_CALLER];
	struct cap ep_cap;
	struct endpoint *ep;
	struct tcb *client;

	if (!fast_message(info) || server->fault != FAULT_NONE || cap_type(caller_slot->cap) != CAP_REPLY)
		return false;
	client = cap_object(caller_slot->cap);
	if (client->state != THREAD_BLOCKED_ON_REPLY || client->fault != FAULT_NONE ||
	    client->priority < server->priority || !sched_may_switch_fast(client) ||
	    !message_buffers(server, client, info, &src, &dst))
		return false;
	ep_cap = endpoint_cap(server, server->context.x[KAURI_CPTR_REGISTER], KAURI_RIGHT_READ);
	if (cap_is_null(ep_cap))
		return false;
	ep = cap_object(ep_cap);
	if (endpoint_has_senders(ep))
		return false;
	/* The first test repeats the callee's, to skip the call when nothing is bound (6 instructions). */
	if (server->bound_notification && notification_poll_would_deliver(server))
		return false;

	/* Nothing can fail from here on. */
	caller_slot->cap = cap_null();
	client->reply_to = NULL;
	copy_message(server, client, info, src, dst);
	client->context.x[KAURI_BADGE_REGISTER] = 0;
	trace_ipc(server, client, NULL, 0, kauri_msginfo_length(info));
	server->receive_can_grant = cap_rights(ep_cap) & KAURI_RIGHT_GRANT;
	server->state = THREAD_BLOCKED_ON_RECEIVE;
	endpoint_queue_receiver(ep, server);
	client->state = THREAD_RUNNABLE;
	sched_switch_fast(client);
	return true;
}

/* The notification capability at CPTR with all of RIGHTS, or NULL. */
static inline struct notification *notification_at(struct tcb *t, uint64_t cptr, unsigned int rights,
						   uint64_t *badge)
{
	struct cte *slot = lookup_slot_fast(t, cptr);

	if (!slot || cap_type(slot->cap) != CAP_NOTIFICATION || (cap_rights(slot->cap) & rights) != rights)
		return NULL;
	*badge = cap_badge(slot->cap);
	return cap_object(slot->cap);
}

/*
 * Signal (Send on a notification): badges OR-ed into a notification nobody waits on, or a
 * waiter of higher priority woken and run at once, the signaller first in its ready queue.
 * A bound thread waiting on an endpoint, and a waiter that does not preempt, go the slow way.
 */
static inline bool fastpath_signal(struct tcb *sender)
{
	struct notification *n;
	struct tcb *waiter, *bound;
	uint64_t badge;

	n = notification_at(sender, sender->context.x[KAURI_CPTR_REGISTER], KAURI_RIGHT_WRITE, &badge);
	if (!n)
		return false;
	if (ntfn_state(n) != NOTIFICATION_WAITING) {
		bound = ntfn_bound(n);
		if (ntfn_state(n) == NOTIFICATION_IDLE && bound && bound->state == THREAD_BLOCKED_ON_RECEIVE)
			return false;
		notification_add_pending(n, badge);
		return true;
	}
	waiter = n->head;
	if (waiter->priority <= sender->priority || !sched_may_switch_fast(waiter))
		return false;
	/* Nothing can fail from here on. */
	notification_take_head(n, waiter);
	notification_give_badges(waiter, badge);
	waiter->state = THREAD_RUNNABLE;
	sched_preempt_fast(waiter);
	return true;
}

/*
 * Wait (Recv on a notification): the pending badges taken at once, or the waiter queued and
 * the CPU given straight to the thread schedule() would pick. A notification bound to another
 * thread, and nothing else ready to run (the CPU would idle), go the slow way.
 */
static inline bool fastpath_wait(struct tcb *receiver)
{
	struct notification *n;
	struct tcb *bound, *next;
	uint64_t badge;

	n = notification_at(receiver, receiver->context.x[KAURI_CPTR_REGISTER], KAURI_RIGHT_READ, &badge);
	if (!n)
		return false;
	bound = ntfn_bound(n);
	if (bound && bound != receiver)
		return false;
	if (ntfn_state(n) == NOTIFICATION_ACTIVE) {
		notification_take_pending(n, receiver);
		return true;
	}
	next = sched_best_ready();
	if (!next || !sched_may_switch_fast(next))
		return false;
	/* Nothing can fail from here on. */
	notification_queue_waiter(n, receiver);
	receiver->state = THREAD_BLOCKED_ON_NOTIFICATION;
	sched_switch_to_ready_fast(next);
	return true;
}

/* The general way: everything but a fast-path Call or ReplyRecv (a tail call, out of its frame). */
static void __attribute__((noinline)) handle_svc_general(struct tcb *thread, uint64_t number)
{
	handle_syscall(thread);
	trace_syscall_exit(thread, number);
	schedule();
	invariants_after_entry();
}

#ifdef CONFIG_KERNEL_FASTPATH
/*
 * Send and Recv: the Signal and Wait fast paths, or the general way. Apart, and a tail call,
 * because these fast paths call into the scheduler: in handle_user_svc() they would cost Call
 * and ReplyRecv a stack frame.
 */
static void __attribute__((noinline)) handle_svc_notification(struct tcb *thread, uint64_t number)
{
	if (number == KAURI_SYS_RECV ? fastpath_wait(thread) : fastpath_signal(thread)) {
		trace_syscall_exit(thread, number);
		invariants_after_entry();
		return;
	}
	handle_svc_general(thread, number);
}
#endif

/*
 * With tracing and the invariant checker off (their hooks are calls) the fast path is a leaf
 * and everything else a tail call, so this function needs no stack frame.
 */
void handle_user_svc(void)
{
	struct tcb *thread = current_thread();
	uint64_t number = thread->context.x[KAURI_SYSCALL_REGISTER];

	/* A guest's exits are its VMM's business (and a guest's SVC goes to its own EL1). */
	if (thread->vcpu) {
		handle_user_sync(VECTOR_USER_SYNC);
		return;
	}
	trace_syscall_entry(thread, number, thread->context.x[KAURI_CPTR_REGISTER]);
#ifdef CONFIG_KERNEL_FASTPATH
	if ((number == KAURI_SYS_CALL && fastpath_call(thread)) ||
	    (number == KAURI_SYS_REPLY_RECV && fastpath_reply_recv(thread))) {
		trace_syscall_exit(thread, number);
		invariants_after_entry();
		return;		/* the fast path chose who runs next itself */
	}
	if (number == KAURI_SYS_SEND || number == KAURI_SYS_NB_SEND || number == KAURI_SYS_RECV) {
		handle_svc_notification(thread, number);
		return;
	}
#endif
	handle_svc_general(thread, number);
}
