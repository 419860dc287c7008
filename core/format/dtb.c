/* SPDX-License-Identifier: BSD-2-Clause */
/* One strict entry check for every DTB the format code and tools accept from outside. */
#include <kauri/dtb.h>
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

int dtb_check(const void *dtb, size_t len)
{
	int err;

	if (len < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	if (fdt_magic(dtb) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (fdt_version(dtb) != 17 || fdt_last_comp_version(dtb) > 17)
		return -FDT_ERR_BADVERSION;
	if (fdt_totalsize(dtb) > len)
		return -FDT_ERR_TRUNCATED;
	err = fdt_check_header(dtb);
	if (!err)
		err = check_tags_advance(dtb);
	return err ? err : fdt_check_full(dtb, len);
}
