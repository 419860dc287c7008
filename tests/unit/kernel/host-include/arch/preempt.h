/* SPDX-License-Identifier: BSD-2-Clause */
/* Host stand-in for arch/preempt.h: the test says when an interrupt is pending. */
#ifndef ARCH_PREEMPT_H
#define ARCH_PREEMPT_H

#include <stdbool.h>

extern bool host_interrupt_pending;

static inline bool arch_interrupt_pending(void)
{
	return host_interrupt_pending;
}

#endif
