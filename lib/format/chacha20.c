/* SPDX-License-Identifier: BSD-2-Clause */
/* ChaCha20 (RFC 8439 sections 2.1-2.4) and the DRBG on it that rng_server serves from. */
#include <string.h>
#include <format/byteorder.h>
#include <format/chacha20.h>

/* Output per key in chacha20_drbg_generate: far below the 2^32 blocks a key and nonce allow. */
#define DRBG_BYTES_PER_KEY	(256 * CHACHA20_BLOCK_LEN)

static const uint8_t zero_nonce[CHACHA20_NONCE_LEN];

static uint32_t rotl(uint32_t v, unsigned int n)
{
	return v << n | v >> (32 - n);
}

static void quarter_round(uint32_t *x, unsigned int a, unsigned int b, unsigned int c, unsigned int d)
{
	x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 7);
}

void chacha20_block(const uint8_t key[CHACHA20_KEY_LEN], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_LEN], uint8_t out[CHACHA20_BLOCK_LEN])
{
	/* "expand 32-byte k" as four little-endian words. */
	uint32_t state[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t x[16];

	for (unsigned int i = 0; i < 8; i++)
		state[4 + i] = get_le32(key + 4 * i);
	state[12] = counter;
	for (unsigned int i = 0; i < 3; i++)
		state[13 + i] = get_le32(nonce + 4 * i);
	memcpy(x, state, sizeof(x));
	for (unsigned int round = 0; round < 10; round++) {
		/* A column round, then a diagonal round. */
		quarter_round(x, 0, 4, 8, 12);
		quarter_round(x, 1, 5, 9, 13);
		quarter_round(x, 2, 6, 10, 14);
		quarter_round(x, 3, 7, 11, 15);
		quarter_round(x, 0, 5, 10, 15);
		quarter_round(x, 1, 6, 11, 12);
		quarter_round(x, 2, 7, 8, 13);
		quarter_round(x, 3, 4, 9, 14);
	}
	for (unsigned int i = 0; i < 16; i++)
		put_le32(out + 4 * i, x[i] + state[i]);
	chacha20_wipe(state, sizeof(state));
	chacha20_wipe(x, sizeof(x));
}

void chacha20_xor(const uint8_t key[CHACHA20_KEY_LEN], uint32_t counter,
		  const uint8_t nonce[CHACHA20_NONCE_LEN], const uint8_t *in, uint8_t *out, size_t len)
{
	uint8_t stream[CHACHA20_BLOCK_LEN];

	for (size_t at = 0; at < len; at += CHACHA20_BLOCK_LEN) {
		size_t n = len - at < CHACHA20_BLOCK_LEN ? len - at : CHACHA20_BLOCK_LEN;

		chacha20_block(key, counter++, nonce, stream);
		for (size_t i = 0; i < n; i++)
			out[at + i] = in[at + i] ^ stream[i];
	}
	chacha20_wipe(stream, sizeof(stream));
}

void chacha20_wipe(void *p, size_t len)
{
	volatile uint8_t *b = p;

	while (len--)
		*b++ = 0;
}

/* The next key: the first half of block 0, which is never output. */
static void rekey(struct chacha20_drbg *drbg)
{
	uint8_t block[CHACHA20_BLOCK_LEN];

	chacha20_block(drbg->key, 0, zero_nonce, block);
	memcpy(drbg->key, block, CHACHA20_KEY_LEN);
	chacha20_wipe(block, sizeof(block));
}

void chacha20_drbg_reseed(struct chacha20_drbg *drbg, const void *seed, size_t len)
{
	const uint8_t *s = seed;

	for (size_t at = 0; at < len; at += CHACHA20_KEY_LEN) {
		for (size_t i = 0; i < CHACHA20_KEY_LEN && at + i < len; i++)
			drbg->key[i] ^= s[at + i];
		rekey(drbg);
	}
}

void chacha20_drbg_init(struct chacha20_drbg *drbg, const void *seed, size_t len)
{
	memset(drbg->key, 0, sizeof(drbg->key));
	chacha20_drbg_reseed(drbg, seed, len);
}

void chacha20_drbg_generate(struct chacha20_drbg *drbg, void *out, size_t len)
{
	uint8_t *o = out;

	/* memset, not a zero source buffer: the output is the key stream itself. */
	memset(o, 0, len);
	do {
		size_t n = len < DRBG_BYTES_PER_KEY ? len : DRBG_BYTES_PER_KEY;

		chacha20_xor(drbg->key, 1, zero_nonce, o, o, n);
		rekey(drbg);
		o += n;
		len -= n;
	} while (len);
}
