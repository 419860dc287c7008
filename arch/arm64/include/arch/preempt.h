/* SPDX-License-Identifier: BSD-2-Clause */
/* Where long kernel operations ask whether to stop for an interrupt (kernel/cspace.c's revoke). */
#ifndef ARCH_PREEMPT_H
#define ARCH_PREEMPT_H

#include <stdbool.h>
#include <arch/sysreg.h>

/* ISR_EL1.I: an IRQ is pending (the kernel runs with IRQs masked, so it waits to be taken). */
#define ISR_EL1_I	(1UL << 7)

/* Whether an interrupt waits to be taken: a long operation stops at its next safe point. */
static inline bool arch_interrupt_pending(void)
{
	return read_sysreg(isr_el1) & ISR_EL1_I;
}

#endif
