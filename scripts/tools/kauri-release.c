/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-release: build a release package (manifest.zip) from a manifest DTB and app binaries. */
#define _GNU_SOURCE
#include <libfdt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kauri/hash.h>
#include <kauri/upgrade.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-release -o OUT.zip [--force] MANIFEST.dtb [BINARY...]\n"
		"\n"
		"Builds a release package holding apps/manifest.dtb and each BINARY as apps/NAME\n"
		"(NAME = the file's base name). Every /apps/<app> with a 'binary' property must have\n"
		"its binary given, and every BINARY must be named by some app. Each such app node gets\n"
		"a binary-sha256 property (SHA-256 of its binary) so that the manifest signature\n"
		"covers the binaries too. Entries are deflated with zlib; the package passes unzip -t.\n"
		"Exit status: 0 success, 1 failure.\n");
}

struct binary {
	const char *path;
	const char *name;
	uint8_t *data;
	size_t len;
	bool used;
};

/* Whether a binary's name is the manifest's or its signature's under apps/. */
static bool reserved_name(const char *name)
{
	size_t prefix = strlen(PACKAGE_APP_PREFIX);

	return strcmp(name, PACKAGE_MANIFEST + prefix) == 0 ||
	       strcmp(name, PACKAGE_SIGNATURE + prefix) == 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *manifest = NULL;
	struct binary *bins = NULL;
	struct tool_zip_item *items = NULL;
	char **entry_names = NULL;
	uint8_t *dtb = NULL;
	size_t dtb_len, nbins = 0, i, extra = 4096;
	unsigned flags = 0;
	int arg, apps, app, ret = 1, plen;

	tool_set_name("kauri-release");
	bins = calloc((size_t)argc, sizeof(*bins));
	if (!bins)
		return 1;
	for (arg = 1; arg < argc; arg++) {
		if (tool_is_help(argv[arg])) {
			usage(stdout);
			ret = 0;
			goto out;
		} else if (tool_output_option(argc, argv, &arg, &out, &flags)) {
			continue;
		} else if (argv[arg][0] == '-') {
			tool_error("unknown option '%s' (see --help)", argv[arg]);
			goto out;
		} else if (!manifest) {
			manifest = argv[arg];
		} else {
			bins[nbins].path = argv[arg];
			bins[nbins].name = strrchr(argv[arg], '/') ? strrchr(argv[arg], '/') + 1 : argv[arg];
			nbins++;
		}
	}
	if (!out || !manifest) {
		tool_error("need -o OUT.zip and MANIFEST.dtb (see --help)");
		goto out;
	}
	for (i = 0; i < nbins; i++) {
		size_t j;

		if (tool_read_file(bins[i].path, &bins[i].data, &bins[i].len))
			goto out;
		for (j = 0; j < i; j++)
			if (strcmp(bins[i].name, bins[j].name) == 0) {
				tool_error("%s: a binary called '%s' was already given (%s)",
					   bins[i].path, bins[i].name, bins[j].path);
				goto out;
			}
		if (reserved_name(bins[i].name)) {
			tool_error("%s: '%s' is reserved for the manifest", bins[i].path, bins[i].name);
			goto out;
		}
		extra += 64;
	}
	if (tool_load_dtb(manifest, &dtb, &dtb_len, extra))
		goto out;

	/* Bind every app's binary to a file and record its digest in the manifest. */
	apps = fdt_path_offset(dtb, "/apps");
	if (apps >= 0) {
		fdt_for_each_subnode(app, dtb, apps) {
			const char *want = fdt_getprop(dtb, app, MANIFEST_PROP_BINARY, &plen);
			uint8_t digest[KAURI_SHA256_LEN];
			char path[256];

			if (!want)
				continue;
			fdt_get_path(dtb, app, path, sizeof(path));
			if (plen < 2 || want[plen - 1] != '\0' || strchr(want, '/')) {
				tool_error("%s: %s/binary: must be a plain file name", manifest, path);
				goto out;
			}
			for (i = 0; i < nbins && strcmp(bins[i].name, want) != 0; i++)
				;
			if (i == nbins) {
				tool_error("%s: %s: binary \"%s\" was not given on the command line",
					   manifest, path, want);
				goto out;
			}
			bins[i].used = true;
			if (kauri_sha256(bins[i].data, bins[i].len, digest) ||
			    fdt_setprop(dtb, app, MANIFEST_PROP_BINARY_SHA256, digest,
					sizeof(digest)) != 0) {
				tool_error("%s: %s: cannot record binary-sha256", manifest, path);
				goto out;
			}
		}
	}
	for (i = 0; i < nbins; i++) {
		if (!bins[i].used) {
			tool_error("%s: no app in %s has binary = \"%s\"", bins[i].path, manifest,
				   bins[i].name);
			goto out;
		}
	}
	fdt_pack(dtb);
	dtb_len = fdt_totalsize(dtb);

	items = calloc(nbins + 1, sizeof(*items));
	entry_names = calloc(nbins + 1, sizeof(*entry_names));
	if (!items || !entry_names)
		goto out;
	items[0] = (struct tool_zip_item){ PACKAGE_MANIFEST, dtb, dtb_len };
	for (i = 0; i < nbins; i++) {
		if (asprintf(&entry_names[i], "%s%s", PACKAGE_APP_PREFIX, bins[i].name) < 0) {
			entry_names[i] = NULL;
			goto out;
		}
		items[i + 1] = (struct tool_zip_item){ entry_names[i], bins[i].data, bins[i].len };
	}
	if (tool_write_package(out, items, nbins + 1, flags))
		goto out;
	printf("%s: %zu binaries + apps/manifest.dtb\n", out, nbins);
	ret = 0;
out:
	for (i = 0; i < nbins; i++) {
		free(bins[i].data);
		if (entry_names)
			free(entry_names[i]);
	}
	free(entry_names);
	free(items);
	free(bins);
	free(dtb);
	return ret;
}
