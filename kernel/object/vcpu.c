/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VCPU invocations (CONFIG_HYP): binding a TCB, which then runs as a guest at
 * EL1 in its VSpace, and the guest's EL1 system registers by number. The
 * registers go into and out of the CPU in arch/arm64/vcpu.c.
 */
#include <stddef.h>
#include <arch/context.h>
#include <arch/sysreg.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>

/* The SPSR condition flags, which survive a change between native and guest. */
#define SPSR_NZCV	0xf0000000UL

void vcpu_unbind(struct vcpu *v)
{
	struct tcb *t = v->tcb;

	vcpu_unload(v);
	if (!t)
		return;
	/* TPIDR_EL0 lives in the TCB while bound (traps.S switches it for every thread). */
	v->regs[KAURI_VCPU_REG_TPIDR_EL0] = t->context.tpidr;
	t->context.spsr = (t->context.spsr & SPSR_NZCV) | SPSR_EL0T;
	t->vcpu = NULL;
	v->tcb = NULL;
	/* A guest's VSpace is no address space for a thread without a VCPU (sched.c). */
	sched_vspace_refresh(t);
}

static void vcpu_bind(struct vcpu *v, struct tcb *t)
{
	if (t->vcpu)
		vcpu_unbind(t->vcpu);
	vcpu_unbind(v);
	t->vcpu = v;
	v->tcb = t;
	t->context.tpidr = v->regs[KAURI_VCPU_REG_TPIDR_EL0];
	/* A guest starts at EL1 on SP_EL1 with everything masked, as after reset. */
	t->context.spsr = SPSR_EL1H_MASKED;
	sched_vspace_refresh(t);
}

/* The last capability went: the thread stops being a guest. */
void finalise_vcpu(struct cap c)
{
	vcpu_unbind(cap_object(c));
}

static void invoke_vcpu_set_tcb(struct vcpu *v, struct tcb *t)
{
	vcpu_bind(v, t);
}

static enum kauri_error decode_vcpu_set_tcb(struct invocation *inv, struct vcpu *v)
{
	struct cap c;

	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	c = inv->extra_slots[0]->cap;
	if (cap_type(c) != CAP_TCB)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	/* The caller would return from this call at EL1: a guest never makes system calls. */
	if (cap_object(c) == inv->thread)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	invoke_vcpu_set_tcb(v, cap_object(c));
	return KAURI_OK;
}

static void invoke_vcpu_unbind_tcb(struct vcpu *v)
{
	vcpu_unbind(v);
}

static uint64_t read_vcpu_register(const struct vcpu *v, unsigned int r)
{
	if (r == KAURI_VCPU_REG_TPIDR_EL0 && v->tcb)
		return v->tcb->context.tpidr;
	return v->regs[r];
}

static void invoke_vcpu_read_register(struct invocation *inv, struct vcpu *v, unsigned int r)
{
	vcpu_flush(v);		/* the last guest to run may still have its EL1 registers in the CPU */
	set_mr(inv->thread, 0, read_vcpu_register(v, r));
	inv->reply_length = 1;
}

/* MR0 a register number: checked the same for reading and writing. */
static enum kauri_error decode_register_number(struct invocation *inv, unsigned int needed, unsigned int *r)
{
	uint64_t number;

	if (inv->length < needed)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	number = get_mr(inv->thread, 0);
	if (number >= KAURI_VCPU_NUM_REGS)
		return fail(KAURI_RANGE_ERROR, 0, KAURI_VCPU_NUM_REGS - 1);
	*r = (unsigned int)number;
	return KAURI_OK;
}

static enum kauri_error decode_vcpu_read_register(struct invocation *inv, struct vcpu *v)
{
	unsigned int r;
	enum kauri_error err = decode_register_number(inv, 1, &r);

	if (err)
		return err;
	invoke_vcpu_read_register(inv, v, r);
	return KAURI_OK;
}

/* The registers live in the object: the guest is never running while its VMM invokes. */
static void invoke_vcpu_write_register(struct vcpu *v, unsigned int r, uint64_t value)
{
	vcpu_flush(v);		/* and the value goes in from the object as the guest next runs */
	if (r == KAURI_VCPU_REG_TPIDR_EL0 && v->tcb)
		v->tcb->context.tpidr = value;
	else
		v->regs[r] = value;
}

static enum kauri_error decode_vcpu_write_register(struct invocation *inv, struct vcpu *v)
{
	unsigned int r;
	enum kauri_error err = decode_register_number(inv, 2, &r);

	if (err)
		return err;
	invoke_vcpu_write_register(v, r, get_mr(inv->thread, 1));
	return KAURI_OK;
}

#define VIRQ_LIMIT	1020	/* INTIDs 1020-1023 are special */

/*
 * Into list register LR, or with LR KAURI_VCPU_LR_ANY the first free one or
 * the queue (the decoder found room). The guest is not running: the object holds its LRs.
 */
static void invoke_vcpu_inject_irq(struct vcpu *v, uint64_t value, unsigned int lr)
{
	struct vgic_state *s = &v->vgic;

	if (lr == KAURI_VCPU_LR_ANY) {
		for (lr = 0; lr < vgic_lr_count(); lr++)
			if (vgic_lr_free(s->cpu.lr[lr]))
				break;
		if (lr == vgic_lr_count()) {
			s->queue[s->queued++] = value;
			return;
		}
	}
	s->cpu.lr[lr] = value;
}

static bool virq_present(const struct vgic_state *s, unsigned int virq)
{
	for (unsigned int i = 0; i < vgic_lr_count(); i++)
		if (!vgic_lr_free(s->cpu.lr[i]) && vgic_lr_virq(s->cpu.lr[i]) == virq)
			return true;
	for (unsigned int i = 0; i < s->queued; i++)
		if (vgic_lr_virq(s->queue[i]) == virq)
			return true;
	return false;
}

static bool lr_any_free(const struct vgic_state *s)
{
	for (unsigned int i = 0; i < vgic_lr_count(); i++)
		if (vgic_lr_free(s->cpu.lr[i]))
			return true;
	return false;
}

/* MR0 virq, MR1 priority, MR2 group, MR3 list register or LR_ANY, MR4 flags (optional). */
static enum kauri_error decode_vcpu_inject_irq(struct invocation *inv, struct vcpu *v)
{
	uint64_t virq, priority, group, lr, flags;

	if (!vgic_lr_count())
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);	/* the GIC has no virtual CPU interface */
	if (inv->length < 4)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	virq = get_mr(inv->thread, 0);
	priority = get_mr(inv->thread, 1);
	group = get_mr(inv->thread, 2);
	lr = get_mr(inv->thread, 3);
	flags = inv->length >= 5 ? get_mr(inv->thread, 4) : 0;
	if (virq >= VIRQ_LIMIT)
		return fail(KAURI_RANGE_ERROR, 0, VIRQ_LIMIT - 1);
	if (priority > 0xff)
		return fail(KAURI_RANGE_ERROR, 0, 0xff);
	if (group > 1)
		return fail(KAURI_RANGE_ERROR, 0, 1);
	if (lr != KAURI_VCPU_LR_ANY && lr >= vgic_lr_count())
		return fail(KAURI_RANGE_ERROR, 0, vgic_lr_count() - 1);
	if (flags & ~(uint64_t)KAURI_VCPU_IRQ_EOI_EXIT)
		return fail(KAURI_INVALID_ARGUMENT, 4, 0);
	/* Two list registers with one INTID are UNPREDICTABLE (GICv3 spec 4.9.3). */
	if (virq_present(&v->vgic, (unsigned int)virq))
		return fail(KAURI_DELETE_FIRST, 0, 0);
	if (lr != KAURI_VCPU_LR_ANY && !vgic_lr_free(v->vgic.cpu.lr[lr]))
		return fail(KAURI_DELETE_FIRST, 0, 0);
	if (lr == KAURI_VCPU_LR_ANY && !lr_any_free(&v->vgic) && v->vgic.queued == KAURI_VCPU_IRQ_QUEUE)
		return fail(KAURI_NOT_ENOUGH_MEMORY, 0, 0);
	invoke_vcpu_inject_irq(v, vgic_lr_make((unsigned int)virq, (unsigned int)priority, (unsigned int)group,
					       flags & KAURI_VCPU_IRQ_EOI_EXIT), (unsigned int)lr);
	return KAURI_OK;
}

/* Unmasked as the guest next runs (arch/arm64/vcpu.c restores the PPI's mask from this). */
static void invoke_vcpu_ack_vppi(struct vcpu *v)
{
	v->vgic.vtimer_masked = false;
}

static enum kauri_error decode_vcpu_ack_vppi(struct invocation *inv, struct vcpu *v)
{
	if (inv->length < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	if (get_mr(inv->thread, 0) != KAURI_VCPU_VTIMER_PPI)
		return fail(KAURI_RANGE_ERROR, KAURI_VCPU_VTIMER_PPI, KAURI_VCPU_VTIMER_PPI);
	invoke_vcpu_ack_vppi(v);
	return KAURI_OK;
}

/* Takes effect as the guest next runs: the VMM invokes while it is not running. */
static void invoke_vcpu_set_wfx(struct vcpu *v, unsigned int wfi_mode, unsigned int wfe_mode)
{
	v->wfi_mode = (uint8_t)wfi_mode;
	v->wfe_mode = (uint8_t)wfe_mode;
}

static enum kauri_error decode_vcpu_set_wfx(struct invocation *inv, struct vcpu *v)
{
	uint64_t wfi, wfe;

	if (inv->length < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	wfi = get_mr(inv->thread, 0);
	wfe = get_mr(inv->thread, 1);
	if (wfi >= KAURI_VCPU_WFX_MODES || wfe >= KAURI_VCPU_WFX_MODES)
		return fail(KAURI_RANGE_ERROR, 0, KAURI_VCPU_WFX_MODES - 1);
	invoke_vcpu_set_wfx(v, (unsigned int)wfi, (unsigned int)wfe);
	return KAURI_OK;
}

enum kauri_error decode_vcpu_invocation(struct invocation *inv)
{
	struct vcpu *v = cap_object(inv->cap);

	switch (inv->label) {
	case KAURI_VCPU_SET_TCB:
		return decode_vcpu_set_tcb(inv, v);
	case KAURI_VCPU_UNBIND_TCB:
		invoke_vcpu_unbind_tcb(v);
		return KAURI_OK;
	case KAURI_VCPU_READ_REGISTER:
		return decode_vcpu_read_register(inv, v);
	case KAURI_VCPU_WRITE_REGISTER:
		return decode_vcpu_write_register(inv, v);
	case KAURI_VCPU_INJECT_IRQ:
		return decode_vcpu_inject_irq(inv, v);
	case KAURI_VCPU_ACK_VPPI:
		return decode_vcpu_ack_vppi(inv, v);
	case KAURI_VCPU_SET_WFX:
		return decode_vcpu_set_wfx(inv, v);
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
