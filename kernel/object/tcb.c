/* SPDX-License-Identifier: BSD-2-Clause */
/* TCB invocations: configure, registers, priorities, resume/suspend, notification binding. */
#include <stddef.h>
#include <arch/memory.h>
#include <uapi/kauri/invocation.h>
#include <uapi/kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>

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
		/* A guest may be at EL1 or EL0, never at EL2; a native thread only at EL0. */
		t->context.spsr = t->vcpu ? vcpu_spsr(value) : (value & SPSR_USER_FLAGS) | SPSR_EL0T;
		break;
	case KAURI_TCB_REG_TPIDR:
		t->context.tpidr = value;
		break;
	default:
		t->context.x[r - KAURI_TCB_REG_X0] = value;
		break;
	}
}

static void suspend(struct tcb *t)
{
	ipc_cancel(t);
	sched_block(t, THREAD_INACTIVE);
}

/* The last TCB capability is going: the thread stops and lets go of its notification, VCPU and FP registers. */
void finalise_tcb(struct cap c)
{
	struct tcb *t = cap_object(c);

	suspend(t);
	notification_unbind(t);
	if (t->vcpu)
		vcpu_unbind(t->vcpu);
	/* Its slots may take a while to empty (a large CNode's deletion stops for interrupts). */
	sched_fpu_disown(t);
}

/* What TCB.Configure installs, checked. */
struct configure_args {
	uint64_t fault_endpoint;
	uint64_t buffer_addr;		/* 0: no IPC buffer */
	struct cte *src[TCB_SLOT_CALLER];	/* where the CSpace, VSpace and buffer caps come from */
	struct cap cap[TCB_SLOT_CALLER];	/* what goes into the TCB's slots */
};

_Static_assert(sizeof(struct kauri_ipc_buffer) <= 1UL << IPC_BUFFER_ALIGN_BITS,
	       "an aligned IPC buffer never crosses its frame's end");

/* The IPC buffer is where the kernel writes messages: writable, ordinary RAM. */
static bool usable_ipc_buffer(struct cap frame)
{
	return cap_type(frame) == CAP_FRAME && (cap_frame_rights(frame) & (VM_READ | VM_WRITE)) == (VM_READ | VM_WRITE) &&
	       !cap_frame_device(frame);
}

static enum kauri_error decode_configure_args(struct invocation *inv, struct configure_args *args)
{
	struct cte *cspace, *vspace, *buffer;
	enum kauri_error err;

	if (inv->length < 3 || inv->extra_count < 3)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	args->fault_endpoint = get_mr(inv->thread, 0);
	args->buffer_addr = get_mr(inv->thread, 2);
	cspace = inv->extra_slots[0];
	vspace = inv->extra_slots[1];
	buffer = inv->extra_slots[2];

	if (cap_type(cspace->cap) != CAP_CNODE)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	args->cap[TCB_SLOT_CSPACE] = cap_derive(cspace, &err);
	if (err)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	if (cap_type(vspace->cap) != CAP_VSPACE || !cap_vspace_assigned(vspace->cap))
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	args->cap[TCB_SLOT_VSPACE] = cap_derive(vspace, &err);
	if (err)
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	args->src[TCB_SLOT_CSPACE] = cspace;
	args->src[TCB_SLOT_VSPACE] = vspace;
	args->src[TCB_SLOT_IPC_BUFFER] = NULL;
	args->cap[TCB_SLOT_IPC_BUFFER] = cap_null();
	if (args->buffer_addr) {
		if (!usable_ipc_buffer(buffer->cap))
			return fail(KAURI_INVALID_CAPABILITY, 3, 0);
		if (args->buffer_addr & ((1UL << IPC_BUFFER_ALIGN_BITS) - 1))
			return fail(KAURI_ALIGNMENT_ERROR, 0, 0);
		args->cap[TCB_SLOT_IPC_BUFFER] = cap_derive(buffer, &err);
		if (err)
			return fail(KAURI_INVALID_CAPABILITY, 3, 0);
		args->src[TCB_SLOT_IPC_BUFFER] = buffer;
	}
	return KAURI_OK;
}

static bool still_holds(const struct cte *slot, struct cap c)
{
	return cap_type(slot->cap) == cap_type(c) && cap_same_object(slot->cap, c);
}

/*
 * Emptying one of the TCB's slots can delete anything, the CNode the other
 * capabilities come from or the TCB itself (a thread configuring itself with
 * a new CSpace can drop the last capability to its old one). As seL4 does,
 * each copy goes in only if the TCB and the source are still where they were.
 */
static void invoke_tcb_configure(struct cte *tcb_slot, struct tcb *t, const struct configure_args *args)
{
	struct cap tcb_cap = tcb_slot->cap;

	for (unsigned int which = TCB_SLOT_CSPACE; which < TCB_SLOT_CALLER; which++) {
		struct cte *slot = &t->slots[which];
		struct cte *src = args->src[which];

		cte_delete(slot);
		if (!still_holds(tcb_slot, tcb_cap))
			return;
		if (src && cap_is_null(slot->cap) && still_holds(src, args->cap[which]))
			cte_insert(src, slot, args->cap[which]);
	}
	t->fault_endpoint = args->fault_endpoint;
	t->ipc_buffer = args->buffer_addr;
	sched_vspace_refresh(t);
}

/* The authority TCB (extra cap 0) bounds the priority anyone may set with it. */
static enum kauri_error decode_priority(struct invocation *inv, uint64_t *value)
{
	struct tcb *authority;

	if (inv->length < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	*value = get_mr(inv->thread, 0);
	if (*value >= CONFIG_NUM_PRIORITIES)
		return fail(KAURI_RANGE_ERROR, 0, CONFIG_NUM_PRIORITIES - 1);
	if (inv->extra_count < 1 || cap_type(inv->extra_slots[0]->cap) != CAP_TCB)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	authority = cap_object(inv->extra_slots[0]->cap);
	if (*value > authority->max_priority)
		return fail(KAURI_RANGE_ERROR, 0, authority->max_priority);
	return KAURI_OK;
}

/* Registers MR0 suspend-first/resume, MR1 count: checked the same for reading and writing. */
static enum kauri_error decode_register_count(struct invocation *inv, struct tcb *t, uint64_t *count)
{
	if (inv->length < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	*count = get_mr(inv->thread, 1);
	if (*count < 1 || *count > KAURI_TCB_REG_COUNT)
		return fail(KAURI_RANGE_ERROR, 1, KAURI_TCB_REG_COUNT);
	if (t == inv->thread)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	return KAURI_OK;
}

static void invoke_tcb_read_registers(struct invocation *inv, struct tcb *t, bool suspend_first,
				      unsigned int count)
{
	if (suspend_first)
		suspend(t);
	for (unsigned int r = 0; r < count; r++)
		set_mr(inv->thread, r, read_register(t, r));
	inv->reply_length = count;
}

static enum kauri_error decode_tcb_read_registers(struct invocation *inv, struct tcb *t)
{
	uint64_t count;
	enum kauri_error err = decode_register_count(inv, t, &count);

	if (err)
		return err;
	invoke_tcb_read_registers(inv, t, get_mr(inv->thread, 0) != 0, (unsigned int)count);
	return KAURI_OK;
}

static void invoke_tcb_write_registers(struct invocation *inv, struct tcb *t, bool resume, unsigned int count)
{
	for (unsigned int r = 0; r < count; r++)
		write_register(t, r, get_mr(inv->thread, 2 + r));
	if (resume) {
		ipc_cancel(t);
		t->fault = FAULT_NONE;
		sched_make_runnable(t);
	}
}

static enum kauri_error decode_tcb_write_registers(struct invocation *inv, struct tcb *t)
{
	uint64_t count;
	enum kauri_error err = decode_register_count(inv, t, &count);

	if (err)
		return err;
	if (inv->length < 2 + count)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	invoke_tcb_write_registers(inv, t, get_mr(inv->thread, 0) != 0, (unsigned int)count);
	return KAURI_OK;
}

static enum kauri_error decode_tcb_configure(struct invocation *inv, struct tcb *t)
{
	struct configure_args args = { 0 };
	enum kauri_error err = decode_configure_args(inv, &args);

	if (err)
		return err;
	invoke_tcb_configure(inv->slot, t, &args);
	return KAURI_OK;
}

static void invoke_tcb_set_priority(struct tcb *t, uint8_t priority)
{
	sched_set_priority(t, priority);
}

static enum kauri_error decode_tcb_set_priority(struct invocation *inv, struct tcb *t)
{
	uint64_t value;
	enum kauri_error err = decode_priority(inv, &value);

	if (err)
		return err;
	invoke_tcb_set_priority(t, (uint8_t)value);
	return KAURI_OK;
}

static void invoke_tcb_set_mc_priority(struct tcb *t, uint8_t mcp)
{
	t->max_priority = mcp;
}

static enum kauri_error decode_tcb_set_mc_priority(struct invocation *inv, struct tcb *t)
{
	uint64_t value;
	enum kauri_error err = decode_priority(inv, &value);

	if (err)
		return err;
	invoke_tcb_set_mc_priority(t, (uint8_t)value);
	return KAURI_OK;
}

static void invoke_tcb_resume(struct tcb *t)
{
	if (t->state == THREAD_INACTIVE)
		sched_make_runnable(t);
}

static void invoke_tcb_suspend(struct tcb *t)
{
	suspend(t);
}

static void invoke_tcb_bind_notification(struct notification *n, struct tcb *t)
{
	notification_bind(n, t);
}

static enum kauri_error decode_tcb_bind_notification(struct invocation *inv, struct tcb *t)
{
	struct cap n;

	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	n = inv->extra_slots[0]->cap;
	if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & KAURI_RIGHT_READ))
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	if (!notification_may_bind(cap_object(n), t))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	invoke_tcb_bind_notification(cap_object(n), t);
	return KAURI_OK;
}

static void invoke_tcb_unbind_notification(struct tcb *t)
{
	notification_unbind(t);
}

static void invoke_tcb_set_name(struct invocation *inv, struct tcb *t, unsigned int length)
{
	for (unsigned int i = 0; i < length; i++) {
		uint8_t c = mr_text_byte(inv->thread, 1, i);

		/* The name appears in kernel lines: no control characters to forge others with. */
		t->name[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	t->name[length] = '\0';
}

static enum kauri_error decode_tcb_set_name(struct invocation *inv, struct tcb *t)
{
	uint64_t length;

	if (inv->length < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	length = get_mr(inv->thread, 0);
	if (length > KAURI_THREAD_NAME_MAX)
		length = KAURI_THREAD_NAME_MAX;	/* longer names are cut */
	if (inv->length < 1 + (length + 7) / 8)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	invoke_tcb_set_name(inv, t, (unsigned int)length);
	return KAURI_OK;
}

enum kauri_error decode_tcb_invocation(struct invocation *inv)
{
	struct tcb *t = cap_object(inv->cap);

	switch (inv->label) {
	case KAURI_TCB_READ_REGISTERS:
		return decode_tcb_read_registers(inv, t);
	case KAURI_TCB_WRITE_REGISTERS:
		return decode_tcb_write_registers(inv, t);
	case KAURI_TCB_CONFIGURE:
		return decode_tcb_configure(inv, t);
	case KAURI_TCB_SET_PRIORITY:
		return decode_tcb_set_priority(inv, t);
	case KAURI_TCB_SET_MC_PRIORITY:
		return decode_tcb_set_mc_priority(inv, t);
	case KAURI_TCB_RESUME:
		invoke_tcb_resume(t);
		return KAURI_OK;
	case KAURI_TCB_SUSPEND:
		invoke_tcb_suspend(t);
		return KAURI_OK;
	case KAURI_TCB_BIND_NOTIFICATION:
		return decode_tcb_bind_notification(inv, t);
	case KAURI_TCB_UNBIND_NOTIFICATION:
		if (!t->bound_notification)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		invoke_tcb_unbind_notification(t);
		return KAURI_OK;
	case KAURI_TCB_SET_NAME:
		return decode_tcb_set_name(inv, t);
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
