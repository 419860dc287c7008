/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-release: build a release package (manifest.zip) from a manifest DTB and app binaries. */
#define _GNU_SOURCE
#include <libfdt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/hash.h>
#include <format/manifest.h>
#include <format/upgrade.h>

#include "tool_util.h"

/* --vmm-max-disks N: 1 to the format's limit; the build has the VMM. 0, or 1 with the error said. */
static int vmm_max_disks(const char *arg, struct manifest_build *build)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*arg < '0' || *arg > '9' || *end || n < 1 || n > MANIFEST_MAX_VM_BLK) {
		tool_error("--vmm-max-disks: '%s' is not a number from 1 to %u", arg, MANIFEST_MAX_VM_BLK);
		return 1;
	}
	build->vmm = true;
	build->vmm_max_disks = (uint32_t)n;
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-release -o OUT.zip [--force] [--ram-bytes N] [--with-vmm] [--vmm-max-disks N]\n"
		"                    MANIFEST.dtb [FILE...]\n"
		"\n"
		"Refuses a manifest the device would refuse (manifest_parse), naming the node path\n"
		"with the root server's message, and with --ram-bytes one whose memory budgets do not\n"
		"fit the board's N bytes of RAM. An app with a vm node (a microVM) is refused unless\n"
		"--with-vmm says the device's build has the VMM (CONFIG_VMM), as its root server would;\n"
		"--vmm-max-disks N (implies --with-vmm) that it gives a microVM at most N disks\n"
		"(CONFIG_VMM_MAX_BLK). Builds a release package holding apps/manifest.dtb and each FILE\n"
		"as apps/NAME\n"
		"(NAME = the file's base name). Every file the manifest names must be given (an app's\n"
		"'binary' and 'initrd'; a vm node's 'kernel' and 'initrd', its disks' 'image'), and every\n"
		"FILE must be named. Each naming node gets the file's SHA-256 beside the name\n"
		"(binary-sha256, initrd-sha256, kernel-sha256, image-sha256) so that the manifest\n"
		"signature covers them too. Entries are deflated with zlib; the package passes unzip -t.\n"
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

/*
 * The file app node APP's property PROP (binary or initrd) names, among the
 * files given: marked used, its SHA-256 recorded as DIGEST_PROP. 0, or -1 with
 * the reason printed.
 */
/* What bind_file needs: the manifest being packaged and the files given. */
struct binding {
	void *dtb;
	struct binary *bins;
	size_t nbins;
	const char *manifest;
};

/* One file property of the manifest (release_for_each_file): its file given, its digest recorded. */
static int bind_file(void *ctx, int node, const char *prop, const char *digest_prop)
{
	struct binding *b = ctx;
	void *dtb = b->dtb;
	struct binary *bins = b->bins;
	size_t nbins = b->nbins;
	const char *manifest = b->manifest;
	int plen;
	const char *want = fdt_getprop(dtb, node, prop, &plen);
	uint8_t digest[KAURI_SHA256_LEN];
	char path[256];
	size_t i;

	if (!want)
		return 0;
	fdt_get_path(dtb, node, path, sizeof(path));
	if (plen < 2 || want[plen - 1] != '\0' || strchr(want, '/')) {
		tool_error("%s: %s/%s: must be a plain file name", manifest, path, prop);
		return -1;
	}
	for (i = 0; i < nbins && strcmp(bins[i].name, want) != 0; i++)
		;
	if (i == nbins) {
		tool_error("%s: %s: %s \"%s\" was not given on the command line", manifest, path, prop, want);
		return -1;
	}
	bins[i].used = true;
	if (kauri_sha256(bins[i].data, bins[i].len, digest) ||
	    fdt_setprop(dtb, node, digest_prop, digest, sizeof(digest)) != 0) {
		tool_error("%s: %s: cannot record %s", manifest, path, digest_prop);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct kauri_manifest parsed; /* about 90 KiB: not on the stack */
	const char *out = NULL, *manifest = NULL;
	struct binary *bins = NULL;
	struct tool_zip_item *items = NULL;
	char **entry_names = NULL;
	uint8_t *dtb = NULL;
	size_t dtb_len, nbins = 0, i, extra = 4096;
	uint64_t ram_bytes = 0;
	struct manifest_build build = { 0 };
	unsigned flags = 0;
	struct binding binding;
	int arg, ret = 1;

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
		} else if (strcmp(argv[arg], "--ram-bytes") == 0 && arg + 1 < argc) {
			if (tool_byte_count("--ram-bytes", argv[++arg], &ram_bytes))
				goto out;
		} else if (strcmp(argv[arg], "--with-vmm") == 0) {
			build.vmm = true;
		} else if (strcmp(argv[arg], "--vmm-max-disks") == 0 && arg + 1 < argc) {
			if (vmm_max_disks(argv[++arg], &build))
				goto out;
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
	/* Never package what the device would refuse at boot. */
	if (tool_parse_manifest(manifest, dtb, dtb_len, ram_bytes, &build, &parsed))
		goto out;

	/* Bind every file the manifest names (binaries, initrds, a microVM's images) and record its digest. */
	binding = (struct binding){ dtb, bins, nbins, manifest };
	if (release_for_each_file(dtb, bind_file, &binding))
		goto out;
	for (i = 0; i < nbins; i++) {
		if (!bins[i].used) {
			tool_error("%s: no app in %s names \"%s\" (binary, initrd, or a vm's kernel, initrd or disk image)",
				   bins[i].path, manifest, bins[i].name);
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
