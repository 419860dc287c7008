/* SPDX-License-Identifier: BSD-2-Clause */
/* Standard base64 (RFC 4648, with padding), used for the manifest's public-key and PEM bodies. */
#ifndef KAURI_BASE64_H
#define KAURI_BASE64_H

#include <stddef.h>
#include <stdint.h>

/* Characters needed to encode n bytes, without the terminating NUL. */
#define BASE64_ENCODED_LEN(n) ((((n) + 2) / 3) * 4)

/* Encode; out needs BASE64_ENCODED_LEN(len) + 1 bytes (NUL-terminated). Returns the length. */
size_t base64_encode(char *out, const uint8_t *in, size_t len);

/*
 * Decode len characters (whitespace is skipped, padding required on the last quantum).
 * Returns the decoded byte count, -KFMT_EFORMAT on a bad character or padding, or
 * -KFMT_ENOSPC if it does not fit in cap bytes.
 */
long base64_decode(uint8_t *out, size_t cap, const char *in, size_t len);

#endif
