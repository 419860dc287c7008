/* SPDX-License-Identifier: BSD-2-Clause */
/* SHA-256 with the Armv8 SHA-2 instructions (AArch64 only; the caller checks the CPU has them). */
#ifndef FORMAT_SHA256_ARM64_H
#define FORMAT_SHA256_ARM64_H

#include <format/hash.h>

int kauri_sha256_parts_arm64(const struct kauri_hash_part *parts, size_t nparts, uint8_t out[KAURI_SHA256_LEN]);

#endif
