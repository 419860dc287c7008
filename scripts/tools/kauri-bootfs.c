/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-bootfs: turn a release package into the bootfs image the device boots from; list and
 * extract images. Format: lib/include/format/bootfs.h and docs/tools.md. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/bootfs.h>
#include <format/error.h>
#include <format/upgrade.h>
#include <format/zip.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-bootfs create -o IMAGE [--force] PACKAGE.zip\n"
		"       kauri-bootfs list IMAGE\n"
		"       kauri-bootfs extract IMAGE NAME -o FILE [--force]\n"
		"\n"
		"create   puts every file of the package's apps/ into a bootfs image (names without\n"
		"         the apps/ prefix; manifest.dtb and its signature manifest.dtb.sig flagged).\n"
		"list     checks the image and every entry's SHA-256, and prints the entry table.\n"
		"extract  writes one entry, after checking its SHA-256.\n"
		"Exit status: 0 success, 1 failure.\n");
}

static int open_image(const char *path, uint8_t **buf, size_t *len, struct bootfs *fs)
{
	int ret = tool_read_file(path, buf, len);

	if (ret)
		return ret;
	ret = bootfs_open(fs, *buf, *len);
	if (ret) {
		tool_error("%s: offset %zu: not a valid bootfs image: %s", path, fs->error_offset,
			   kauri_format_strerror(ret));
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

static int cmd_create(const char *pkg, const char *out, unsigned flags)
{
	struct bootfs_input *in = NULL;
	uint8_t *buf = NULL, **datas = NULL, *img = NULL;
	struct zip_reader z;
	struct zip_entry e;
	size_t len, n = 0, i, prefix = strlen(PACKAGE_APP_PREFIX);
	long long size;
	int ret = 1;

	if (tool_read_file(pkg, &buf, &len) || tool_zip_open(pkg, &z, buf, len))
		goto out;
	in = calloc(z.count + 1, sizeof(*in));
	datas = calloc(z.count + 1, sizeof(*datas));
	if (!in || !datas)
		goto out;
	for (i = 0; i < z.count; i++) {
		size_t dlen;
		char *name;

		if (zip_entry_at(&z, i, &e))
			goto out;
		if (zip_entry_is_dir(&e))
			continue;
		if (e.name_len <= prefix || memcmp(e.name, PACKAGE_APP_PREFIX, prefix) != 0 ||
		    memchr(e.name + prefix, '/', e.name_len - prefix)) {
			tool_error("%s: %.*s: only files directly under apps/ go into a bootfs", pkg,
				   (int)e.name_len, e.name);
			goto out;
		}
		if (tool_zip_extract(pkg, &e, &datas[n], &dlen))
			goto out;
		name = strndup(e.name + prefix, e.name_len - prefix);
		if (!name)
			goto out;
		in[n].name = name;
		in[n].data = datas[n];
		in[n].len = dlen;
		in[n].flags = zip_entry_name_is(&e, PACKAGE_MANIFEST) ? BOOTFS_F_MANIFEST
			      : zip_entry_name_is(&e, PACKAGE_SIGNATURE) ? BOOTFS_F_SIGNATURE : 0;
		n++;
	}
	if (zip_find(&z, PACKAGE_MANIFEST, &e) != 0) {
		tool_error("%s: %s: not in the package", pkg, PACKAGE_MANIFEST);
		goto out;
	}
	size = bootfs_image_size(in, n);
	if (size < 0) {
		tool_error("%s: cannot lay out a bootfs: an entry name is longer than %d bytes or "
			   "not allowed", pkg, BOOTFS_NAME_MAX - 1);
		goto out;
	}
	img = malloc((size_t)size);
	if (!img || bootfs_build(img, (size_t)size, in, n) != size) {
		tool_error("%s: cannot build the image", out);
		goto out;
	}
	if (tool_write_file(out, img, (size_t)size, 0644, flags))
		goto out;
	printf("%s: %zu entries, %lld bytes\n", out, n, size);
	ret = 0;
out:
	if (in)
		for (i = 0; i < n; i++)
			free((char *)in[i].name);
	if (datas)
		for (i = 0; i <= n && i < z.count; i++)
			free(datas[i]);
	free(in);
	free(datas);
	free(img);
	free(buf);
	return ret;
}

static void print_hex(const uint8_t *p, size_t n)
{
	while (n--)
		printf("%02x", *p++);
}

static int cmd_list(const char *path)
{
	struct bootfs fs;
	struct bootfs_entry e;
	uint8_t *buf = NULL;
	size_t len;
	uint32_t i;
	int ret = 1;

	if (open_image(path, &buf, &len, &fs))
		return 1;
	printf("%-32s %10s %10s %-5s %s\n", "NAME", "OFFSET", "SIZE", "FLAGS", "SHA-256");
	for (i = 0; i < fs.count; i++) {
		bootfs_entry_at(&fs, i, &e);
		if (bootfs_check_entry(&e)) {
			tool_error("%s: entry %u '%s' at offset %llu: SHA-256 mismatch", path, i,
				   e.name, (unsigned long long)e.offset);
			goto out;
		}
		printf("%-32s %10llu %10llu %-5s ", e.name, (unsigned long long)e.offset,
		       (unsigned long long)e.size,
		       e.flags & BOOTFS_F_MANIFEST ? "M" : e.flags & BOOTFS_F_SIGNATURE ? "S" : "-");
		print_hex(e.sha256, 32);
		putchar('\n');
	}
	printf("%u entries, %llu bytes, image SHA-256 ", fs.count,
	       (unsigned long long)fs.image_size);
	print_hex(buf + 32, 32);
	putchar('\n');
	ret = 0;
out:
	free(buf);
	return ret;
}

static int cmd_extract(const char *path, const char *name, const char *out, unsigned flags)
{
	struct bootfs fs;
	struct bootfs_entry e;
	uint8_t *buf = NULL;
	size_t len;
	int ret = 1;

	if (open_image(path, &buf, &len, &fs))
		return 1;
	if (bootfs_find(&fs, name, &e)) {
		tool_error("%s: no entry called '%s'", path, name);
		goto out;
	}
	if (bootfs_check_entry(&e)) {
		tool_error("%s: entry '%s' at offset %llu: SHA-256 mismatch", path, name,
			   (unsigned long long)e.offset);
		goto out;
	}
	if (tool_write_file(out, e.data, (size_t)e.size, 0644, flags))
		goto out;
	ret = 0;
out:
	free(buf);
	return ret;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *args[3] = { NULL, NULL, NULL };
	unsigned flags = 0;
	int i, nargs = 0;

	tool_set_name("kauri-bootfs");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (tool_output_option(argc, argv, &i, &out, &flags)) {
			continue;
		} else if (argv[i][0] == '-' || nargs == 3) {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		} else {
			args[nargs++] = argv[i];
		}
	}
	if (nargs == 2 && strcmp(args[0], "create") == 0 && out)
		return cmd_create(args[1], out, flags);
	if (nargs == 2 && strcmp(args[0], "list") == 0)
		return cmd_list(args[1]);
	if (nargs == 3 && strcmp(args[0], "extract") == 0 && out)
		return cmd_extract(args[1], args[2], out, flags);
	if (argc < 2)
		usage(stderr);
	else
		tool_error("bad command line (see --help)");
	return 1;
}
