/* SPDX-License-Identifier: BSD-2-Clause */
/* Device trees: loading and checking DTBs, room for edits, and reading a manifest as the device does. */
#include "tool_cli.h"
#include "tool_dtb.h"
#include "tool_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libfdt.h>

#include <format/dtb.h>
#include <format/error.h>
#include <format/manifest.h>

int tool_parse_manifest(const char *file, const void *dtb, size_t len, uint64_t ram_bytes,
			const struct manifest_build *build, struct kauri_manifest *m)
{
	struct manifest_error err;

	if (manifest_parse(dtb, len, m, &err) != 0 ||
	    (build && manifest_check_build(m, build, &err) != 0) ||
	    (ram_bytes && manifest_check_ram(m, ram_bytes, &err) != 0)) {
		tool_error("%s: %s: %s", file, err.path, err.message);
		return -EINVAL;
	}
	return 0;
}

int tool_check_dtb(const char *what, const void *dtb, size_t len)
{
	int err;

	if (len < sizeof(struct fdt_header)) {
		tool_error("%s: not a valid DTB: only %zu bytes", what, len);
		return -EINVAL;
	}
	err = dtb_check(dtb, len);
	if (err) {
		tool_error("%s: not a valid DTB: %s", what, kauri_format_strerror(err));
		return -EINVAL;
	}
	return 0;
}

int tool_dtb_grow(uint8_t **dtb, size_t *len, size_t extra)
{
	uint8_t *grown = malloc(*len + extra);

	if (!grown || fdt_open_into(*dtb, grown, (int)(*len + extra)) != 0) {
		free(grown);
		return -ENOMEM;
	}
	free(*dtb);
	*dtb = grown;
	*len += extra;
	return 0;
}

int tool_load_dtb(const char *path, uint8_t **dtb, size_t *len, size_t extra)
{
	uint8_t *buf;
	size_t n;
	int ret;

	ret = tool_read_file(path, &buf, &n);
	if (ret)
		return ret;
	ret = tool_check_dtb(path, buf, n);
	if (ret)
		goto fail;
	if (extra && tool_dtb_grow(&buf, &n, extra)) {
		tool_error("%s: cannot make room to edit the DTB", path);
		ret = -ENOMEM;
		goto fail;
	}
	*dtb = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	return ret;
}
