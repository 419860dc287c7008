/* SPDX-License-Identifier: BSD-2-Clause */
/* The Arm generic timer as the kernel uses it: a free-running counter and one deadline. */
#ifndef DRIVERS_TIMER_H
#define DRIVERS_TIMER_H

#include <stdint.h>

/* Takes the INTID of the timer the kernel's EL uses. */
void timer_init(unsigned int intid);
unsigned int timer_irq(void);
uint64_t timer_now(void);
/* Raises timer_irq() when the counter reaches DEADLINE (until the next call). */
void timer_set_deadline(uint64_t deadline);

static inline uint64_t timer_ms_to_ticks(uint32_t frequency, uint64_t ms)
{
	return ms * frequency / 1000;
}

#endif
