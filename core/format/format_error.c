/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages for the format code's error codes, so host tools and the device word them the same. */
#include <kauri/format_error.h>

const char *kauri_format_strerror(int err)
{
	if (err < 0)
		err = -err;
	switch (err) {
	case KFMT_OK: return "success";
	case KFMT_EINVAL: return "invalid argument";
	case KFMT_ETRUNC: return "truncated input";
	case KFMT_EFORMAT: return "malformed data";
	case KFMT_ENOSPC: return "output buffer too small";
	case KFMT_ENOENT: return "no such entry";
	case KFMT_EDIGEST: return "digest mismatch";
	case KFMT_EUNSUPPORTED: return "unsupported feature";
	case KFMT_EBADSIG: return "signature does not verify";
	case KFMT_ENONCANON: return "non-canonical encoding";
	case KFMT_ESMALLORDER: return "point of small order";
	case KFMT_EHASH: return "hash backend failed";
	default: return "unknown error";
	}
}
