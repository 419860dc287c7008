/* SPDX-License-Identifier: BSD-2-Clause */
/* One strict entry check for every DTB the format code and tools accept from outside. */
#include <kauri/dtb.h>
#include <libfdt.h>

int dtb_check(const void *dtb, size_t len)
{
	if (len < sizeof(struct fdt_header))
		return -FDT_ERR_TRUNCATED;
	if (fdt_magic(dtb) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;
	if (fdt_version(dtb) != 17 || fdt_last_comp_version(dtb) > 17)
		return -FDT_ERR_BADVERSION;
	if (fdt_totalsize(dtb) > len)
		return -FDT_ERR_TRUNCATED;
	return fdt_check_full(dtb, len);
}
