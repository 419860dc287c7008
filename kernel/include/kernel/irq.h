/* SPDX-License-Identifier: BSD-2-Clause */
/* IRQ handler objects as seen by the interrupt path. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>

#define MAX_IRQS	1020

/* Signals the notification of INTID's handler (masking the line); false if nobody claimed it. */
bool irq_deliver(unsigned int intid);

#endif
