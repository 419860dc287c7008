/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SHA-256 (FIPS 180-4) with the Armv8 SHA-2 instructions, for the device: the
 * root server hashes the whole bootfs at boot, and Debian's mbedtls does it in
 * plain integer code. hash_mbedtls.c calls this when kauri_hash_sha2_instructions
 * says the CPU has them (the root server sets it from BootInfo's hwcaps).
 * Built only for AArch64; the host tools use mbedtls.
 */
#if defined(__aarch64__)
#include <arm_neon.h>
#include <string.h>
#include <format/hash.h>
#include "sha256_arm64.h"

/* The round constants: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t round_constants[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
	0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
	0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
	0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
	0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The initial hash value: the same of the square roots of the first 8 primes. */
static const uint32_t initial_state[8] = {
	0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

struct sha256_state {
	uint32x4_t abcd, efgh;
	uint8_t block[64];
	size_t used;
	uint64_t total;
};

/* COUNT 64-byte blocks into the state: four rounds per instruction pair, the schedule four words at a time. */
__attribute__((target("+crypto")))
static void compress(struct sha256_state *s, const uint8_t *data, size_t count)
{
	uint32x4_t abcd = s->abcd, efgh = s->efgh;

	for (; count; count--, data += 64) {
		uint32x4_t w[4], abcd0 = abcd, efgh0 = efgh;

		/* Unrolled whole (even at -Os), so that the schedule lives in registers, not on the stack. */
#pragma GCC unroll 4
		for (int i = 0; i < 4; i++)
			w[i] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(data + 16 * i)));
#pragma GCC unroll 16
		for (int i = 0; i < 16; i++) {
			uint32x4_t wk = vaddq_u32(w[i & 3], vld1q_u32(&round_constants[4 * i])), prev = abcd;

			/* W[t..t+3] is used at round group i; the group four ahead needs W[t+16..t+19]. */
			if (i < 12)
				w[i & 3] = vsha256su1q_u32(vsha256su0q_u32(w[i & 3], w[(i + 1) & 3]), w[(i + 2) & 3],
							   w[(i + 3) & 3]);
			abcd = vsha256hq_u32(abcd, efgh, wk);
			efgh = vsha256h2q_u32(efgh, prev, wk);
		}
		abcd = vaddq_u32(abcd, abcd0);
		efgh = vaddq_u32(efgh, efgh0);
	}
	s->abcd = abcd;
	s->efgh = efgh;
}

static void update(struct sha256_state *s, const uint8_t *data, size_t len)
{
	s->total += len;
	if (s->used) {
		size_t take = 64 - s->used < len ? 64 - s->used : len;

		memcpy(s->block + s->used, data, take);
		s->used += take;
		data += take;
		len -= take;
		if (s->used < 64)
			return;
		compress(s, s->block, 1);
		s->used = 0;
	}
	compress(s, data, len / 64);
	memcpy(s->block, data + (len & ~(size_t)63), len % 64);
	s->used = len % 64;
}

__attribute__((target("+crypto")))
int kauri_sha256_parts_arm64(const struct kauri_hash_part *parts, size_t nparts, uint8_t out[KAURI_SHA256_LEN])
{
	struct sha256_state s = { .abcd = vld1q_u32(initial_state), .efgh = vld1q_u32(initial_state + 4) };
	uint64_t bits;
	uint32_t words[8];

	for (size_t i = 0; i < nparts; i++)
		update(&s, parts[i].data, parts[i].len);
	/* Padding: 0x80, zeros to 56 bytes into a block, the length in bits, big-endian. */
	bits = s.total * 8;
	s.block[s.used++] = 0x80;
	if (s.used > 56) {
		memset(s.block + s.used, 0, 64 - s.used);
		compress(&s, s.block, 1);
		s.used = 0;
	}
	memset(s.block + s.used, 0, 56 - s.used);
	for (int i = 0; i < 8; i++)
		s.block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	compress(&s, s.block, 1);
	vst1q_u32(words, s.abcd);
	vst1q_u32(words + 4, s.efgh);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(words[i] >> 24);
		out[4 * i + 1] = (uint8_t)(words[i] >> 16);
		out[4 * i + 2] = (uint8_t)(words[i] >> 8);
		out[4 * i + 3] = (uint8_t)words[i];
	}
	return 0;
}
#endif
