/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * IRQ handlers: one per interrupt line; a handler signals its notification when
 * the line fires. The kernel masks the line then, so a level-triggered device
 * cannot storm; IRQHandler.Ack unmasks it.
 */
#include <stddef.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/interrupt.h>
#include <kernel/invocation.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>

static bool irq_claimed[MAX_IRQS];
static struct cte irq_notification[MAX_IRQS];	/* a copy of the notification cap per line */

bool irq_is_claimed(unsigned int intid)
{
	return intid < MAX_IRQS && irq_claimed[intid];
}

const bool *irq_claimed_lines(void)
{
	return irq_claimed;
}

void irq_claim(unsigned int intid)
{
	irq_claimed[intid] = true;
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

/* The line's last handler capability went: masked, its notification forgotten, free to claim. */
void finalise_irq_handler(struct cap c)
{
	unsigned int intid = cap_irq_intid(c);

	if (intid >= MAX_IRQS)
		return;
	irq_mask(intid);
	cte_delete(&irq_notification[intid]);
	irq_claimed[intid] = false;
}

static void invoke_irq_handler_ack(unsigned int intid)
{
	irq_unmask(intid);
}

static void invoke_irq_handler_set_notification(unsigned int intid, struct cte *ntfn)
{
	cte_delete(&irq_notification[intid]);
	cte_insert(ntfn, &irq_notification[intid], ntfn->cap);
	irq_unmask(intid);
}

static enum kauri_error decode_irq_handler_set_notification(struct invocation *inv, unsigned int intid)
{
	struct cap n;

	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	n = inv->extra_slots[0]->cap;
	if (cap_type(n) != CAP_NOTIFICATION || !(cap_rights(n) & KAURI_RIGHT_WRITE))
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	invoke_irq_handler_set_notification(intid, inv->extra_slots[0]);
	return KAURI_OK;
}

static void invoke_irq_handler_clear(unsigned int intid)
{
	irq_mask(intid);
	cte_delete(&irq_notification[intid]);
}

enum kauri_error decode_irq_handler_invocation(struct invocation *inv)
{
	unsigned int intid = cap_irq_intid(inv->cap);

	switch (inv->label) {
	case KAURI_IRQ_ACK:
		invoke_irq_handler_ack(intid);
		return KAURI_OK;
	case KAURI_IRQ_SET_NOTIFICATION:
		return decode_irq_handler_set_notification(inv, intid);
	case KAURI_IRQ_CLEAR:
		invoke_irq_handler_clear(intid);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
