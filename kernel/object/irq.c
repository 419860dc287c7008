/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IRQControl hands out one IRQHandler capability per interrupt line; a handler
 * signals its notification when the line fires. The kernel masks the line
 * then, so a level-triggered device cannot storm; IRQHandler.Ack unmasks it.
 */
#include <stddef.h>
#include <drivers/irq_controller.h>
#include <drivers/timer.h>
#include <kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/objects.h>
#include <kernel/printk.h>

#define FIRST_USER_IRQ	16	/* SGIs (0-15) belong to the kernel */

static bool irq_claimed[MAX_IRQS];
static struct cte irq_notification[MAX_IRQS];	/* a copy of the notification cap per line */

const bool *irq_claimed_lines(void)
{
	return irq_claimed;
}

bool irq_is_claimed(unsigned int intid)
{
	return intid < MAX_IRQS && irq_claimed[intid];
}

struct cte *irq_notification_slot(unsigned int intid)
{
	return &irq_notification[intid];
}

int irq_notification_slot_index(const struct cte *slot)
{
	if (slot < irq_notification || slot >= irq_notification + MAX_IRQS)
		return -1;
	return (int)(slot - irq_notification);
}

void irq_handler_destroy(unsigned int intid)
{
	if (intid >= MAX_IRQS)
		return;
	irq_mask(intid);
	cte_delete(&irq_notification[intid]);
	irq_claimed[intid] = false;
}

bool irq_deliver(unsigned int intid)
{
	struct cap n;

	if (intid >= MAX_IRQS || !irq_claimed[intid])
		return false;
	n = irq_notification[intid].cap;
	irq_mask(intid);
	if (cap_type(n) == CAP_NOTIFICATION)
		send_signal(cap_object(n), cap_badge(n));
	return true;
}

static enum kauri_error decode_irq_control(struct invocation *inv)
{
	struct cte *dest;
	enum kauri_error err;
	uint64_t intid;

	if (inv->label != KAURI_IRQ_CONTROL_GET)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (inv->length < 3 || inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	intid = get_mr(inv->thread, 0);
	if (intid < FIRST_USER_IRQ || intid >= irq_line_count() || intid >= MAX_IRQS || intid == timer_irq())
		return fail(KAURI_RANGE_ERROR, FIRST_USER_IRQ, irq_line_count() - 1);
	if (irq_claimed[intid])
		return fail(KAURI_REVOKE_FIRST, 0, 0);
	err = lookup_empty_slot(inv->extra_slots[0]->cap, get_mr(inv->thread, 1), get_mr(inv->thread, 2), &dest);
	if (err)
		return err;

	irq_claimed[intid] = true;
	cte_insert(inv->slot, dest, cap_irq_handler((unsigned int)intid));
	return KAURI_OK;
}

enum kauri_error decode_irq_invocation(struct invocation *inv)
{
	unsigned int intid;
	struct cap n;

	if (cap_type(inv->cap) == CAP_IRQ_CONTROL)
		return decode_irq_control(inv);
	intid = cap_irq_intid(inv->cap);
	switch (inv->label) {
	case KAURI_IRQ_ACK:
		irq_unmask(intid);
		return KAURI_OK;
	case KAURI_IRQ_SET_NOTIFICATION:
		if (inv->extra_count < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		n = inv->extra_slots[0]->cap;
		if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & KAURI_RIGHT_WRITE))
			return fail(KAURI_INVALID_CAPABILITY, 1, 0);
		cte_delete(&irq_notification[intid]);
		cte_insert(inv->extra_slots[0], &irq_notification[intid], n);
		irq_unmask(intid);
		return KAURI_OK;
	case KAURI_IRQ_CLEAR:
		irq_mask(intid);
		cte_delete(&irq_notification[intid]);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
