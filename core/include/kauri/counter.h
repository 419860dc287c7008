/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: the generic timer's count, readable at EL0 (its frequency is in BootInfo). */
#ifndef KAURI_COUNTER_H
#define KAURI_COUNTER_H

#include <stdint.h>

/* CNTVCT_EL0, read after an isb so it is not taken ahead of the code before it. */
static inline uint64_t kauri_counter(void)
{
	uint64_t ticks;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(ticks));
	return ticks;
}

#endif
