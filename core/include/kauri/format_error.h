/* SPDX-License-Identifier: BSD-2-Clause */
/* Error codes shared by the freestanding format code (ed25519, zip, bootfs, trace, manifest checks). */
#ifndef KAURI_FORMAT_ERROR_H
#define KAURI_FORMAT_ERROR_H

/* Every format function returns 0 (or a length) on success and one of these, negated, on failure. */
enum kauri_format_error {
	KFMT_OK = 0,
	KFMT_EINVAL = 1,      /* argument out of range */
	KFMT_ETRUNC = 2,      /* input ends before a structure it announces */
	KFMT_EFORMAT = 3,     /* bad magic, version or field value */
	KFMT_ENOSPC = 4,      /* caller's output buffer too small */
	KFMT_ENOENT = 5,      /* named entry not present */
	KFMT_EDIGEST = 6,     /* a stored hash does not match the data */
	KFMT_EUNSUPPORTED = 7,/* valid but not supported (method, version, flag) */
	KFMT_EBADSIG = 8,     /* signature does not verify */
	KFMT_ENONCANON = 9,   /* non-canonical encoding (S >= L, y >= p, x = 0 with sign bit) */
	KFMT_ESMALLORDER = 10,/* public key or R has small order */
	KFMT_EHASH = 11,      /* the hash backend failed */
};

/* A short constant message for a (positive or negative) format error code. */
const char *kauri_format_strerror(int err);

#endif
