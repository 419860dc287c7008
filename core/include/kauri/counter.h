/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: the generic timer's count, readable at EL0 (its frequency is in BootInfo), and the cycle counter. */
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

/* CNTFRQ_EL0: the counter's ticks per second (readable wherever the count is). */
static inline uint64_t kauri_counter_frequency(void)
{
	uint64_t hz;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return hz;
}

/* The counter's ticks per millisecond, at least 1 (a driver's timeouts count in these). */
static inline uint64_t kauri_counter_per_ms(void)
{
	uint64_t per_ms = kauri_counter_frequency() / 1000;

	return per_ms ? per_ms : 1;
}

/*
 * PMCCNTR_EL0, the PMU cycle counter: readable only in images built with
 * CONFIG_USER_CYCLE_COUNTER (make bench); elsewhere the read is an undefined
 * instruction. Under QEMU -icount shift=0 it counts instructions.
 */
static inline uint64_t kauri_cycles(void)
{
	uint64_t cycles;

	__asm__ volatile("isb; mrs %0, pmccntr_el0" : "=r"(cycles) : : "memory");
	return cycles;
}

#endif
