/* SPDX-License-Identifier: BSD-2-Clause */
/* Overlay packages (overlay_package.h): the one check the admin service and the root server run. */
#include <string.h>
#include <libfdt.h>

#include <format/bootfs.h>
#include <format/error.h>
#include <format/hash.h>
#include <format/overlay_check.h>
#include <format/overlay_package.h>
#include <format/upgrade.h>

bool overlay_package_is(const uint8_t *pkg, size_t len)
{
	struct bootfs fs;
	struct bootfs_entry e;

	return bootfs_open(&fs, pkg, len) == 0 && bootfs_find(&fs, OVERLAY_PACKAGE_DTBO, &e) == 0;
}

/* Whether the overlay has a fragment (a subnode with __overlay__). */
static bool has_fragment(const void *dtbo)
{
	int node;

	fdt_for_each_subnode(node, dtbo, 0)
		if (fdt_subnode_offset(dtbo, node, "__overlay__") >= 0)
			return true;
	return false;
}

int overlay_package_check(const void *base, size_t base_len, const uint8_t *pkg, size_t len,
			  struct overlay_package *out, char *bad, size_t bad_cap)
{
	struct bootfs fs;
	struct bootfs_entry dtbo, sig;
	uint8_t digest[KAURI_SHA256_LEN];
	int err;

	if (bad_cap)
		bad[0] = '\0';
	err = bootfs_open(&fs, pkg, len);
	if (err)
		return err;
	if (bootfs_find(&fs, OVERLAY_PACKAGE_DTBO, &dtbo) != 0)
		return -KFMT_ENOENT;
	err = upgrade_check_signature(base, base_len, dtbo.data, dtbo.size,
				      bootfs_find(&fs, OVERLAY_PACKAGE_SIG, &sig) == 0 ? sig.data : NULL,
				      bootfs_find(&fs, OVERLAY_PACKAGE_SIG, &sig) == 0 ? sig.size : 0);
	if (err < 0)
		return err;
	err = overlay_check_allowed(base, base_len, dtbo.data, dtbo.size, bad, bad_cap);
	if (err)
		return err;
	err = kauri_sha256(dtbo.data, dtbo.size, digest);
	if (err)
		return -KFMT_EHASH;
	*out = (struct overlay_package){ .dtbo = dtbo.data, .dtbo_len = dtbo.size, .removes = !has_fragment(dtbo.data),
					 .id = (uint32_t)digest[0] << 24 | (uint32_t)digest[1] << 16 |
					       (uint32_t)digest[2] << 8 | digest[3] };
	return 0;
}
