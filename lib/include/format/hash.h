/* SPDX-License-Identifier: BSD-2-Clause */
/* The hash interface the format code needs; host tools and root server alike link lib/format/hash_mbedtls.c. */
#ifndef KAURI_HASH_H
#define KAURI_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KAURI_SHA512_LEN 64
#define KAURI_SHA256_LEN 32

/* One piece of a message that is hashed as the concatenation of all pieces. */
struct kauri_hash_part {
	const void *data;
	size_t len;
};

/* Hash the concatenation of nparts pieces; 0 on success, -KFMT_EHASH if the backend fails. */
int kauri_sha512_parts(const struct kauri_hash_part *parts, size_t nparts,
		       uint8_t out[KAURI_SHA512_LEN]);
int kauri_sha256_parts(const struct kauri_hash_part *parts, size_t nparts,
		       uint8_t out[KAURI_SHA256_LEN]);

/*
 * Set when the CPU has the Armv8 SHA-2 instructions (on the device, from
 * BootInfo's hwcaps): SHA-256 then uses them (lib/format/sha256_arm64.c).
 */
extern bool kauri_hash_sha2_instructions;

/* Single-buffer conveniences. */
int kauri_sha512(const void *data, size_t len, uint8_t out[KAURI_SHA512_LEN]);
int kauri_sha256(const void *data, size_t len, uint8_t out[KAURI_SHA256_LEN]);

#endif
