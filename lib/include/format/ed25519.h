/* SPDX-License-Identifier: BSD-2-Clause */
/* Ed25519 signatures (RFC 8032, pure Ed25519) with strict verification, shared by host and device. */
#ifndef KAURI_ED25519_H
#define KAURI_ED25519_H

#include <stddef.h>
#include <stdint.h>

#define ED25519_SEED_LEN 32
#define ED25519_PUBLIC_KEY_LEN 32
#define ED25519_SIGNATURE_LEN 64

/*
 * Derive the public key from a 32-byte secret seed. Constant time in the seed.
 * Returns 0, or -KFMT_EHASH.
 */
int ed25519_public_key(uint8_t pub[ED25519_PUBLIC_KEY_LEN], const uint8_t seed[ED25519_SEED_LEN]);

/*
 * Sign msg with the seed; pub must be the seed's public key (it is hashed into the signature).
 * Constant time in the seed. Returns 0, or -KFMT_EHASH.
 */
int ed25519_sign(uint8_t sig[ED25519_SIGNATURE_LEN], const void *msg, size_t msg_len,
		 const uint8_t seed[ED25519_SEED_LEN], const uint8_t pub[ED25519_PUBLIC_KEY_LEN]);

/*
 * Verify sig over msg under pub. Strict: rejects S >= L (-KFMT_ENONCANON), non-canonical or
 * undecodable encodings of A or R (-KFMT_ENONCANON / -KFMT_EFORMAT), A or R of small order
 * (-KFMT_ESMALLORDER); a well-formed signature that does not match is -KFMT_EBADSIG.
 * Uses the cofactorless equation [S]B = R + [k]A, as OpenSSL does. Returns 0 when valid.
 */
int ed25519_verify(const uint8_t sig[ED25519_SIGNATURE_LEN], const void *msg, size_t msg_len,
		   const uint8_t pub[ED25519_PUBLIC_KEY_LEN]);

/* Check that pub is a canonical encoding of a point that is not of small order; 0 if usable. */
int ed25519_check_public_key(const uint8_t pub[ED25519_PUBLIC_KEY_LEN]);

#endif
