/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for benchmark apps (make bench): medians of cycle-counter samples. */
#ifndef KAURI_BENCH_H
#define KAURI_BENCH_H

#include <stdint.h>
#include <kauri/counter.h>

/* The median of N samples (sorts V in place). */
static inline uint64_t kauri_bench_median(uint64_t *v, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++)
		for (unsigned int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* What two back-to-back counter reads cost, to take off each sample. */
static inline uint64_t kauri_bench_overhead(void)
{
	uint64_t v[16];

	for (unsigned int i = 0; i < 16; i++) {
		uint64_t t0 = kauri_cycles();

		v[i] = kauri_cycles() - t0;
	}
	return kauri_bench_median(v, 16);
}

#endif
