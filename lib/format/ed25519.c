/* SPDX-License-Identifier: BSD-2-Clause */
/* Ed25519 (RFC 8032): field arithmetic mod 2^255-19 in radix 2^51, constant-time fixed-base
 * multiplication for secrets (signed radix-16 digits, table entries selected by masking), and
 * strict verification; the host tools and the device admin component share it. */
#include <format/byteorder.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/hash.h>
#include <string.h>

#include "ed25519_base_table.h"

#include "ed25519_internal.h"

typedef unsigned __int128 u128;

#define MASK51 ((UINT64_C(1) << 51) - 1)

/* Curve constants, little-endian: d = -121665/121666, 2d, sqrt(-1). The base point B is used
 * through ED25519_BASE_TABLE only. */
ED25519_PRIVATE const uint8_t D_BYTES[32] = {
	0xa3, 0x78, 0x59, 0x13, 0xca, 0x4d, 0xeb, 0x75, 0xab, 0xd8, 0x41, 0x41, 0x4d, 0x0a, 0x70, 0x00,
	0x98, 0xe8, 0x79, 0x77, 0x79, 0x40, 0xc7, 0x8c, 0x73, 0xfe, 0x6f, 0x2b, 0xee, 0x6c, 0x03, 0x52,
};
ED25519_PRIVATE const uint8_t D2_BYTES[32] = {
	0x59, 0xf1, 0xb2, 0x26, 0x94, 0x9b, 0xd6, 0xeb, 0x56, 0xb1, 0x83, 0x82, 0x9a, 0x14, 0xe0, 0x00,
	0x30, 0xd1, 0xf3, 0xee, 0xf2, 0x80, 0x8e, 0x19, 0xe7, 0xfc, 0xdf, 0x56, 0xdc, 0xd9, 0x06, 0x24,
};
ED25519_PRIVATE const uint8_t SQRTM1_BYTES[32] = {
	0xb0, 0xa0, 0x0e, 0x4a, 0x27, 0x1b, 0xee, 0xc4, 0x78, 0xe4, 0x2f, 0xad, 0x06, 0x18, 0x43, 0x2f,
	0xa7, 0xd7, 0xfb, 0x3d, 0x99, 0x00, 0x4d, 0x2b, 0x0b, 0xdf, 0xc1, 0x4f, 0x80, 0x24, 0x83, 0x2b,
};
/* The group order L = 2^252 + 27742317777372353535851937790883648493, 64-bit limbs. */
ED25519_PRIVATE const uint64_t L_LIMBS[4] = {
	UINT64_C(0x5812631a5cf5d3ed), UINT64_C(0x14def9dea2f79cd6), 0, UINT64_C(0x1000000000000000),
};

/* Clear secrets in a way the compiler may not drop as a dead store. */
static void wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;

	while (n--)
		*b++ = 0;
}

/* ---- field arithmetic ---- */

ED25519_PRIVATE void fe_set_small(struct fe *h, uint64_t x)
{
	memset(h, 0, sizeof(*h));
	h->v[0] = x;
}

/* Bit 255 is ignored, as RFC 8032 decoding requires (it carries the sign of x). */
ED25519_PRIVATE void fe_frombytes(struct fe *h, const uint8_t s[32])
{
	h->v[0] = get_le64(s) & MASK51;
	h->v[1] = (get_le64(s + 6) >> 3) & MASK51;
	h->v[2] = (get_le64(s + 12) >> 6) & MASK51;
	h->v[3] = (get_le64(s + 19) >> 1) & MASK51;
	h->v[4] = (get_le64(s + 24) >> 12) & MASK51;
}

/* Bring every limb back to about 51 bits; the value is unchanged mod p. */
static void fe_carry(struct fe *h)
{
	uint64_t c;

	c = h->v[0] >> 51; h->v[0] &= MASK51; h->v[1] += c;
	c = h->v[1] >> 51; h->v[1] &= MASK51; h->v[2] += c;
	c = h->v[2] >> 51; h->v[2] &= MASK51; h->v[3] += c;
	c = h->v[3] >> 51; h->v[3] &= MASK51; h->v[4] += c;
	c = h->v[4] >> 51; h->v[4] &= MASK51; h->v[0] += 19 * c;
}

ED25519_PRIVATE void fe_tobytes(uint8_t s[32], const struct fe *f)
{
	struct fe h = *f;
	uint64_t q, c;

	fe_carry(&h);
	fe_carry(&h);
	/* Now h < 2^255 + 19 < 2p: q = 1 exactly when h >= p, found as the carry out of h + 19. */
	q = (h.v[0] + 19) >> 51;
	q = (h.v[1] + q) >> 51;
	q = (h.v[2] + q) >> 51;
	q = (h.v[3] + q) >> 51;
	q = (h.v[4] + q) >> 51;
	h.v[0] += 19 * q;
	c = h.v[0] >> 51; h.v[0] &= MASK51; h.v[1] += c;
	c = h.v[1] >> 51; h.v[1] &= MASK51; h.v[2] += c;
	c = h.v[2] >> 51; h.v[2] &= MASK51; h.v[3] += c;
	c = h.v[3] >> 51; h.v[3] &= MASK51; h.v[4] += c;
	h.v[4] &= MASK51;
	put_le64(s, h.v[0] | (h.v[1] << 51));
	put_le64(s + 8, (h.v[1] >> 13) | (h.v[2] << 38));
	put_le64(s + 16, (h.v[2] >> 26) | (h.v[3] << 25));
	put_le64(s + 24, (h.v[3] >> 39) | (h.v[4] << 12));
}

ED25519_PRIVATE void fe_add(struct fe *h, const struct fe *a, const struct fe *b)
{
	int i;

	for (i = 0; i < 5; i++)
		h->v[i] = a->v[i] + b->v[i];
	fe_carry(h);
}

/* a - b computed as a + 4p - b so no limb goes negative (limbs of b stay below 2^53). */
ED25519_PRIVATE void fe_sub(struct fe *h, const struct fe *a, const struct fe *b)
{
	h->v[0] = a->v[0] + UINT64_C(0x1FFFFFFFFFFFB4) - b->v[0];
	h->v[1] = a->v[1] + UINT64_C(0x1FFFFFFFFFFFFC) - b->v[1];
	h->v[2] = a->v[2] + UINT64_C(0x1FFFFFFFFFFFFC) - b->v[2];
	h->v[3] = a->v[3] + UINT64_C(0x1FFFFFFFFFFFFC) - b->v[3];
	h->v[4] = a->v[4] + UINT64_C(0x1FFFFFFFFFFFFC) - b->v[4];
	fe_carry(h);
}

ED25519_PRIVATE void fe_neg(struct fe *h, const struct fe *a)
{
	struct fe zero;

	fe_set_small(&zero, 0);
	fe_sub(h, &zero, a);
}

/*
 * h = t0 + t1 2^51 + t2 2^102 + t3 2^153 + t4 2^204 mod p, the 128-bit column sums of fe_mul
 * and fe_sq carried back into 51-bit limbs (the same operations whatever the values).
 */
static inline void fe_carry_wide(struct fe *h, u128 t0, u128 t1, u128 t2, u128 t3, u128 t4)
{
	u128 x;
	uint64_t r0, r1, r2, r3, r4;

	t1 += t0 >> 51; r0 = (uint64_t)t0 & MASK51;
	t2 += t1 >> 51; r1 = (uint64_t)t1 & MASK51;
	t3 += t2 >> 51; r2 = (uint64_t)t2 & MASK51;
	t4 += t3 >> 51; r3 = (uint64_t)t3 & MASK51;
	r4 = (uint64_t)t4 & MASK51;
	x = (u128)r0 + (t4 >> 51) * 19;
	r0 = (uint64_t)x & MASK51;
	r1 += (uint64_t)(x >> 51);
	h->v[0] = r0; h->v[1] = r1; h->v[2] = r2; h->v[3] = r3; h->v[4] = r4;
}

ED25519_PRIVATE void fe_mul(struct fe *h, const struct fe *a, const struct fe *b)
{
	const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
	const uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3], b4 = b->v[4];
	/* 2^255 = 19 mod p, so limb products past 2^255 fold back multiplied by 19. */
	const uint64_t b1_19 = 19 * b1, b2_19 = 19 * b2, b3_19 = 19 * b3, b4_19 = 19 * b4;
	u128 t0, t1, t2, t3, t4;

	t0 = (u128)a0 * b0 + (u128)a1 * b4_19 + (u128)a2 * b3_19 + (u128)a3 * b2_19 + (u128)a4 * b1_19;
	t1 = (u128)a0 * b1 + (u128)a1 * b0 + (u128)a2 * b4_19 + (u128)a3 * b3_19 + (u128)a4 * b2_19;
	t2 = (u128)a0 * b2 + (u128)a1 * b1 + (u128)a2 * b0 + (u128)a3 * b4_19 + (u128)a4 * b3_19;
	t3 = (u128)a0 * b3 + (u128)a1 * b2 + (u128)a2 * b1 + (u128)a3 * b0 + (u128)a4 * b4_19;
	t4 = (u128)a0 * b4 + (u128)a1 * b3 + (u128)a2 * b2 + (u128)a3 * b1 + (u128)a4 * b0;

	fe_carry_wide(h, t0, t1, t2, t3, t4);
}

ED25519_PRIVATE void fe_sq(struct fe *h, const struct fe *a)
{
	const uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
	const uint64_t a0_2 = 2 * a0, a1_2 = 2 * a1, a3_19 = 19 * a3, a4_19 = 19 * a4;
	u128 t0, t1, t2, t3, t4;

	/* The products of fe_mul with a = b, equal cross terms counted once and doubled. */
	t0 = (u128)a0 * a0 + (u128)(2 * a1) * a4_19 + (u128)(2 * a2) * a3_19;
	t1 = (u128)a0_2 * a1 + (u128)(2 * a2) * a4_19 + (u128)a3 * a3_19;
	t2 = (u128)a0_2 * a2 + (u128)a1 * a1 + (u128)(2 * a3) * a4_19;
	t3 = (u128)a0_2 * a3 + (u128)a1_2 * a2 + (u128)a4 * a4_19;
	t4 = (u128)a0_2 * a4 + (u128)a1_2 * a3 + (u128)a2 * a2;

	fe_carry_wide(h, t0, t1, t2, t3, t4);
}

/* h = a^(2^n): n squarings. */
static void fe_sq_n(struct fe *h, const struct fe *a, int n)
{
	fe_sq(h, a);
	while (--n > 0)
		fe_sq(h, h);
}

/*
 * z^(2^250 - 1) by a fixed addition chain (249 squarings, 10 multiplications; the exponent is
 * public), plus z^11 which the inversion needs.
 */
static void fe_pow_2_250_minus_1(struct fe *out, struct fe *z11, const struct fe *z)
{
	struct fe t, z9, z_5_0, z_10_0, z_20_0, z_50_0, z_100_0;

	fe_sq(&t, z);              /* 2 */
	fe_sq_n(&z9, &t, 2);       /* 8 */
	fe_mul(&z9, &z9, z);       /* 9 */
	fe_mul(z11, &t, &z9);      /* 11 */
	fe_sq(&t, z11);            /* 22 */
	fe_mul(&z_5_0, &t, &z9);   /* 2^5 - 1 */
	fe_sq_n(&t, &z_5_0, 5);
	fe_mul(&z_10_0, &t, &z_5_0);
	fe_sq_n(&t, &z_10_0, 10);
	fe_mul(&z_20_0, &t, &z_10_0);
	fe_sq_n(&t, &z_20_0, 20);
	fe_mul(&t, &t, &z_20_0);   /* 2^40 - 1 */
	fe_sq_n(&t, &t, 10);
	fe_mul(&z_50_0, &t, &z_10_0);
	fe_sq_n(&t, &z_50_0, 50);
	fe_mul(&z_100_0, &t, &z_50_0);
	fe_sq_n(&t, &z_100_0, 100);
	fe_mul(&t, &t, &z_100_0);  /* 2^200 - 1 */
	fe_sq_n(&t, &t, 50);
	fe_mul(out, &t, &z_50_0);  /* 2^250 - 1 */
}

/* h = a^(p-2) = 1/a: a^((2^250 - 1) 2^5 + 11). */
ED25519_PRIVATE void fe_invert(struct fe *h, const struct fe *a)
{
	struct fe t, z11;

	fe_pow_2_250_minus_1(&t, &z11, a);
	fe_sq_n(&t, &t, 5);
	fe_mul(h, &t, &z11);
}

/* h = a^((p-5)/8) = a^(2^252 - 3): a^((2^250 - 1) 4 + 1), for square roots. */
static void fe_pow22523(struct fe *h, const struct fe *a)
{
	struct fe t, z11;

	fe_pow_2_250_minus_1(&t, &z11, a);
	fe_sq_n(&t, &t, 2);
	fe_mul(h, &t, a);
}

/* 1 if f = 0 mod p, else 0, without branching on f. */
ED25519_PRIVATE int fe_iszero(const struct fe *f)
{
	uint8_t s[32];
	uint32_t acc = 0;
	int i;

	fe_tobytes(s, f);
	for (i = 0; i < 32; i++)
		acc |= s[i];
	return (int)((acc - 1) >> 31);
}

/* The "sign" of f: the low bit of its canonical encoding. */
static int fe_isneg(const struct fe *f)
{
	uint8_t s[32];

	fe_tobytes(s, f);
	return s[0] & 1;
}

ED25519_PRIVATE int fe_equal(const struct fe *a, const struct fe *b)
{
	struct fe d;

	fe_sub(&d, a, b);
	return fe_iszero(&d);
}

/* ---- group operations ---- */

static void ge_identity(struct ge *p)
{
	fe_set_small(&p->X, 0);
	fe_set_small(&p->Y, 1);
	fe_set_small(&p->Z, 1);
	fe_set_small(&p->T, 0);
}

/* Unified addition (RFC 8032 5.1.4); complete on edwards25519, so it also doubles and adds 0. */
ED25519_PRIVATE void ge_add(struct ge *r, const struct ge *p, const struct ge *q)
{
	struct fe a, b, c, d, e, f, g, h, t, d2;

	fe_frombytes(&d2, D2_BYTES);
	fe_sub(&a, &p->Y, &p->X);
	fe_sub(&t, &q->Y, &q->X);
	fe_mul(&a, &a, &t);
	fe_add(&b, &p->Y, &p->X);
	fe_add(&t, &q->Y, &q->X);
	fe_mul(&b, &b, &t);
	fe_mul(&c, &p->T, &q->T);
	fe_mul(&c, &c, &d2);
	fe_mul(&d, &p->Z, &q->Z);
	fe_add(&d, &d, &d);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

ED25519_PRIVATE void ge_double(struct ge *r, const struct ge *p)
{
	struct fe a, b, c, e, f, g, h, t;

	fe_sq(&a, &p->X);
	fe_sq(&b, &p->Y);
	fe_sq(&c, &p->Z);
	fe_add(&c, &c, &c);
	fe_add(&h, &a, &b);
	fe_add(&t, &p->X, &p->Y);
	fe_sq(&t, &t);
	fe_sub(&e, &h, &t);
	fe_sub(&g, &a, &b);
	fe_add(&f, &c, &g);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

static void ge_neg(struct ge *r, const struct ge *p)
{
	fe_neg(&r->X, &p->X);
	r->Y = p->Y;
	r->Z = p->Z;
	fe_neg(&r->T, &p->T);
}

/* A point as (y + x, y - x, 2 d x y) with Z = 1: the operand of the mixed addition. */
struct ge_precomp {
	struct fe ypx, ymx, xy2d;
};

/* r = p + q for an affine precomputed q (7 multiplications). */
static void ge_madd(struct ge *r, const struct ge *p, const struct ge_precomp *q)
{
	struct fe a, b, c, d, e, f, g, h;

	fe_sub(&a, &p->Y, &p->X);
	fe_mul(&a, &a, &q->ymx);
	fe_add(&b, &p->Y, &p->X);
	fe_mul(&b, &b, &q->ypx);
	fe_mul(&c, &p->T, &q->xy2d);
	fe_add(&d, &p->Z, &p->Z);
	fe_sub(&e, &b, &a);
	fe_sub(&f, &d, &c);
	fe_add(&g, &d, &c);
	fe_add(&h, &b, &a);
	fe_mul(&r->X, &e, &f);
	fe_mul(&r->Y, &g, &h);
	fe_mul(&r->T, &e, &h);
	fe_mul(&r->Z, &f, &g);
}

/* f = g when bit is 1, with the same memory accesses either way. */
static void fe_cmov(struct fe *f, const struct fe *g, uint64_t bit)
{
	uint64_t mask = 0 - bit;
	int i;

	for (i = 0; i < 5; i++)
		f->v[i] ^= (f->v[i] ^ g->v[i]) & mask;
}

/* 1 if a == b (both below 256), without branching. */
static uint64_t ct_equal(uint32_t a, uint32_t b)
{
	return ((a ^ b) - 1) >> 31;
}

/*
 * t = digit * 16^row * B for digit in [-8, 8]: every entry of the row is read and masked in,
 * so neither the branch pattern nor the addresses touched depend on the secret digit.
 */
static void select_base(struct ge_precomp *t, int row, int8_t digit)
{
	uint64_t neg = (uint8_t)digit >> 7;
	uint32_t abs = (uint32_t)(uint8_t)(digit - ((int8_t)(-(int8_t)neg & digit) * 2));
	struct ge_precomp entry, minus;
	int j;

	fe_set_small(&t->ypx, 1);
	fe_set_small(&t->ymx, 1);
	fe_set_small(&t->xy2d, 0);
	for (j = 0; j < 8; j++) {
		uint64_t hit = ct_equal(abs, (uint32_t)j + 1);

		memcpy(entry.ypx.v, ED25519_BASE_TABLE[row][j][0], sizeof(entry.ypx.v));
		memcpy(entry.ymx.v, ED25519_BASE_TABLE[row][j][1], sizeof(entry.ymx.v));
		memcpy(entry.xy2d.v, ED25519_BASE_TABLE[row][j][2], sizeof(entry.xy2d.v));
		fe_cmov(&t->ypx, &entry.ypx, hit);
		fe_cmov(&t->ymx, &entry.ymx, hit);
		fe_cmov(&t->xy2d, &entry.xy2d, hit);
	}
	/* -(x, y) = (-x, y): swaps y + x with y - x and negates 2 d x y. */
	minus.ypx = t->ymx;
	minus.ymx = t->ypx;
	fe_neg(&minus.xy2d, &t->xy2d);
	fe_cmov(&t->ypx, &minus.ypx, neg);
	fe_cmov(&t->ymx, &minus.ymx, neg);
	fe_cmov(&t->xy2d, &minus.xy2d, neg);
}

/* s < 2^255 as 64 digits e[i] in [-8, 8] with s = sum of e[i] 16^i; branch-free. */
static void signed_radix16(int8_t e[64], const uint8_t s[32])
{
	int8_t carry = 0;
	int i;

	for (i = 0; i < 32; i++) {
		e[2 * i] = (int8_t)(s[i] & 15);
		e[2 * i + 1] = (int8_t)(s[i] >> 4);
	}
	for (i = 0; i < 63; i++) {
		e[i] = (int8_t)(e[i] + carry);
		carry = (int8_t)((e[i] + 8) >> 4);
		e[i] = (int8_t)(e[i] - carry * 16);
	}
	e[63] = (int8_t)(e[63] + carry);
}

/*
 * r = [s]B for a secret scalar s < 2^255, in constant time: s is rewritten in 64 signed radix-16
 * digits e[i] in [-8, 8], and r = sum of e[i] 16^i B, each term picked from the table.
 */
ED25519_PRIVATE void ge_scalarmult_base_ct(struct ge *r, const uint8_t s[32])
{
	struct ge_precomp t;
	int8_t e[64];
	int i;

	signed_radix16(e, s);
	ge_identity(r);
	for (i = 0; i < 64; i++) {
		select_base(&t, i, e[i]);
		ge_madd(r, r, &t);
	}
	wipe(e, sizeof(e));
	wipe(&t, sizeof(t));
}

ED25519_PRIVATE void ge_tobytes(uint8_t s[32], const struct ge *p)
{
	struct fe zinv, x, y;

	fe_invert(&zinv, &p->Z);
	fe_mul(&x, &p->X, &zinv);
	fe_mul(&y, &p->Y, &zinv);
	fe_tobytes(s, &y);
	s[31] ^= (uint8_t)(fe_isneg(&x) << 7);
}

/* Decode a point, rejecting y >= p, points off the curve, and x = 0 with the sign bit set. */
static int ge_frombytes_strict(struct ge *p, const uint8_t s[32])
{
	struct fe u, v, v3, vxx, t, one, d, sqrtm1;
	uint8_t check[32];
	int sign = s[31] >> 7;

	fe_frombytes(&p->Y, s);
	fe_tobytes(check, &p->Y);
	check[31] |= (uint8_t)(sign << 7);
	if (memcmp(check, s, 32) != 0)
		return -KFMT_ENONCANON;

	/* x^2 = (y^2 - 1) / (d y^2 + 1) = u / v; candidate x = u v^3 (u v^7)^((p-5)/8). */
	fe_set_small(&one, 1);
	fe_frombytes(&d, D_BYTES);
	fe_sq(&u, &p->Y);
	fe_mul(&v, &u, &d);
	fe_sub(&u, &u, &one);
	fe_add(&v, &v, &one);
	fe_sq(&v3, &v);
	fe_mul(&v3, &v3, &v);
	fe_sq(&t, &v3);
	fe_mul(&t, &t, &v);
	fe_mul(&t, &t, &u);
	fe_pow22523(&t, &t);
	fe_mul(&t, &t, &v3);
	fe_mul(&p->X, &t, &u);

	fe_sq(&vxx, &p->X);
	fe_mul(&vxx, &vxx, &v);
	if (!fe_equal(&vxx, &u)) {
		fe_neg(&t, &u);
		if (!fe_equal(&vxx, &t))
			return -KFMT_EFORMAT;
		fe_frombytes(&sqrtm1, SQRTM1_BYTES);
		fe_mul(&p->X, &p->X, &sqrtm1);
	}
	if (fe_iszero(&p->X) && sign)
		return -KFMT_ENONCANON;
	if (fe_isneg(&p->X) != sign)
		fe_neg(&p->X, &p->X);
	fe_set_small(&p->Z, 1);
	fe_mul(&p->T, &p->X, &p->Y);
	return 0;
}

/* The torsion points are exactly those P with [8]P = 0, i.e. X = 0 after three doublings. */
static int ge_has_small_order(const struct ge *p)
{
	struct ge q;

	ge_double(&q, p);
	ge_double(&q, &q);
	ge_double(&q, &q);
	return fe_iszero(&q.X);
}

/* A public key or R of a signature: decoded strictly (ge_frombytes_strict), then not of small order. */
static int ge_decode_checked(struct ge *p, const uint8_t s[32])
{
	int ret = ge_frombytes_strict(p, s);

	if (ret)
		return ret;
	return ge_has_small_order(p) ? -KFMT_ESMALLORDER : 0;
}

/* ---- scalars mod L ---- */

/* out = (little-endian number in[0..n)) mod L, bit by bit with masked subtraction (constant time). */
static void sc_reduce(uint8_t out[32], const uint8_t *in, size_t n)
{
	uint64_t r[4] = { 0, 0, 0, 0 }, t[4], borrow, mask;
	size_t i;
	int j;

	for (i = n * 8; i-- > 0;) {
		r[3] = (r[3] << 1) | (r[2] >> 63);
		r[2] = (r[2] << 1) | (r[1] >> 63);
		r[1] = (r[1] << 1) | (r[0] >> 63);
		r[0] = (r[0] << 1) | ((in[i >> 3] >> (i & 7)) & 1);
		borrow = 0;
		for (j = 0; j < 4; j++) {
			u128 d = (u128)r[j] - L_LIMBS[j] - borrow;

			t[j] = (uint64_t)d;
			borrow = (uint64_t)(d >> 64) & 1;
		}
		/* Keep r - L unless it borrowed (r < L). */
		mask = borrow - 1;
		for (j = 0; j < 4; j++)
			r[j] = (t[j] & mask) | (r[j] & ~mask);
	}
	for (j = 0; j < 4; j++)
		put_le64(out + 8 * j, r[j]);
	wipe(r, sizeof(r));
	wipe(t, sizeof(t));
}

/* s = (a * b + c) mod L for 256-bit little-endian a, b, c. */
static void sc_muladd(uint8_t s[32], const uint8_t a[32], const uint8_t b[32], const uint8_t c[32])
{
	uint64_t al[4], bl[4], prod[8] = { 0 }, carry;
	uint8_t wide[64];
	int i, j;

	for (i = 0; i < 4; i++) {
		al[i] = get_le64(a + 8 * i);
		bl[i] = get_le64(b + 8 * i);
	}
	for (i = 0; i < 4; i++) {
		carry = 0;
		for (j = 0; j < 4; j++) {
			u128 t = (u128)al[i] * bl[j] + prod[i + j] + carry;

			prod[i + j] = (uint64_t)t;
			carry = (uint64_t)(t >> 64);
		}
		prod[i + 4] = carry;
	}
	carry = 0;
	for (i = 0; i < 8; i++) {
		u128 t = (u128)prod[i] + (i < 4 ? get_le64(c + 8 * i) : 0) + carry;

		prod[i] = (uint64_t)t;
		carry = (uint64_t)(t >> 64);
	}
	for (i = 0; i < 8; i++)
		put_le64(wide + 8 * i, prod[i]);
	sc_reduce(s, wide, sizeof(wide));
	wipe(al, sizeof(al));
	wipe(prod, sizeof(prod));
	wipe(wide, sizeof(wide));
}

/* S < L, compared from the most significant byte (S is public). */
static int sc_is_canonical(const uint8_t s[32])
{
	uint8_t l[32];
	int i;

	for (i = 0; i < 4; i++)
		put_le64(l + 8 * i, L_LIMBS[i]);
	for (i = 31; i >= 0; i--) {
		if (s[i] < l[i])
			return 1;
		if (s[i] > l[i])
			return 0;
	}
	return 0;
}

/* ---- Ed25519 ---- */

/* a = clamp(SHA-512(seed)[0..32)), prefix = SHA-512(seed)[32..64). */
static int expand_seed(uint8_t h[64], const uint8_t seed[ED25519_SEED_LEN])
{
	if (kauri_sha512(seed, ED25519_SEED_LEN, h) != 0)
		return -KFMT_EHASH;
	h[0] &= 248;
	h[31] &= 127;
	h[31] |= 64;
	return 0;
}

/* k = SHA-512(R || A || M) mod L, the challenge that both signing and verification compute. */
static int challenge(uint8_t k[32], const uint8_t r[32], const uint8_t pub[ED25519_PUBLIC_KEY_LEN],
		     const void *msg, size_t msg_len)
{
	struct kauri_hash_part parts[] = { { r, 32 }, { pub, 32 }, { msg, msg_len } };
	uint8_t digest[64];
	int ret;

	ret = kauri_sha512_parts(parts, 3, digest);
	if (ret)
		return ret;
	sc_reduce(k, digest, sizeof(digest));
	return 0;
}

int ed25519_public_key(uint8_t pub[ED25519_PUBLIC_KEY_LEN], const uint8_t seed[ED25519_SEED_LEN])
{
	uint8_t h[64];
	struct ge a;
	int ret;

	ret = expand_seed(h, seed);
	if (ret)
		goto out;
	ge_scalarmult_base_ct(&a, h);
	ge_tobytes(pub, &a);
out:
	wipe(h, sizeof(h));
	wipe(&a, sizeof(a));
	return ret;
}

int ed25519_sign(uint8_t sig[ED25519_SIGNATURE_LEN], const void *msg, size_t msg_len,
		 const uint8_t seed[ED25519_SEED_LEN], const uint8_t pub[ED25519_PUBLIC_KEY_LEN])
{
	uint8_t h[64], digest[64], r[32], k[32];
	struct ge rp;
	int ret;

	ret = expand_seed(h, seed);
	if (ret)
		goto out;
	{
		struct kauri_hash_part parts[] = { { h + 32, 32 }, { msg, msg_len } };

		ret = kauri_sha512_parts(parts, 2, digest);
		if (ret)
			goto out;
	}
	sc_reduce(r, digest, sizeof(digest));
	ge_scalarmult_base_ct(&rp, r);
	ge_tobytes(sig, &rp);
	ret = challenge(k, sig, pub, msg, msg_len);
	if (ret)
		goto out;
	sc_muladd(sig + 32, k, h, r);
out:
	if (ret)
		memset(sig, 0, ED25519_SIGNATURE_LEN);
	wipe(h, sizeof(h));
	wipe(digest, sizeof(digest));
	wipe(r, sizeof(r));
	wipe(&rp, sizeof(rp));
	return ret;
}

int ed25519_check_public_key(const uint8_t pub[ED25519_PUBLIC_KEY_LEN])
{
	struct ge a;

	return ge_decode_checked(&a, pub);
}

int ed25519_verify(const uint8_t sig[ED25519_SIGNATURE_LEN], const void *msg, size_t msg_len,
		   const uint8_t pub[ED25519_PUBLIC_KEY_LEN])
{
	struct ge a, r, q, t, sb, multiples[8];
	uint8_t k[32], check[32];
	const uint8_t *s = sig + 32;
	int8_t digits[64];
	int ret, i;

	if (!sc_is_canonical(s))
		return -KFMT_ENONCANON;
	ret = ge_decode_checked(&a, pub);
	if (ret)
		return ret;
	ret = ge_decode_checked(&r, sig);
	if (ret)
		return ret;
	ret = challenge(k, sig, pub, msg, msg_len);
	if (ret)
		return ret;

	/* q = [k](-A) by signed radix-16 digits (public data, so plain branches), plus [S]B. */
	ge_neg(&multiples[0], &a);
	for (i = 1; i < 8; i++)
		ge_add(&multiples[i], &multiples[i - 1], &multiples[0]);
	signed_radix16(digits, k);
	ge_identity(&q);
	for (i = 63; i >= 0; i--) {
		ge_double(&q, &q);
		ge_double(&q, &q);
		ge_double(&q, &q);
		ge_double(&q, &q);
		if (digits[i] > 0) {
			ge_add(&q, &q, &multiples[digits[i] - 1]);
		} else if (digits[i] < 0) {
			ge_neg(&t, &multiples[-digits[i] - 1]);
			ge_add(&q, &q, &t);
		}
	}
	ge_scalarmult_base_ct(&sb, s);
	ge_add(&q, &q, &sb);
	ge_tobytes(check, &q);
	/* Both encodings are canonical, so equal points have equal bytes. */
	return memcmp(check, sig, 32) == 0 ? 0 : -KFMT_EBADSIG;
}
