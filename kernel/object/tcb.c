/* SPDX-License-Identifier: BSD-2-Clause */
/* TCB invocations: configure, registers, priorities, resume/suspend, notification binding. */
#include <stddef.h>
#include <arch/memory.h>
#include <kauri/invocation.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/objects.h>
#include <kernel/thread.h>

/* User code may only change the condition flags of SPSR: mode stays EL0, interrupts on. */
#define SPSR_USER_FLAGS	0xf0000000UL

#define IPC_BUFFER_ALIGN_BITS	10

static uint64_t read_register(struct tcb *t, unsigned int r)
{
	switch (r) {
	case KAURI_TCB_REG_PC:
		return t->context.pc;
	case KAURI_TCB_REG_SP:
		return t->context.sp;
	case KAURI_TCB_REG_SPSR:
		return t->context.spsr;
	case KAURI_TCB_REG_TPIDR:
		return t->context.tpidr;
	default:
		return t->context.x[r - KAURI_TCB_REG_X0];
	}
}

static void write_register(struct tcb *t, unsigned int r, uint64_t value)
{
	switch (r) {
	case KAURI_TCB_REG_PC:
		t->context.pc = value;
		break;
	case KAURI_TCB_REG_SP:
		t->context.sp = value;
		break;
	case KAURI_TCB_REG_SPSR:
		t->context.spsr = (value & SPSR_USER_FLAGS) | SPSR_EL0T;
		break;
	case KAURI_TCB_REG_TPIDR:
		t->context.tpidr = value;
		break;
	default:
		t->context.x[r - KAURI_TCB_REG_X0] = value;
		break;
	}
}

static void invoke_suspend(struct tcb *t)
{
	ipc_cancel(t);
	sched_block(t, THREAD_INACTIVE);
}

static void invoke_resume(struct tcb *t)
{
	if (t->state == THREAD_INACTIVE)
		sched_make_runnable(t);
}

void tcb_destroy(struct tcb *t)
{
	invoke_suspend(t);
	notification_unbind(t);
}

/* Replaces the capability in one of the TCB's own slots by a copy of SRC's. */
static void install_slot(struct tcb *t, enum tcb_slot which, struct cte *src, struct cap derived)
{
	struct cte *slot = &t->slots[which];

	cte_delete(slot);
	if (src && cap_is_null(slot->cap))
		cte_insert(src, slot, derived);
}

static enum kauri_error decode_configure(struct invocation *inv, struct tcb *t)
{
	struct cte *cspace, *vspace, *buffer;
	struct cap cspace_cap, vspace_cap, buffer_cap = cap_null();
	uint64_t fault_ep, buffer_addr;
	enum kauri_error err;

	if (inv->length < 3 || inv->extra_count < 3)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	fault_ep = get_mr(inv->thread, 0);
	buffer_addr = get_mr(inv->thread, 2);
	cspace = inv->extra_slots[0];
	vspace = inv->extra_slots[1];
	buffer = inv->extra_slots[2];

	if (cap_type(cspace->cap) != CAP_CNODE)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	cspace_cap = cap_derive(cspace, &err);
	if (err)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	if (cap_type(vspace->cap) != CAP_VSPACE || !cap_vspace_assigned(vspace->cap))
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	vspace_cap = cap_derive(vspace, &err);
	if (err)
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	if (buffer_addr) {
		if (cap_type(buffer->cap) != CAP_FRAME)
			return fail(KAURI_INVALID_CAPABILITY, 3, 0);
		if (buffer_addr & ((1UL << IPC_BUFFER_ALIGN_BITS) - 1))
			return fail(KAURI_ALIGNMENT_ERROR, 0, 0);
		buffer_cap = cap_derive(buffer, &err);
		if (err)
			return fail(KAURI_INVALID_CAPABILITY, 3, 0);
	}

	/* Nothing can fail from here on. */
	install_slot(t, TCB_SLOT_CSPACE, cspace, cspace_cap);
	install_slot(t, TCB_SLOT_VSPACE, vspace, vspace_cap);
	install_slot(t, TCB_SLOT_IPC_BUFFER, buffer_addr ? buffer : NULL, buffer_cap);
	t->fault_endpoint = fault_ep;
	t->ipc_buffer = buffer_addr;
	t->vspace.root = cap_object_pa(vspace_cap);
	t->vspace.asid = (uint16_t)cap_vspace_asid(vspace_cap);
	if (t == current_thread())
		vspace_activate(&t->vspace);
	return KAURI_OK;
}

/* The authority TCB (extra cap 0) bounds the priority anyone may set with it. */
static enum kauri_error check_priority(struct invocation *inv, uint64_t wanted)
{
	struct tcb *authority;

	if (inv->extra_count < 1 || cap_type(inv->extra_slots[0]->cap) != CAP_TCB)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	authority = cap_object(inv->extra_slots[0]->cap);
	if (wanted > authority->max_priority)
		return fail(KAURI_RANGE_ERROR, 0, authority->max_priority);
	return KAURI_OK;
}

enum kauri_error decode_tcb_invocation(struct invocation *inv)
{
	struct tcb *t = cap_object(inv->cap);
	uint64_t value, count;
	enum kauri_error err;

	switch (inv->label) {
	case KAURI_TCB_READ_REGISTERS:
		if (inv->length < 2)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		count = get_mr(inv->thread, 1);
		if (count < 1 || count > KAURI_TCB_REG_COUNT)
			return fail(KAURI_RANGE_ERROR, 1, KAURI_TCB_REG_COUNT);
		if (t == inv->thread)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		if (get_mr(inv->thread, 0))
			invoke_suspend(t);
		for (unsigned int r = 0; r < count; r++)
			set_mr(inv->thread, r, read_register(t, r));
		inv->reply_length = (unsigned int)count;
		return KAURI_OK;
	case KAURI_TCB_WRITE_REGISTERS:
		if (inv->length < 2)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		count = get_mr(inv->thread, 1);
		if (count < 1 || count > KAURI_TCB_REG_COUNT)
			return fail(KAURI_RANGE_ERROR, 1, KAURI_TCB_REG_COUNT);
		if (inv->length < 2 + count)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		if (t == inv->thread)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		for (unsigned int r = 0; r < count; r++)
			write_register(t, r, get_mr(inv->thread, 2 + r));
		if (get_mr(inv->thread, 0)) {
			ipc_cancel(t);
			t->fault = FAULT_NONE;
			sched_make_runnable(t);
		}
		return KAURI_OK;
	case KAURI_TCB_CONFIGURE:
		return decode_configure(inv, t);
	case KAURI_TCB_SET_PRIORITY:
	case KAURI_TCB_SET_MC_PRIORITY:
		if (inv->length < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		value = get_mr(inv->thread, 0);
		if (value >= CONFIG_NUM_PRIORITIES)
			return fail(KAURI_RANGE_ERROR, 0, CONFIG_NUM_PRIORITIES - 1);
		err = check_priority(inv, value);
		if (err)
			return err;
		if (inv->label == KAURI_TCB_SET_PRIORITY)
			sched_set_priority(t, (uint8_t)value);
		else
			t->max_priority = (uint8_t)value;
		return KAURI_OK;
	case KAURI_TCB_RESUME:
		invoke_resume(t);
		return KAURI_OK;
	case KAURI_TCB_SUSPEND:
		invoke_suspend(t);
		return KAURI_OK;
	case KAURI_TCB_BIND_NOTIFICATION: {
		struct cap n;

		if (inv->extra_count < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		n = inv->extra_slots[0]->cap;
		if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & KAURI_RIGHT_READ))
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
		if (notification_bind(cap_object(n), t) != 0)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		return KAURI_OK;
	}
	case KAURI_TCB_UNBIND_NOTIFICATION:
		if (!t->bound_notification)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		notification_unbind(t);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
