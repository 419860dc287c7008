/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for ChaCha20 (RFC 8439 test vectors) and the DRBG rng_server serves from. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <format/chacha20.h>
#include "test_helpers.h"

/* RFC 8439 key 00:01:02:...:1f, used by sections 2.3.2 and 2.4.2. */
static void rfc_key(uint8_t key[CHACHA20_KEY_LEN])
{
	for (unsigned int i = 0; i < CHACHA20_KEY_LEN; i++)
		key[i] = (uint8_t)i;
}

static void unhex(uint8_t *out, size_t len, const char *hex)
{
	assert_int_equal(test_unhex(out, len, hex), (long)len);
}

/* Section 2.3.2: block 1 under nonce 00:00:00:09:00:00:00:4a:00:00:00:00. */
static void test_rfc8439_block(void **state)
{
	uint8_t key[CHACHA20_KEY_LEN], nonce[CHACHA20_NONCE_LEN], want[64], got[64];

	(void)state;
	rfc_key(key);
	unhex(nonce, sizeof(nonce), "000000090000004a00000000");
	unhex(want, sizeof(want),
	      "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
	      "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
	chacha20_block(key, 1, nonce, got);
	assert_memory_equal(got, want, sizeof(want));
}

/* Appendix A.1, test vector 1: all-zero key and nonce, block 0 (the block the DRBG rekeys from). */
static void test_rfc8439_block_zero(void **state)
{
	uint8_t key[CHACHA20_KEY_LEN] = { 0 }, nonce[CHACHA20_NONCE_LEN] = { 0 }, want[64], got[64];

	(void)state;
	unhex(want, sizeof(want),
	      "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
	      "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586");
	chacha20_block(key, 0, nonce, got);
	assert_memory_equal(got, want, sizeof(want));
}

/* Section 2.4.2: the 114-byte sunscreen text from block 1 on; a partial last block; in place too. */
static void test_rfc8439_encrypt(void **state)
{
	static const char plain[] = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
				    "for the future, sunscreen would be it.";
	uint8_t key[CHACHA20_KEY_LEN], nonce[CHACHA20_NONCE_LEN], want[114], got[114];

	(void)state;
	assert_int_equal(strlen(plain), sizeof(want));
	rfc_key(key);
	unhex(nonce, sizeof(nonce), "000000000000004a00000000");
	unhex(want, sizeof(want),
	      "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	      "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	      "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	      "5af90bbf74a35be6b40b8eedf2785e42874d");
	chacha20_xor(key, 1, nonce, (const uint8_t *)plain, got, sizeof(got));
	assert_memory_equal(got, want, sizeof(want));
	/* Decrypting in place gives the text back. */
	chacha20_xor(key, 1, nonce, got, got, sizeof(got));
	assert_memory_equal(got, plain, sizeof(got));
}

static int all_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_drbg_deterministic_per_seed(void **state)
{
	struct chacha20_drbg a, b, c;
	uint8_t out_a[100], out_b[100], out_c[100];

	(void)state;
	chacha20_drbg_init(&a, "seed one", 8);
	chacha20_drbg_init(&b, "seed one", 8);
	chacha20_drbg_init(&c, "seed two", 8);
	chacha20_drbg_generate(&a, out_a, sizeof(out_a));
	chacha20_drbg_generate(&b, out_b, sizeof(out_b));
	chacha20_drbg_generate(&c, out_c, sizeof(out_c));
	assert_memory_equal(out_a, out_b, sizeof(out_a));
	assert_memory_not_equal(out_a, out_c, sizeof(out_a));
	assert_false(all_zero(out_a, sizeof(out_a)));
}

/* Output is the key stream from block 1; then the key becomes block 0's first half. */
static void test_drbg_output_and_key_erasure(void **state)
{
	static const uint8_t zero_nonce[CHACHA20_NONCE_LEN];
	struct chacha20_drbg d;
	uint8_t key[CHACHA20_KEY_LEN], block[64], out[80];

	(void)state;
	chacha20_drbg_init(&d, "a seed of more than thirty-two bytes, absorbed in two rounds", 60);
	memcpy(key, d.key, sizeof(key));
	chacha20_drbg_generate(&d, out, sizeof(out));
	chacha20_block(key, 1, zero_nonce, block);
	assert_memory_equal(out, block, 64);
	chacha20_block(key, 2, zero_nonce, block);
	assert_memory_equal(out + 64, block, 16);
	chacha20_block(key, 0, zero_nonce, block);
	assert_memory_equal(d.key, block, CHACHA20_KEY_LEN);
	assert_memory_not_equal(d.key, key, CHACHA20_KEY_LEN);
}

static void test_drbg_draws_differ(void **state)
{
	struct chacha20_drbg d;
	uint8_t one[32], two[32];

	(void)state;
	chacha20_drbg_init(&d, "", 0);
	chacha20_drbg_generate(&d, one, sizeof(one));
	chacha20_drbg_generate(&d, two, sizeof(two));
	assert_memory_not_equal(one, two, sizeof(one));
}

/* A request longer than one key's share: every 16 KiB part is new key stream, not a repeat. */
static void test_drbg_long_request(void **state)
{
	static uint8_t out[3 * 16384 + 10];
	struct chacha20_drbg d;

	(void)state;
	chacha20_drbg_init(&d, "long", 4);
	chacha20_drbg_generate(&d, out, sizeof(out));
	assert_memory_not_equal(out, out + 16384, 16384);
	assert_memory_not_equal(out + 16384, out + 32768, 16384);
	assert_false(all_zero(out + 3 * 16384, 10));
}

static void test_drbg_reseed(void **state)
{
	struct chacha20_drbg a, b;
	uint8_t out_a[32], out_b[32];

	(void)state;
	chacha20_drbg_init(&a, "base", 4);
	chacha20_drbg_init(&b, "base", 4);
	chacha20_drbg_reseed(&b, "", 0);
	assert_memory_equal(a.key, b.key, CHACHA20_KEY_LEN);
	chacha20_drbg_reseed(&b, "x", 1);
	chacha20_drbg_generate(&a, out_a, sizeof(out_a));
	chacha20_drbg_generate(&b, out_b, sizeof(out_b));
	assert_memory_not_equal(out_a, out_b, sizeof(out_a));
}

static void test_wipe(void **state)
{
	uint8_t buf[37];

	(void)state;
	memset(buf, 0xa5, sizeof(buf));
	chacha20_wipe(buf, sizeof(buf));
	assert_true(all_zero(buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8439_block),
		cmocka_unit_test(test_rfc8439_block_zero),
		cmocka_unit_test(test_rfc8439_encrypt),
		cmocka_unit_test(test_drbg_deterministic_per_seed),
		cmocka_unit_test(test_drbg_output_and_key_erasure),
		cmocka_unit_test(test_drbg_draws_differ),
		cmocka_unit_test(test_drbg_long_request),
		cmocka_unit_test(test_drbg_reseed),
		cmocka_unit_test(test_wipe),
	};

	return cmocka_run_group_tests_name("chacha20", tests, NULL, NULL);
}
