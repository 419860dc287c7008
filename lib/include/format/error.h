/* SPDX-License-Identifier: BSD-2-Clause */
/* The one error enum of the format code (manifest, bootfs, zip, ed25519, trace, dtb, upgrade, overlays). */
#ifndef KAURI_FORMAT_ERROR_H
#define KAURI_FORMAT_ERROR_H

/*
 * Every format function returns 0 (or a length, index or verdict) on success and one of these,
 * negated, on failure; kauri_format_strerror() words each one. The first group is generic; the
 * later ones name a module's own refusals (KFMT_E<MODULE>_<WHAT>) so that a tool or the device can
 * print a message that says what to fix. A new code needs its message in lib/format/error.c: the unit
 * test test_format_strerror_covers_every_code fails otherwise.
 */
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

	/* dtb_check(): what libfdt found wrong with an untrusted device tree */
	KFMT_EDTB_MAGIC,          /* not a flattened device tree at all */
	KFMT_EDTB_VERSION,        /* not version 17 */
	KFMT_EDTB_LAYOUT,         /* its blocks overlap or lie outside it */
	KFMT_EDTB_STRUCTURE,      /* its structure block is malformed */

	/* upgrade.c: why an upgrade was refused */
	KFMT_EUPG_CURRENT_DTB,    /* the current manifest is not a valid DTB */
	KFMT_EUPG_NEW_DTB,        /* the upgrade's manifest is not a valid DTB */
	KFMT_EUPG_NO_POLICY,      /* current manifest: neither public-key nor disable-signing */
	KFMT_EUPG_BAD_KEY,        /* current manifest's public-key is not a usable key */
	KFMT_EUPG_SIG_MISSING,    /* signing enforced, but the package has no signature */
	KFMT_EUPG_SIG_LENGTH,     /* signature is not 64 bytes */
	KFMT_EUPG_SIG_INVALID,    /* signature does not verify under the key */
	KFMT_EUPG_BINARY_UNKNOWN, /* a binary no app of the signed manifest names */
	KFMT_EUPG_BINARY_NO_DIGEST, /* the app naming the binary carries no binary-sha256 */
	KFMT_EUPG_BINARY_DIGEST,  /* binary differs from the signed digest */

	/* overlay_check.c: why an overlay may not be applied */
	KFMT_EOVL_BASE,           /* base is not a valid DTB */
	KFMT_EOVL_OVERLAY,        /* overlay is not a valid DTB or a fragment is malformed */
	KFMT_EOVL_NO_VARIABLES,   /* base has no kos_options/variables: nothing may be overridden */
	KFMT_EOVL_TARGET,         /* a fragment's target cannot be resolved in the base */
	KFMT_EOVL_FORBIDDEN,      /* a property or node outside every allowed path */
	KFMT_EOVL_TOO_DEEP,       /* paths longer than OVERLAY_PATH_MAX or nesting too deep */

	KFMT_NUM_ERRORS
};

/* A short constant message for a (positive or negative) format error code. */
const char *kauri_format_strerror(int err);

#endif
