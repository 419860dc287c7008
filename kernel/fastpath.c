/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The IPC fast path (CONFIG_KERNEL_FASTPATH): Call and ReplyRecv of at most
 * four message registers, no capabilities, between threads where the other
 * side is already waiting and may run at once. A flat list of "not my case:
 * take the slow path" checks, then one point after which nothing can fail:
 * the message moves register to register and the CPU switches directly,
 * without the ready queues. Anything unusual goes to the general code in
 * syscall.c, which gives the same result more slowly.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/fastpath.h>
#include <kernel/ipc.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

#define REG_BADGE	0
#define REG_INFO	1
#define FIRST_MR	2

static inline bool small_message(uint64_t info)
{
	/* length <= 4 and no extra capabilities */
	return (info & 0x7f) <= KAURI_MSG_REGISTERS_IN_CPU && ((info >> 7) & 3) == 0;
}

static inline void copy_registers(struct tcb *from, struct tcb *to, uint64_t info)
{
	to->context.x[FIRST_MR + 0] = from->context.x[FIRST_MR + 0];
	to->context.x[FIRST_MR + 1] = from->context.x[FIRST_MR + 1];
	to->context.x[FIRST_MR + 2] = from->context.x[FIRST_MR + 2];
	to->context.x[FIRST_MR + 3] = from->context.x[FIRST_MR + 3];
	to->context.x[REG_INFO] = info & ~(0x1fUL << 7);	/* label and length; no caps */
}

/* The endpoint capability at CPTR with all of RIGHTS, or a null capability. */
static inline struct cap endpoint_cap(struct tcb *t, uint64_t cptr, unsigned int rights)
{
	struct lookup l = resolve_cptr(t->slots[TCB_SLOT_CSPACE].cap, cptr, CPTR_BITS, false);

	if (l.failure != LOOKUP_OK || cap_type(l.slot->cap) != CAP_ENDPOINT ||
	    (cap_rights(l.slot->cap) & rights) != rights)
		return cap_null();
	return l.slot->cap;
}

bool fastpath_call(struct tcb *caller)
{
	uint64_t info = caller->context.x[REG_INFO];
	struct cap ep_cap;
	struct endpoint *ep;
	struct tcb *dest;
	bool grant;

	if (!small_message(info) || caller->fault != FAULT_NONE)
		return false;
	ep_cap = endpoint_cap(caller, caller->context.x[REG_BADGE], KAURI_RIGHT_WRITE);
	if (cap_is_null(ep_cap) || !(cap_rights(ep_cap) & (KAURI_RIGHT_GRANT | KAURI_RIGHT_GRANT_REPLY)))
		return false;
	ep = cap_object(ep_cap);
	dest = endpoint_waiting_receiver(ep);
	if (!dest || dest->priority < caller->priority || !cap_is_null(dest->slots[TCB_SLOT_CALLER].cap))
		return false;

	/* Nothing can fail from here on. */
	grant = cap_rights(ep_cap) & KAURI_RIGHT_GRANT;
	endpoint_cancel_ipc(ep, dest);
	copy_registers(caller, dest, info);
	dest->context.x[REG_BADGE] = cap_badge(ep_cap);
	dest->slots[TCB_SLOT_CALLER].cap = cap_reply(virt_to_phys(caller), grant);
	caller->reply_to = dest;
	caller->state = THREAD_BLOCKED_ON_REPLY;
	dest->state = THREAD_RUNNABLE;
	sched_switch_direct(dest);
	return true;
}

bool fastpath_reply_recv(struct tcb *server)
{
	uint64_t info = server->context.x[REG_INFO];
	struct cte *caller_slot = &server->slots[TCB_SLOT_CALLER];
	struct cap ep_cap;
	struct endpoint *ep;
	struct tcb *client;

	if (!small_message(info) || server->fault != FAULT_NONE || cap_type(caller_slot->cap) != CAP_REPLY)
		return false;
	client = cap_object(caller_slot->cap);
	if (client->state != THREAD_BLOCKED_ON_REPLY || client->fault != FAULT_NONE ||
	    client->priority < server->priority)
		return false;
	ep_cap = endpoint_cap(server, server->context.x[REG_BADGE], KAURI_RIGHT_READ);
	if (cap_is_null(ep_cap))
		return false;
	ep = cap_object(ep_cap);
	if (endpoint_has_senders(ep))
		return false;
	if (server->bound_notification && notification_poll_would_deliver(server))
		return false;

	/* Nothing can fail from here on. */
	caller_slot->cap = cap_null();
	client->reply_to = NULL;
	copy_registers(server, client, info);
	client->context.x[REG_BADGE] = 0;
	server->receive_can_grant = cap_rights(ep_cap) & KAURI_RIGHT_GRANT;
	server->state = THREAD_BLOCKED_ON_RECEIVE;
	endpoint_queue_receiver(ep, server);
	client->state = THREAD_RUNNABLE;
	sched_switch_direct(client);
	return true;
}
