/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IRQ control: hands out one IRQ handler capability per interrupt line (16 up), except the kernel's
 * own: its timer and, while it drives guests' virtual CPU interfaces, the GIC maintenance PPI.
 */
#include <stddef.h>
#include <drivers/timer.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/interrupt.h>
#include <kernel/invocation.h>
#include <kernel/irq.h>
#include <kernel/object_type.h>
#include <kernel/vcpu.h>

#define FIRST_USER_IRQ	16	/* SGIs (0-15) belong to the kernel */

/* The handler is IRQ control's child: revoking IRQ control takes every handler back. */
static void invoke_irq_control_get(struct cte *control, struct cte *dest, unsigned int intid)
{
	irq_claim(intid);
	cdt_insert_child(control, dest, cap_irq_handler(intid), true, false);
}

/* MR0 the line, MR1/MR2 the destination slot's index and depth in cap0. */
static enum kauri_error decode_irq_control_get(struct invocation *inv)
{
	struct cte *dest;
	enum kauri_error err;
	uint64_t intid;

	if (inv->length < 3 || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	intid = get_mr(inv->thread, 0);
	if (intid < FIRST_USER_IRQ || intid >= irq_line_count() || intid >= MAX_IRQS || intid == timer_irq())
		return fail(KAURI_RANGE_ERROR, FIRST_USER_IRQ, irq_line_count() - 1);
	if (vgic_owns_irq((unsigned int)intid))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (irq_is_claimed((unsigned int)intid))
		return fail(KAURI_REVOKE_FIRST, 0, 0);
	err = lookup_empty_slot(inv->extra_slots[0]->cap, get_mr(inv->thread, 1), get_mr(inv->thread, 2), &dest);
	if (err)
		return err;
	invoke_irq_control_get(inv->slot, dest, (unsigned int)intid);
	return KAURI_OK;
}

enum kauri_error decode_irq_control_invocation(struct invocation *inv)
{
	if (inv->label != KAURI_IRQ_CONTROL_GET)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	return decode_irq_control_get(inv);
}
