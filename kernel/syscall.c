/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * System calls (numbers in kauri/syscall.h): Send/Call on a capability either
 * passes a message (endpoint, notification, reply) or invokes the object;
 * Recv waits on an endpoint or notification. The reply to an invocation is
 * built here and nowhere else.
 */
#include <stddef.h>
#include <uapi/kauri/fault.h>
#include <uapi/kauri/syscall.h>
#include <kernel/cspace.h>
#include <kernel/interrupt.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/printk.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>
#include <kernel/trace.h>

static void cap_fault(struct tcb *t, uint64_t cptr, bool in_receive, uint64_t failure)
{
	deliver_fault(t, FAULT_CAP, t->context.pc, cptr, in_receive, failure);
}

static void reply_to_invoker(struct tcb *t, enum kauri_error err, unsigned int length)
{
	if (err != KAURI_OK) {
		set_mr(t, 0, current_error.detail[0]);
		set_mr(t, 1, current_error.detail[1]);
		t->context.x[KAURI_INFO_REGISTER] = kauri_msginfo(err, 0, 0, 2);
	} else {
		t->context.x[KAURI_INFO_REGISTER] = kauri_msginfo(0, 0, 0, length);
	}
	t->context.x[KAURI_CPTR_REGISTER] = 0;
}

static void invoke_object(struct tcb *t, struct cte *slot, uint64_t info, bool is_call)
{
	struct invocation inv = {
		.thread = t,
		.slot = slot,
		.cap = slot->cap,
		.label = kauri_msginfo_label(info),
		.length = kauri_msginfo_length(info),
	};
	unsigned int extra = kauri_msginfo_extra_caps(info);
	struct kauri_ipc_buffer *buffer = ipc_buffer_of(t);
	enum kauri_error err = KAURI_OK;

	if (inv.length > KAURI_MSG_MAX_LENGTH)
		inv.length = KAURI_MSG_MAX_LENGTH;
	if (!buffer && inv.length > KAURI_MSG_REGISTERS_IN_CPU)
		inv.length = KAURI_MSG_REGISTERS_IN_CPU;
	for (unsigned int i = 0; i < extra && err == KAURI_OK; i++) {
		struct cte *s = buffer ? lookup_cap_slot(t, buffer->caps_or_badges[i]) : NULL;

		/* An empty slot is passed on (e.g. "no IPC buffer"); each decoder checks types. */
		if (!s)
			err = fail(KAURI_INVALID_CAPABILITY, i + 1, 0);
		else
			inv.extra_slots[inv.extra_count++] = s;
	}
	if (err == KAURI_OK)
		err = decode_invocation(&inv);
	if (inv.restart) {
		/*
		 * A long operation stopped at a safe point for a pending interrupt, its progress kept
		 * in the objects: the svc runs again once the interrupt has been taken (ELR points
		 * after it), and goes on from there.
		 */
		t->context.pc -= 4;
		return;
	}
	if (is_call)
		reply_to_invoker(t, err, inv.reply_length);
}

static void handle_send(struct tcb *t, bool is_call, bool blocking)
{
	uint64_t cptr = t->context.x[KAURI_CPTR_REGISTER], info = t->context.x[KAURI_INFO_REGISTER];
	struct cte *slot = lookup_cap_slot(t, cptr);
	struct cap c;

	if (!slot || cap_is_null(slot->cap)) {
		cap_fault(t, cptr, false, slot ? LOOKUP_MISSING_CAPABILITY : current_error.detail[0]);
		return;
	}
	c = slot->cap;
	switch (cap_type(c)) {
	case CAP_ENDPOINT:
		if (!(cap_rights(c) & KAURI_RIGHT_WRITE)) {
			cap_fault(t, cptr, false, LOOKUP_MISSING_CAPABILITY);
			return;
		}
		send_ipc(t, cap_object(c), cap_badge(c), cap_rights(c) & KAURI_RIGHT_GRANT,
			 cap_rights(c) & KAURI_RIGHT_GRANT_REPLY, is_call, blocking);
		return;
	case CAP_NOTIFICATION:
		if (!(cap_rights(c) & KAURI_RIGHT_WRITE)) {
			cap_fault(t, cptr, false, LOOKUP_MISSING_CAPABILITY);
			return;
		}
		send_signal(cap_object(c), cap_badge(c));
		return;
	case CAP_REPLY:
		do_reply(t, slot);
		return;
	default:
		invoke_object(t, slot, info, is_call);
		return;
	}
}

static void handle_receive(struct tcb *t, bool blocking)
{
	uint64_t cptr = t->context.x[KAURI_CPTR_REGISTER];
	struct cte *slot = lookup_cap_slot(t, cptr);
	struct cap c = slot ? slot->cap : cap_null();

	if (cap_type(c) == CAP_ENDPOINT && (cap_rights(c) & KAURI_RIGHT_READ)) {
		receive_ipc(t, c, blocking);
		return;
	}
	if (cap_type(c) == CAP_NOTIFICATION && (cap_rights(c) & KAURI_RIGHT_READ) &&
	    notification_may_receive(cap_object(c), t)) {
		receive_signal(t, c, blocking);
		return;
	}
	cap_fault(t, cptr, true, slot ? LOOKUP_MISSING_CAPABILITY : current_error.detail[0]);
}

void handle_syscall(struct tcb *thread)
{
	uint64_t *regs = thread->context.x;
	uint64_t number = regs[KAURI_SYSCALL_REGISTER];

	switch (number) {
	case KAURI_SYS_CALL:
		handle_send(thread, true, true);
		break;
	case KAURI_SYS_SEND:
		handle_send(thread, false, true);
		break;
	case KAURI_SYS_NB_SEND:
		handle_send(thread, false, false);
		break;
	case KAURI_SYS_RECV:
		handle_receive(thread, true);
		break;
	case KAURI_SYS_NB_RECV:
		handle_receive(thread, false);
		break;
	case KAURI_SYS_REPLY:
		do_reply(thread, &thread->slots[TCB_SLOT_CALLER]);
		break;
	case KAURI_SYS_REPLY_RECV:
		do_reply(thread, &thread->slots[TCB_SLOT_CALLER]);
		handle_receive(thread, true);
		break;
	case KAURI_SYS_YIELD:
		sched_yield();
		break;
	default:
		deliver_fault(thread, FAULT_UNKNOWN_SYSCALL, thread->context.pc, thread->context.sp, number, regs[0]);
		break;
	}
}
