/* SPDX-License-Identifier: BSD-2-Clause */
/* Release packages (zip): reading entries with errors that name the package, writing them deflated and atomically. */
#include "tool_cli.h"
#include "tool_file.h"
#include "tool_package.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <format/error.h>
#include <format/zip.h>

int tool_zip_open(const char *pkg, struct zip_reader *z, const uint8_t *buf, size_t len)
{
	int ret = zip_open(z, buf, len);

	if (ret)
		tool_error("%s: offset %zu: not a usable zip package: %s", pkg, z->error_offset,
			   kauri_format_strerror(ret));
	return ret;
}

int tool_zip_extract(const char *pkg, const struct zip_entry *e, uint8_t **out, size_t *len)
{
	uint8_t *buf;
	int ret = -EINVAL;

	/* +1 so an empty entry still gets a real allocation. */
	buf = malloc((size_t)e->uncomp_size + 1);
	if (!buf) {
		tool_error("%s: %.*s: out of memory", pkg, (int)e->name_len, e->name);
		return -ENOMEM;
	}
	if (e->method == ZIP_METHOD_STORE) {
		memcpy(buf, e->data, e->comp_size);
	} else {
		z_stream zs;
		int zret;

		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
			tool_error("%s: zlib inflateInit failed", pkg);
			goto fail;
		}
		zs.next_in = (Bytef *)e->data;
		zs.avail_in = e->comp_size;
		zs.next_out = buf;
		zs.avail_out = e->uncomp_size + 1;
		zret = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
		if (zret != Z_STREAM_END || zs.total_out != e->uncomp_size) {
			tool_error("%s: %.*s (header at offset %zu): bad deflate data (%s)", pkg,
				   (int)e->name_len, e->name, e->header_offset,
				   zret == Z_STREAM_END ? "wrong size" : zs.msg ? zs.msg : "truncated");
			goto fail;
		}
	}
	if (zip_crc32(0, buf, e->uncomp_size) != e->crc32) {
		tool_error("%s: %.*s (header at offset %zu): CRC-32 mismatch: the entry is corrupt",
			   pkg, (int)e->name_len, e->name, e->header_offset);
		goto fail;
	}
	*out = buf;
	*len = e->uncomp_size;
	return 0;
fail:
	free(buf);
	return ret;
}

int tool_zip_read_named(const char *pkg, struct zip_reader *z, const char *name, uint8_t **out,
			size_t *len)
{
	struct zip_entry e;
	int ret = zip_find(z, name, &e);

	if (ret) {
		tool_error("%s: %s: %s", pkg, name,
			   ret == -KFMT_ENOENT ? "not in the package" : kauri_format_strerror(ret));
		return ret;
	}
	return tool_zip_extract(pkg, &e, out, len);
}

static int deflate_buffer(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	z_stream zs;
	uLong bound;
	uint8_t *buf;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	bound = deflateBound(&zs, len);
	buf = malloc(bound + 1);
	if (!buf) {
		deflateEnd(&zs);
		return -ENOMEM;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = buf;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		free(buf);
		return -EIO;
	}
	*out = buf;
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return 0;
}

int tool_write_package(const char *path, const struct tool_zip_item *items, size_t n,
		       unsigned flags)
{
	uint8_t **packed = calloc(n + 1, sizeof(*packed)), *out = NULL, *cd = NULL;
	size_t *packed_len = calloc(n + 1, sizeof(*packed_len)), out_cap = ZIP_END_LEN, cd_cap = 0, i;
	struct zip_writer w;
	long total;
	int ret = -ENOMEM;

	if (!packed || !packed_len)
		goto out;
	for (i = 0; i < n; i++) {
		if (items[i].len > 0xfffffffeu) {
			tool_error("%s: %s is larger than a zip without zip64 can hold", path,
				   items[i].name);
			ret = -EFBIG;
			goto out;
		}
		ret = deflate_buffer(items[i].data, items[i].len, &packed[i], &packed_len[i]);
		if (ret) {
			tool_error("%s: cannot compress %s", path, items[i].name);
			goto out;
		}
		out_cap += ZIP_ENTRY_OVERHEAD(strlen(items[i].name)) + packed_len[i] + items[i].len;
		cd_cap += ZIP_ENTRY_OVERHEAD(strlen(items[i].name));
	}
	ret = -ENOMEM;
	out = malloc(out_cap);
	cd = malloc(cd_cap + 1);
	if (!out || !cd)
		goto out;
	zip_writer_init(&w, out, out_cap, cd, cd_cap);
	for (i = 0; i < n; i++) {
		bool store = packed_len[i] >= items[i].len;

		ret = zip_writer_add(&w, items[i].name, store ? ZIP_METHOD_STORE : ZIP_METHOD_DEFLATE,
				     zip_crc32(0, items[i].data, items[i].len), (uint32_t)items[i].len,
				     store ? items[i].data : packed[i],
				     store ? items[i].len : packed_len[i]);
		if (ret) {
			tool_error("%s: cannot add '%s': %s", path, items[i].name,
				   ret == -KFMT_EINVAL ? "bad entry name or too many entries"
						       : kauri_format_strerror(ret));
			goto out;
		}
	}
	total = zip_writer_finish(&w);
	if (total < 0) {
		ret = (int)total;
		tool_error("%s: %s", path, kauri_format_strerror(ret));
		goto out;
	}
	ret = tool_write_file(path, out, (size_t)total, 0644, flags);
out:
	if (packed)
		for (i = 0; i < n; i++)
			free(packed[i]);
	free(packed);
	free(packed_len);
	free(out);
	free(cd);
	return ret;
}
