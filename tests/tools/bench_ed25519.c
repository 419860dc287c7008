/* SPDX-License-Identifier: BSD-2-Clause */
/* Benchmark: Kauri's Ed25519 signatures and verifications per second (64-byte messages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <format/ed25519.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 2000, i;
	uint8_t seed[32], pub[32], msg[64], *sigs;
	double t0, t_sign, t_verify;

	if (n <= 0)
		return 1;
	sigs = malloc((size_t)n * 64);
	if (!sigs)
		return 1;
	memset(seed, 7, sizeof(seed));
	memset(msg, 1, sizeof(msg));
	ed25519_public_key(pub, seed);
	t0 = now();
	for (i = 0; i < n; i++) {
		msg[0] = (uint8_t)i;
		ed25519_sign(sigs + 64 * i, msg, sizeof(msg), seed, pub);
	}
	t_sign = now() - t0;
	t0 = now();
	for (i = 0; i < n; i++) {
		msg[0] = (uint8_t)i;
		if (ed25519_verify(sigs + 64 * i, msg, sizeof(msg), pub) != 0) {
			fprintf(stderr, "bench_ed25519: signature %d does not verify\n", i);
			return 1;
		}
	}
	t_verify = now() - t0;
	printf("%.1f %.1f\n", n / t_sign, n / t_verify);
	free(sigs);
	return 0;
}
