/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ChaCha20 (RFC 8439) and a small DRBG on it with fast key erasure, shared by the
 * rng_server app and the host tests. Freestanding: no allocation, no libc beyond memcpy.
 */
#ifndef KAURI_CHACHA20_H
#define KAURI_CHACHA20_H

#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_LEN	32
#define CHACHA20_NONCE_LEN	12
#define CHACHA20_BLOCK_LEN	64

/* The block function (RFC 8439 section 2.3): 64 bytes of key stream for block COUNTER. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_LEN], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_LEN], uint8_t out[CHACHA20_BLOCK_LEN]);

/*
 * Encryption (RFC 8439 section 2.4): OUT = IN xor the key stream from block COUNTER on.
 * IN and OUT may be the same buffer. LEN must leave the 32-bit block counter unwrapped.
 */
void chacha20_xor(const uint8_t key[CHACHA20_KEY_LEN], uint32_t counter,
		  const uint8_t nonce[CHACHA20_NONCE_LEN], const uint8_t *in, uint8_t *out, size_t len);

/*
 * The DRBG: a 32-byte key and nothing else. Seed material is absorbed by
 * xoring it into the key 32 bytes at a time, each followed by replacing the key
 * with the first half of a ChaCha20 block under it. Output is key stream under
 * the key (zero nonce, blocks 1 on); after every request the key is replaced by
 * block 0, which was never output, so a later capture of the state does not
 * reveal what was generated before ("fast key erasure").
 *
 * The DRBG is only as unpredictable as the seed it was given.
 */
struct chacha20_drbg {
	uint8_t key[CHACHA20_KEY_LEN];
};

/* Starts from an all-zero key and absorbs SEED. */
void chacha20_drbg_init(struct chacha20_drbg *drbg, const void *seed, size_t len);
/* Absorbs more seed material (any length, 0 included). */
void chacha20_drbg_reseed(struct chacha20_drbg *drbg, const void *seed, size_t len);
/* LEN bytes of output into OUT, then a new key; any LEN. */
void chacha20_drbg_generate(struct chacha20_drbg *drbg, void *out, size_t len);
/* Overwrites LEN bytes at P with zeros in a way the compiler may not drop. */
void chacha20_wipe(void *p, size_t len);

#endif
