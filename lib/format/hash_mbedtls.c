/* SPDX-License-Identifier: BSD-2-Clause */
/* The kauri/hash.h interface on top of mbedtls 2.28 (host: the system library; device: Debian's arm64
 * libmbedcrypto.a from .deps/sysroot-arm64). */
#include <format/error.h>
#include <format/hash.h>
#include <mbedtls/sha256.h>
#include <mbedtls/sha512.h>
#include "sha256_arm64.h"

bool kauri_hash_sha2_instructions;

int kauri_sha512_parts(const struct kauri_hash_part *parts, size_t nparts,
		       uint8_t out[KAURI_SHA512_LEN])
{
	mbedtls_sha512_context ctx;
	int ret = -KFMT_EHASH;
	size_t i;

	mbedtls_sha512_init(&ctx);
	if (mbedtls_sha512_starts_ret(&ctx, 0) != 0)
		goto out;
	for (i = 0; i < nparts; i++)
		if (mbedtls_sha512_update_ret(&ctx, parts[i].data, parts[i].len) != 0)
			goto out;
	if (mbedtls_sha512_finish_ret(&ctx, out) != 0)
		goto out;
	ret = 0;
out:
	mbedtls_sha512_free(&ctx);
	return ret;
}

int kauri_sha256_parts(const struct kauri_hash_part *parts, size_t nparts,
		       uint8_t out[KAURI_SHA256_LEN])
{
	mbedtls_sha256_context ctx;
	int ret = -KFMT_EHASH;
	size_t i;

#if defined(__aarch64__)
	if (kauri_hash_sha2_instructions)
		return kauri_sha256_parts_arm64(parts, nparts, out);
#endif
	mbedtls_sha256_init(&ctx);
	if (mbedtls_sha256_starts_ret(&ctx, 0) != 0)
		goto out;
	for (i = 0; i < nparts; i++)
		if (mbedtls_sha256_update_ret(&ctx, parts[i].data, parts[i].len) != 0)
			goto out;
	if (mbedtls_sha256_finish_ret(&ctx, out) != 0)
		goto out;
	ret = 0;
out:
	mbedtls_sha256_free(&ctx);
	return ret;
}

int kauri_sha512(const void *data, size_t len, uint8_t out[KAURI_SHA512_LEN])
{
	struct kauri_hash_part part = { data, len };

	return kauri_sha512_parts(&part, 1, out);
}

int kauri_sha256(const void *data, size_t len, uint8_t out[KAURI_SHA256_LEN])
{
	struct kauri_hash_part part = { data, len };

	return kauri_sha256_parts(&part, 1, out);
}
