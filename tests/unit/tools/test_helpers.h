/* SPDX-License-Identifier: BSD-2-Clause */
/* Small helpers shared by the host-tool unit tests (hex decoding, deterministic pseudo-random data). */
#ifndef KAURI_TEST_HELPERS_H
#define KAURI_TEST_HELPERS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Decode hex into out (at most cap bytes); returns the byte count, or -1 on bad hex. */
static inline long test_unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex), i;

	if (n % 2 || n / 2 > cap)
		return -1;
	for (i = 0; i < n / 2; i++) {
		unsigned v = 0;
		int j;

		for (j = 0; j < 2; j++) {
			char c = hex[2 * i + j];

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= (unsigned)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v |= (unsigned)(c - 'a' + 10);
			else
				return -1;
		}
		out[i] = (uint8_t)v;
	}
	return (long)(n / 2);
}

/* xorshift64: reproducible test data without depending on rand(). */
static inline uint64_t test_rand_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static inline void test_rand_fill(uint64_t *state, uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(test_rand_next(state) >> 24);
}

#endif
