/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages for the format code's error codes, so host tools and the device word them the same. */
#include <format/error.h>

static const char *const messages[KFMT_NUM_ERRORS] = {
	[KFMT_OK] = "success",
	[KFMT_EINVAL] = "invalid argument",
	[KFMT_ETRUNC] = "truncated input",
	[KFMT_EFORMAT] = "malformed data",
	[KFMT_ENOSPC] = "output buffer too small",
	[KFMT_ENOENT] = "no such entry",
	[KFMT_EDIGEST] = "digest mismatch",
	[KFMT_EUNSUPPORTED] = "unsupported feature",
	[KFMT_EBADSIG] = "signature does not verify",
	[KFMT_ENONCANON] = "non-canonical encoding",
	[KFMT_ESMALLORDER] = "point of small order",
	[KFMT_EHASH] = "hash backend failed",

	[KFMT_EDTB_MAGIC] = "bad magic: not a flattened device tree",
	[KFMT_EDTB_VERSION] = "device tree version is not 17",
	[KFMT_EDTB_LAYOUT] = "device tree blocks overlap or lie outside it",
	[KFMT_EDTB_STRUCTURE] = "malformed device tree structure block",

	[KFMT_EUPG_CURRENT_DTB] = "the current manifest is not a valid DTB",
	[KFMT_EUPG_NEW_DTB] = "the new manifest.dtb is not a valid DTB",
	[KFMT_EUPG_NO_POLICY] =
		"the current manifest has neither kos_options/public-key nor disable-signing",
	[KFMT_EUPG_BAD_KEY] =
		"the current manifest's kos_options/public-key is not a usable Ed25519 key",
	[KFMT_EUPG_SIG_MISSING] = "a signature is required but there is no manifest.dtb.sig",
	[KFMT_EUPG_SIG_LENGTH] = "manifest.dtb.sig is not 64 bytes",
	[KFMT_EUPG_SIG_INVALID] =
		"manifest.dtb.sig does not verify: wrong key or the manifest was altered",
	[KFMT_EUPG_BINARY_UNKNOWN] = "no app in the signed manifest names this binary or initrd",
	[KFMT_EUPG_BINARY_NO_DIGEST] =
		"the app naming this file has no binary-sha256 / initrd-sha256",
	[KFMT_EUPG_BINARY_DIGEST] = "binary differs from the binary-sha256 in the signed manifest",

	[KFMT_EOVL_BASE] = "the base manifest is not a valid DTB",
	[KFMT_EOVL_OVERLAY] = "the overlay is not a valid DTBO",
	[KFMT_EOVL_NO_VARIABLES] =
		"the base manifest has no kos_options/variables, so nothing may be overridden",
	[KFMT_EOVL_TARGET] = "an overlay fragment's target is not in the base manifest",
	[KFMT_EOVL_FORBIDDEN] = "not allowed by kos_options/variables",
	[KFMT_EOVL_TOO_DEEP] = "overlay paths are too long or nested too deep",
};

const char *kauri_format_strerror(int err)
{
	/* Negated through unsigned, so that INT_MIN is just an unknown code. */
	unsigned int code = err < 0 ? -(unsigned int)err : (unsigned int)err;

	if (code >= KFMT_NUM_ERRORS || !messages[code])
		return "unknown error";
	return messages[code];
}
