/* SPDX-License-Identifier: BSD-2-Clause */
/* One strict entry check for every DTB the format code and tools accept from outside. */
#include <format/dtb.h>
#include <format/error.h>
#include <stdint.h>
#include <libfdt.h>

/*
 * libfdt 1.6.1's fdt_check_full() loops for ever on a property whose length is so negative that
 * the next tag is the property itself, and passes one of length -3 that every caller then reads
 * as negative (both found by fuzz_manifest). Walk the tags once and refuse any that does not move
 * forward or whose length is negative; every other fault is left for fdt_check_full() to name.
 */
static int check_tags_advance(const void *dtb)
{
	int offset = 0, next;
	uint32_t tag;

	do {
		tag = fdt_next_tag(dtb, offset, &next);
		if (next < 0)
			return 0;
		if (next <= offset)
			return -FDT_ERR_BADSTRUCTURE;
		/* A property length above INT_MAX reads as negative to every libfdt caller. */
		if (tag == FDT_PROP) {
			/* The length follows the tag; read bytewise, as a fuzzed header may misalign it. */
			const fdt32_t *len = fdt_offset_ptr(dtb, offset + (int)sizeof(fdt32_t), sizeof(fdt32_t));

			if (!len || fdt32_ld(len) > INT32_MAX)
				return -FDT_ERR_BADSTRUCTURE;
		}
		offset = next;
	} while (tag != FDT_END);
	return 0;
}

/* libfdt's verdict in the format code's terms: one error enum for everything this library returns. */
static int format_error(int fdt_err)
{
	switch (fdt_err) {
	case 0:
		return 0;
	case -FDT_ERR_TRUNCATED:
		return -KFMT_ETRUNC;
	case -FDT_ERR_BADMAGIC:
		return -KFMT_EDTB_MAGIC;
	case -FDT_ERR_BADVERSION:
		return -KFMT_EDTB_VERSION;
	case -FDT_ERR_BADLAYOUT:
	case -FDT_ERR_BADOFFSET:
		return -KFMT_EDTB_LAYOUT;
	default:
		return -KFMT_EDTB_STRUCTURE;
	}
}

int dtb_check(const void *dtb, size_t len)
{
	int err;

	if (len < sizeof(struct fdt_header))
		return -KFMT_ETRUNC;
	if (fdt_magic(dtb) != FDT_MAGIC)
		return -KFMT_EDTB_MAGIC;
	if (fdt_version(dtb) != 17 || fdt_last_comp_version(dtb) > 17)
		return -KFMT_EDTB_VERSION;
	if (fdt_totalsize(dtb) > len)
		return -KFMT_ETRUNC;
	err = fdt_check_header(dtb);
	if (!err)
		err = check_tags_advance(dtb);
	if (!err)
		err = fdt_check_full(dtb, len);
	return format_error(err);
}
