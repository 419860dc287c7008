/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Moving a message from one thread to another: message registers, the label,
 * the badge and (with the Grant right) one capability; replies; fault messages.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <uapi/kauri/fault.h>
#include <uapi/kauri/syscall.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/printk.h>
#include <kernel/trace.h>
#include <kernel/vcpu.h>

static unsigned int min_u(unsigned int a, unsigned int b)
{
	return a < b ? a : b;
}

/* The empty slot RECEIVER named in its IPC buffer for a capability, or NULL. */
static struct cte *receive_slot(struct tcb *receiver)
{
	struct kauri_ipc_buffer *buf = ipc_buffer_of(receiver);
	struct lookup node, slot;

	if (!buf)
		return NULL;
	node = resolve_cptr(receiver->slots[TCB_SLOT_CSPACE].cap, buf->receive_cnode, CPTR_BITS, false);
	if (node.failure != LOOKUP_OK || cap_type(node.slot->cap) != CAP_CNODE)
		return NULL;
	if (buf->receive_depth == 0 || buf->receive_depth > CPTR_BITS)
		return NULL;
	slot = resolve_cptr(node.slot->cap, buf->receive_index, (unsigned int)buf->receive_depth, true);
	if (slot.failure != LOOKUP_OK || !cap_is_null(slot.slot->cap))
		return NULL;
	return slot.slot;
}

/*
 * Capabilities the sender names in its IPC buffer: a capability to the very
 * endpoint the message travels on arrives as its badge ("unwrapped"); at most
 * one other is copied into the receiver's receive slot. Returns the message
 * info bits for extra caps and unwrapped ones.
 */
static uint64_t transfer_caps(struct tcb *sender, unsigned int count, struct tcb *receiver, void *via)
{
	struct kauri_ipc_buffer *sbuf = ipc_buffer_of(sender), *rbuf = ipc_buffer_of(receiver);
	struct cte *dest = receive_slot(receiver);
	unsigned int done = 0, unwrapped = 0;

	if (!sbuf || !rbuf)
		return 0;
	for (; done < count; done++) {
		struct lookup l = resolve_cptr(sender->slots[TCB_SLOT_CSPACE].cap, sbuf->caps_or_badges[done],
					       CPTR_BITS, false);
		struct cap c;
		enum kauri_error err;

		if (l.failure != LOOKUP_OK || cap_is_null(l.slot->cap))
			break;
		c = l.slot->cap;
		if (cap_type(c) == CAP_ENDPOINT && cap_object(c) == via && cap_badge(c) != 0) {
			rbuf->caps_or_badges[done] = cap_badge(c);
			unwrapped |= 1u << done;
			continue;
		}
		if (!dest)
			break;
		c = cap_derive(l.slot, &err);
		if (err != KAURI_OK)
			break;
		cte_insert(l.slot, dest, c);
		dest = NULL;
	}
	return kauri_msginfo(0, unwrapped, done, 0);
}

static void fault_message(struct tcb *sender, struct tcb *receiver, void *via, uint64_t badge)
{
	unsigned int length = sender->fault_length;

	for (unsigned int i = 0; i < length; i++)
		set_mr(receiver, i, sender->fault_data[i]);
	if (sender->fault == FAULT_CAP || sender->fault == FAULT_UNKNOWN_SYSCALL) {
		set_mr(receiver, length, sender->context.x[sender->fault == FAULT_CAP ? 0 : 1]);
		length++;
	}
	receiver->context.x[KAURI_BADGE_REGISTER] = badge;
	receiver->context.x[KAURI_INFO_REGISTER] = kauri_msginfo(sender->fault, 0, 0, length);
	trace_ipc(sender, receiver, via, badge, length);
}

void ipc_transfer(struct tcb *sender, struct endpoint *via, uint64_t badge, bool can_grant, struct tcb *receiver)
{
	uint64_t info = sender->context.x[KAURI_INFO_REGISTER];
	unsigned int length = min_u(kauri_msginfo_length(info), KAURI_MSG_MAX_LENGTH);
	struct kauri_ipc_buffer *sbuf, *rbuf;
	uint64_t cap_bits = 0;

	if (sender->fault != FAULT_NONE) {
		fault_message(sender, receiver, via, badge);
		return;
	}
	sbuf = ipc_buffer_of(sender);
	rbuf = ipc_buffer_of(receiver);
	if (!sbuf || !rbuf)
		length = min_u(length, KAURI_MSG_REGISTERS_IN_CPU);
	for (unsigned int i = 0; i < length && i < KAURI_MSG_REGISTERS_IN_CPU; i++)
		receiver->context.x[KAURI_FIRST_MR_REGISTER + i] = sender->context.x[KAURI_FIRST_MR_REGISTER + i];
	for (unsigned int i = KAURI_MSG_REGISTERS_IN_CPU; i < length; i++)
		rbuf->msg[i] = sbuf->msg[i];
	if (can_grant && kauri_msginfo_extra_caps(info))
		cap_bits = transfer_caps(sender, kauri_msginfo_extra_caps(info), receiver, via);
	receiver->context.x[KAURI_BADGE_REGISTER] = badge;
	receiver->context.x[KAURI_INFO_REGISTER] = kauri_msginfo(kauri_msginfo_label(info), 0, 0, length) | cap_bits;
	trace_ipc(sender, receiver, via, badge, length);
}

void ipc_finish_send(struct tcb *sender, struct tcb *receiver, bool is_call, bool can_grant, bool can_grant_reply)
{
	if (!is_call && sender->fault == FAULT_NONE)
		return;
	if (can_grant || can_grant_reply || sender->fault != FAULT_NONE) {
		/* The receiver gets the right to reply once, in its caller slot. */
		struct cte *caller = &receiver->slots[TCB_SLOT_CALLER];

		cte_delete(caller);
		caller->cap = cap_reply(virt_to_phys(sender), can_grant);
		caller->prev = caller->next = 0;
		sender->reply_to = receiver;
		sched_block(sender, THREAD_BLOCKED_ON_REPLY);
	} else {
		/* A Call without Grant or GrantReply: nobody may answer, so the caller stops. */
		sched_block(sender, THREAD_INACTIVE);
	}
}

void ipc_nothing_received(struct tcb *receiver)
{
	receiver->context.x[KAURI_BADGE_REGISTER] = 0;
	receiver->context.x[KAURI_INFO_REGISTER] = 0;
}

void ipc_restart(struct tcb *thread)
{
	/* ELR points after the svc; step back so it runs again. */
	thread->context.pc -= 4;
	sched_make_runnable(thread);
}

static void reply_to_fault(struct tcb *replier, struct tcb *target)
{
	uint64_t info = replier->context.x[KAURI_INFO_REGISTER];
	unsigned int length = kauri_msginfo_length(info);

	enum fault_kind kind = target->fault;

	target->fault = FAULT_NONE;
	if (kauri_msginfo_label(info) != 0) {
		sched_block(target, THREAD_INACTIVE);
		return;
	}
	if (kind >= FAULT_VCPU_HVC) {
		/* A guest exit: flags and a loaded value, not registers (kauri/fault.h). */
		vcpu_reply_to_exit(target, kind, length >= 1 ? get_mr(replier, 0) : 0,
				   length >= 2 ? get_mr(replier, 1) : 0, length);
		sched_make_runnable(target);
		return;
	}
	if (length >= 1)
		target->context.pc = get_mr(replier, 0);
	if (length >= 2)
		target->context.sp = get_mr(replier, 1);
	if (length >= 3)
		target->context.x[0] = get_mr(replier, 2);
	sched_make_runnable(target);
}

void do_reply(struct tcb *replier, struct cte *slot)
{
	struct cap reply = slot->cap;
	struct tcb *target;

	if (cap_type(reply) != CAP_REPLY)
		return;
	target = cap_object(reply);
	cte_empty(slot);
	target->reply_to = NULL;
	if (target->state != THREAD_BLOCKED_ON_REPLY)
		return;
	if (target->fault != FAULT_NONE) {
		reply_to_fault(replier, target);
		return;
	}
	ipc_transfer(replier, NULL, 0, cap_reply_can_grant(reply), target);
	sched_make_runnable(target);
}

static const char *const fault_names[] = {
	[FAULT_CAP] = "capability fault",
	[FAULT_UNKNOWN_SYSCALL] = "unknown system call",
	[FAULT_USER_EXCEPTION] = "user exception",
	[FAULT_VM] = "VM fault",
	[FAULT_VCPU_HVC] = "guest HVC",
	[FAULT_VCPU_SMC] = "guest SMC",
	[FAULT_VCPU_WFX] = "guest WFI/WFE",
	[FAULT_VCPU_DATA_ABORT] = "guest data abort",
	[FAULT_VCPU_INSTRUCTION_ABORT] = "guest instruction abort",
	[FAULT_VCPU_VGIC_MAINTENANCE] = "guest EOI (VGIC maintenance)",
	[FAULT_VCPU_VPPI] = "guest virtual timer (VPPI)",
	[FAULT_VCPU_SYSREG] = "guest system register",
};

void deliver_fault_words(struct tcb *thread, enum fault_kind kind, const uint64_t *words, unsigned int count)
{
	struct lookup l = resolve_cptr(thread->slots[TCB_SLOT_CSPACE].cap, thread->fault_endpoint, CPTR_BITS, false);
	struct cap ep;

	trace_fault(thread, kind, words[1], words[0]);
	thread->fault = kind;
	thread->fault_length = count;
	for (unsigned int i = 0; i < count; i++)
		thread->fault_data[i] = words[i];
	ep = l.failure == LOOKUP_OK ? l.slot->cap : cap_null();
	if (!thread->fault_endpoint || cap_type(ep) != CAP_ENDPOINT || !(cap_rights(ep) & KAURI_RIGHT_WRITE) ||
	    !(cap_rights(ep) & (KAURI_RIGHT_GRANT | KAURI_RIGHT_GRANT_REPLY))) {
		printk("kernel: %s: %s at pc 0x%lx (0x%lx) and no fault handler; thread stopped\n",
		       thread->name, fault_names[kind], (unsigned long)words[0], (unsigned long)words[1]);
		thread->fault = FAULT_NONE;
		sched_block(thread, THREAD_INACTIVE);
		return;
	}
	send_ipc(thread, cap_object(ep), cap_badge(ep), true, true, true, true);
}

void deliver_fault(struct tcb *thread, enum fault_kind kind, uint64_t d0, uint64_t d1, uint64_t d2, uint64_t d3)
{
	uint64_t words[4] = { d0, d1, d2, d3 };

	deliver_fault_words(thread, kind, words, 4);
}

void ipc_cancel(struct tcb *t)
{
	switch (t->state) {
	case THREAD_BLOCKED_ON_SEND:
	case THREAD_BLOCKED_ON_RECEIVE:
		endpoint_cancel_ipc(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_ON_NOTIFICATION:
		notification_cancel_wait(t->blocked_on, t);
		break;
	case THREAD_BLOCKED_ON_REPLY:
		/* Nobody may reply to a thread that stopped waiting: drop the reply right. */
		if (t->reply_to) {
			struct cte *caller = &t->reply_to->slots[TCB_SLOT_CALLER];

			if (cap_type(caller->cap) == CAP_REPLY && cap_object(caller->cap) == t)
				cte_empty(caller);
		}
		t->fault = FAULT_NONE;
		break;
	default:
		break;
	}
	t->reply_to = NULL;
	t->blocked_on = NULL;
}
