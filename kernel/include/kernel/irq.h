/* SPDX-License-Identifier: BSD-2-Clause */
/* IRQ handler objects as seen by the interrupt path. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>

#define MAX_IRQS	1020

/* Signals the notification of INTID's handler (masking the line); false if nobody claimed it. */
bool irq_deliver(unsigned int intid);

/* For the invariant checker: a line's claim, its notification slot, which line a slot is for (-1: none). */
struct cte;
bool irq_is_claimed(unsigned int intid);
void irq_claim(unsigned int intid);
const bool *irq_claimed_lines(void);	/* MAX_IRQS of them */
struct cte *irq_notification_slot(unsigned int intid);
int irq_notification_slot_index(const struct cte *slot);

#endif
