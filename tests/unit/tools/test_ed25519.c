/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for lib/format/ed25519.c: RFC 8032 vectors, curve constants and strict verification. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <format/byteorder.h>
#include <format/ed25519.h>
#include <format/error.h>

/* ed25519.c's private constants and field code, linked from a copy built with -DED25519_TEST. */
#define ED25519_TEST
#include "../../../lib/format/ed25519_internal.h"
#include "../../../lib/format/ed25519_base_table.h"

#include "rfc8032_vectors.h"
#include "test_helpers.h"

/* The base point B = (x, 4/5) with x even, little-endian. */
static const uint8_t BX_BYTES[32] = {
	0x1a, 0xd5, 0x25, 0x8f, 0x60, 0x2d, 0x56, 0xc9, 0xb2, 0xa7, 0x25, 0x95, 0x60, 0xc7, 0x2c, 0x69,
	0x5c, 0xdc, 0xd6, 0xfd, 0x31, 0xe2, 0xa4, 0xc0, 0xfe, 0x53, 0x6e, 0xcd, 0xd3, 0x36, 0x69, 0x21,
};
static const uint8_t BY_BYTES[32] = {
	0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
	0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
};
static void ge_base(struct ge *p)
{
	fe_frombytes(&p->X, BX_BYTES);
	fe_frombytes(&p->Y, BY_BYTES);
	fe_set_small(&p->Z, 1);
	fe_mul(&p->T, &p->X, &p->Y);
}

static void unhex32(uint8_t out[32], const char *hex)
{
	assert_int_equal(test_unhex(out, 32, hex), 32);
}

static void test_rfc8032_vectors(void **state)
{
	static uint8_t msg[1024];
	uint8_t seed[32], pub[32], expect_pub[32], sig[64], expect_sig[64];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rfc8032_vectors) / sizeof(rfc8032_vectors[0]); i++) {
		const struct rfc8032_vector *v = &rfc8032_vectors[i];
		long msg_len = test_unhex(msg, sizeof(msg), v->message);

		print_message("%s\n", v->name);
		assert_true(msg_len >= 0);
		unhex32(seed, v->secret);
		unhex32(expect_pub, v->public_key);
		assert_int_equal(test_unhex(expect_sig, 64, v->signature), 64);

		assert_int_equal(ed25519_public_key(pub, seed), 0);
		assert_memory_equal(pub, expect_pub, 32);
		assert_int_equal(ed25519_sign(sig, msg, (size_t)msg_len, seed, pub), 0);
		assert_memory_equal(sig, expect_sig, 64);
		assert_int_equal(ed25519_verify(expect_sig, msg, (size_t)msg_len, expect_pub), 0);
	}
}

static void test_curve_constants(void **state)
{
	struct fe d, t, u, one, x2, y2, lhs, rhs, sqrtm1;
	struct ge b;
	uint8_t enc[32];

	(void)state;
	/* d * 121666 = -121665 */
	fe_frombytes(&d, D_BYTES);
	fe_set_small(&t, 121666);
	fe_mul(&t, &t, &d);
	fe_set_small(&u, 121665);
	fe_neg(&u, &u);
	assert_true(fe_equal(&t, &u));
	/* 2d */
	fe_add(&t, &d, &d);
	fe_frombytes(&u, D2_BYTES);
	assert_true(fe_equal(&t, &u));
	/* sqrt(-1)^2 = -1 */
	fe_frombytes(&sqrtm1, SQRTM1_BYTES);
	fe_sq(&t, &sqrtm1);
	fe_set_small(&one, 1);
	fe_neg(&u, &one);
	assert_true(fe_equal(&t, &u));
	/* B lies on -x^2 + y^2 = 1 + d x^2 y^2 and encodes as 0x58 0x66... */
	ge_base(&b);
	fe_sq(&x2, &b.X);
	fe_sq(&y2, &b.Y);
	fe_sub(&lhs, &y2, &x2);
	fe_mul(&rhs, &x2, &y2);
	fe_mul(&rhs, &rhs, &d);
	fe_add(&rhs, &rhs, &one);
	assert_true(fe_equal(&lhs, &rhs));
	ge_tobytes(enc, &b);
	assert_memory_equal(enc, BY_BYTES, 32);
	/* [L]B is the identity */
	{
		uint8_t l[32];
		struct ge q;
		int i;

		for (i = 0; i < 4; i++)
			put_le64(l + 8 * i, L_LIMBS[i]);
		ge_scalarmult_base_ct(&q, l);
		assert_true(fe_iszero(&q.X));
		assert_true(fe_equal(&q.Y, &q.Z));
	}
}

/* Every table entry is (j + 1) 16^i B, recomputed here with plain additions and doublings. */
static void test_base_table(void **state)
{
	struct ge row, p;
	struct fe zinv, x, y, t, d, want;
	int i, j, k;

	(void)state;
	fe_frombytes(&d, D_BYTES);
	ge_base(&row);
	for (i = 0; i < 64; i++) {
		p = row;
		for (j = 0; j < 8; j++) {
			fe_invert(&zinv, &p.Z);
			fe_mul(&x, &p.X, &zinv);
			fe_mul(&y, &p.Y, &zinv);
			for (k = 0; k < 3; k++) {
				if (k == 0) {
					fe_add(&t, &y, &x);
				} else if (k == 1) {
					fe_sub(&t, &y, &x);
				} else {
					fe_mul(&t, &x, &y);
					fe_mul(&t, &t, &d);
					fe_add(&t, &t, &t);
				}
				memcpy(want.v, ED25519_BASE_TABLE[i][j][k], sizeof(want.v));
				assert_true(fe_equal(&t, &want));
			}
			ge_add(&p, &p, &row);
		}
		for (k = 0; k < 4; k++)
			ge_double(&row, &row);
	}
}

static void test_field_canonical_encoding(void **state)
{
	/* p + 5 must encode as 5: tobytes reduces fully. */
	struct fe f;
	uint8_t s[32], expect[32] = { 5 };

	(void)state;
	f.v[0] = ((UINT64_C(1) << 51) - 19) + 5;
	f.v[1] = f.v[2] = f.v[3] = f.v[4] = (UINT64_C(1) << 51) - 1;
	fe_tobytes(s, &f);
	assert_memory_equal(s, expect, 32);
}

/* A valid signature of TEST 1 to mutate in the strictness tests. */
static void load_test1(uint8_t pub[32], uint8_t sig[64])
{
	unhex32(pub, rfc8032_vectors[0].public_key);
	assert_int_equal(test_unhex(sig, 64, rfc8032_vectors[0].signature), 64);
	assert_int_equal(ed25519_verify(sig, "", 0, pub), 0);
}

static void test_reject_s_not_below_l(void **state)
{
	uint8_t pub[32], sig[64], l[32];
	unsigned carry = 0;
	int i;

	(void)state;
	load_test1(pub, sig);
	for (i = 0; i < 4; i++)
		put_le64(l + 8 * i, L_LIMBS[i]);
	/* S + L: the same point equation, but a malleated encoding. */
	for (i = 0; i < 32; i++) {
		unsigned v = sig[32 + i] + l[i] + carry;

		sig[32 + i] = (uint8_t)v;
		carry = v >> 8;
	}
	assert_int_equal(ed25519_verify(sig, "", 0, pub), -KFMT_ENONCANON);
	/* S = L exactly */
	memcpy(sig + 32, l, 32);
	assert_int_equal(ed25519_verify(sig, "", 0, pub), -KFMT_ENONCANON);
	/* S with the top bits set */
	memset(sig + 32, 0xff, 32);
	assert_int_equal(ed25519_verify(sig, "", 0, pub), -KFMT_ENONCANON);
}

static void test_reject_noncanonical_public_key(void **state)
{
	uint8_t pub[32], sig[64], bad[32];

	(void)state;
	load_test1(pub, sig);
	/* y = p + 1 (would alias y = 1) */
	unhex32(bad, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	assert_int_equal(ed25519_verify(sig, "", 0, bad), -KFMT_ENONCANON);
	/* y = p */
	unhex32(bad, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	assert_int_equal(ed25519_verify(sig, "", 0, bad), -KFMT_ENONCANON);
	/* y = 1, x = 0 but the sign bit set: "-0" */
	unhex32(bad, "0100000000000000000000000000000000000000000000000000000000000080");
	assert_int_equal(ed25519_verify(sig, "", 0, bad), -KFMT_ENONCANON);
	/* y = 2 is not on the curve */
	unhex32(bad, "0200000000000000000000000000000000000000000000000000000000000000");
	assert_int_equal(ed25519_verify(sig, "", 0, bad), -KFMT_EFORMAT);
	assert_int_equal(ed25519_check_public_key(bad), -KFMT_EFORMAT);
	assert_int_equal(ed25519_check_public_key(pub), 0);
}

static void test_reject_small_order_public_key(void **state)
{
	static const char *const small[] = {
		"0100000000000000000000000000000000000000000000000000000000000000", /* identity */
		"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* (0, -1) */
		"0000000000000000000000000000000000000000000000000000000000000000", /* order 4 */
		"c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", /* order 8 */
	};
	uint8_t pub[32], sig[64], bad[32];
	size_t i;

	(void)state;
	load_test1(pub, sig);
	for (i = 0; i < sizeof(small) / sizeof(small[0]); i++) {
		unhex32(bad, small[i]);
		assert_int_equal(ed25519_check_public_key(bad), -KFMT_ESMALLORDER);
		assert_int_equal(ed25519_verify(sig, "", 0, bad), -KFMT_ESMALLORDER);
	}
	/* The identity as a public key with S = 0 and R = identity satisfies the equation for every
	 * message; strict verification must still refuse it. */
	unhex32(bad, small[0]);
	memcpy(sig, bad, 32);
	memset(sig + 32, 0, 32);
	assert_int_equal(ed25519_verify(sig, "any message", 11, bad), -KFMT_ESMALLORDER);
}

static void test_reject_small_order_r(void **state)
{
	uint8_t pub[32], sig[64];

	(void)state;
	load_test1(pub, sig);
	unhex32(sig, "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
	assert_int_equal(ed25519_verify(sig, "", 0, pub), -KFMT_ESMALLORDER);
	unhex32(sig, "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
	assert_int_equal(ed25519_verify(sig, "", 0, pub), -KFMT_ENONCANON);
}

static void test_tampering_detected(void **state)
{
	uint8_t seed[32], pub[32], sig[64], bad[64], msg[100];
	uint64_t rng = 0x1234567;
	int bit;

	(void)state;
	test_rand_fill(&rng, seed, sizeof(seed));
	test_rand_fill(&rng, msg, sizeof(msg));
	assert_int_equal(ed25519_public_key(pub, seed), 0);
	assert_int_equal(ed25519_sign(sig, msg, sizeof(msg), seed, pub), 0);
	assert_int_equal(ed25519_verify(sig, msg, sizeof(msg), pub), 0);
	msg[17] ^= 1;
	assert_int_equal(ed25519_verify(sig, msg, sizeof(msg), pub), -KFMT_EBADSIG);
	msg[17] ^= 1;
	/* Every single-bit flip of the signature is rejected (with some error). */
	for (bit = 0; bit < 512; bit++) {
		memcpy(bad, sig, 64);
		bad[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_not_equal(ed25519_verify(bad, msg, sizeof(msg), pub), 0);
	}
	/* Wrong key */
	seed[0] ^= 1;
	assert_int_equal(ed25519_public_key(pub, seed), 0);
	assert_int_equal(ed25519_verify(sig, msg, sizeof(msg), pub), -KFMT_EBADSIG);
}

static void test_random_round_trips(void **state)
{
	uint8_t seed[32], pub[32], sig[64], msg[300];
	uint64_t rng = 0xfeedfacecafebeefULL;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		size_t len = (size_t)(test_rand_next(&rng) % sizeof(msg));

		test_rand_fill(&rng, seed, sizeof(seed));
		test_rand_fill(&rng, msg, len);
		assert_int_equal(ed25519_public_key(pub, seed), 0);
		assert_int_equal(ed25519_check_public_key(pub), 0);
		assert_int_equal(ed25519_sign(sig, msg, len, seed, pub), 0);
		assert_int_equal(ed25519_verify(sig, msg, len, pub), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8032_vectors),
		cmocka_unit_test(test_curve_constants),
		cmocka_unit_test(test_base_table),
		cmocka_unit_test(test_field_canonical_encoding),
		cmocka_unit_test(test_reject_s_not_below_l),
		cmocka_unit_test(test_reject_noncanonical_public_key),
		cmocka_unit_test(test_reject_small_order_public_key),
		cmocka_unit_test(test_reject_small_order_r),
		cmocka_unit_test(test_tampering_detected),
		cmocka_unit_test(test_random_round_trips),
	};

	return cmocka_run_group_tests_name("ed25519", tests, NULL, NULL);
}
