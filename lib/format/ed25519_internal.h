/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Ed25519's field and group arithmetic, private to ed25519.c. Its unit test
 * (tests/unit/tools/test_ed25519.c) checks the curve constants and field code
 * directly: built with -DED25519_TEST, the functions below lose their static
 * so the test links against the one copy of them.
 */
#ifndef KAURI_ED25519_INTERNAL_H
#define KAURI_ED25519_INTERNAL_H

#include <stdint.h>

#ifdef ED25519_TEST
#define ED25519_PRIVATE
#else
#define ED25519_PRIVATE static
#endif

/* A field element: value = v[0] + v[1] 2^51 + v[2] 2^102 + v[3] 2^153 + v[4] 2^204. */
struct fe {
	uint64_t v[5];
};

/* A point in extended twisted Edwards coordinates: x = X/Z, y = Y/Z, x*y = T/Z. */
struct ge {
	struct fe X, Y, Z, T;
};

#ifdef ED25519_TEST
extern const uint8_t D_BYTES[32], D2_BYTES[32], SQRTM1_BYTES[32];
extern const uint64_t L_LIMBS[4];
void fe_set_small(struct fe *h, uint64_t x);
void fe_frombytes(struct fe *h, const uint8_t s[32]);
void fe_tobytes(uint8_t s[32], const struct fe *f);
void fe_add(struct fe *h, const struct fe *a, const struct fe *b);
void fe_sub(struct fe *h, const struct fe *a, const struct fe *b);
void fe_neg(struct fe *h, const struct fe *a);
void fe_mul(struct fe *h, const struct fe *a, const struct fe *b);
void fe_sq(struct fe *h, const struct fe *a);
void fe_invert(struct fe *h, const struct fe *a);
int fe_iszero(const struct fe *f);
int fe_equal(const struct fe *a, const struct fe *b);
void ge_add(struct ge *r, const struct ge *p, const struct ge *q);
void ge_double(struct ge *r, const struct ge *p);
void ge_scalarmult_base_ct(struct ge *r, const uint8_t s[32]);
void ge_tobytes(uint8_t s[32], const struct ge *p);
#endif

#endif
