/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-sign: add apps/manifest.dtb.sig (Ed25519 over the DTB) to a release package, optionally
 * writing kos_options/public-key and disable-signing into the DTB first (--apply-props). */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/base64.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/upgrade.h>
#include <format/zip.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-sign --key PRIVATE.pem -o OUT.zip [--force]\n"
		"                  [--apply-props [--public-key PUBLIC] [--disable-signing]] PACKAGE.zip\n"
		"\n"
		"Signs apps/manifest.dtb of PACKAGE.zip with the Ed25519 key and writes OUT.zip with\n"
		"apps/manifest.dtb.sig added (or replaced). With --apply-props the DTB first gets\n"
		"kos_options/public-key = the base64 key that must sign the *next* upgrade (the\n"
		"signing key's own, or PUBLIC's), and disable-signing if --disable-signing is given.\n"
		"Exit status: 0 success, 1 failure.\n");
}

/* Write the signing properties into the DTB (grown by the caller). */
static int apply_props(const char *pkg, uint8_t *dtb, const uint8_t pub[32], bool disable)
{
	char b64[BASE64_ENCODED_LEN(32) + 1];
	int node, err;

	node = fdt_path_offset(dtb, MANIFEST_OPTIONS_PATH);
	if (node == -FDT_ERR_NOTFOUND)
		node = fdt_add_subnode(dtb, 0, MANIFEST_OPTIONS_PATH + 1);
	if (node < 0) {
		tool_error("%s: %s: cannot create %s: %s", pkg, PACKAGE_MANIFEST, MANIFEST_OPTIONS_PATH,
			   fdt_strerror(node));
		return -1;
	}
	base64_encode(b64, pub, 32);
	err = fdt_setprop_string(dtb, node, MANIFEST_PROP_PUBLIC_KEY, b64);
	if (!err && disable)
		err = fdt_setprop(dtb, node, MANIFEST_PROP_DISABLE_SIGNING, NULL, 0);
	if (!err && !disable) {
		/* Signing stays enforced: drop a disable-signing left from development. */
		err = fdt_delprop(dtb, node, MANIFEST_PROP_DISABLE_SIGNING);
		if (err == -FDT_ERR_NOTFOUND)
			err = 0;
	}
	if (err) {
		tool_error("%s: %s: cannot set %s properties: %s", pkg, PACKAGE_MANIFEST,
			   MANIFEST_OPTIONS_PATH, fdt_strerror(err));
		return -1;
	}
	fdt_pack(dtb);
	return 0;
}

int main(int argc, char **argv)
{
	const char *key_path = NULL, *out = NULL, *pkg = NULL, *next_key = NULL;
	bool props = false, disable = false;
	uint8_t seed[32], pub[32], next_pub[32], sig[64], *buf = NULL, *dtb = NULL;
	struct tool_zip_item *items = NULL;
	uint8_t **datas = NULL;
	struct zip_reader z;
	struct zip_entry e;
	size_t len, dtb_len, n = 0, i;
	unsigned flags = 0;
	int arg, ret = 1;

	tool_set_name("kauri-sign");
	for (arg = 1; arg < argc; arg++) {
		if (tool_is_help(argv[arg])) {
			usage(stdout);
			return 0;
		} else if (tool_output_option(argc, argv, &arg, &out, &flags)) {
			continue;
		} else if (strcmp(argv[arg], "--key") == 0 && arg + 1 < argc) {
			key_path = argv[++arg];
		} else if (strcmp(argv[arg], "--public-key") == 0 && arg + 1 < argc) {
			next_key = argv[++arg];
		} else if (strcmp(argv[arg], "--apply-props") == 0) {
			props = true;
		} else if (strcmp(argv[arg], "--disable-signing") == 0) {
			disable = true;
		} else if (argv[arg][0] == '-' || pkg) {
			tool_error("unexpected argument '%s' (see --help)", argv[arg]);
			return 1;
		} else {
			pkg = argv[arg];
		}
	}
	if (!key_path || !out || !pkg) {
		tool_error("need --key PRIVATE.pem, -o OUT.zip and PACKAGE.zip (see --help)");
		return 1;
	}
	if (!props && (next_key || disable)) {
		tool_error("--public-key and --disable-signing only make sense with --apply-props");
		return 1;
	}
	if (tool_load_private_key(key_path, seed) || ed25519_public_key(pub, seed))
		goto out;
	if (next_key && tool_load_public_key(next_key, next_pub))
		goto out;
	if (tool_read_file(pkg, &buf, &len) || tool_zip_open(pkg, &z, buf, len))
		goto out;
	if (tool_zip_read_named(pkg, &z, PACKAGE_MANIFEST, &dtb, &dtb_len) ||
	    tool_check_dtb(PACKAGE_MANIFEST, dtb, dtb_len))
		goto out;
	if (props) {
		if (tool_dtb_grow(&dtb, &dtb_len, 1024)) {
			tool_error("%s: %s: cannot make room for properties", pkg, PACKAGE_MANIFEST);
			goto out;
		}
		if (apply_props(pkg, dtb, next_key ? next_pub : pub, disable))
			goto out;
		dtb_len = fdt_totalsize(dtb);	/* apply_props() packs it again */
	}
	if (ed25519_sign(sig, dtb, dtb_len, seed, pub)) {
		tool_error("%s: signing failed", pkg);
		goto out;
	}

	/* Same entries in the same order; the DTB replaced, the signature added after it. */
	items = calloc(z.count + 2, sizeof(*items));
	datas = calloc(z.count + 2, sizeof(*datas));
	if (!items || !datas)
		goto out;
	for (i = 0; i < z.count; i++) {
		if (zip_entry_at(&z, i, &e))
			goto out;
		if (zip_entry_name_is(&e, PACKAGE_SIGNATURE) || zip_entry_is_dir(&e))
			continue;
		if (zip_entry_name_is(&e, PACKAGE_MANIFEST)) {
			items[n++] = (struct tool_zip_item){ PACKAGE_MANIFEST, dtb, dtb_len };
			items[n++] = (struct tool_zip_item){ PACKAGE_SIGNATURE, sig, sizeof(sig) };
			continue;
		}
		{
			size_t elen;
			char *name = strndup(e.name, e.name_len);

			if (!name || tool_zip_extract(pkg, &e, &datas[i], &elen)) {
				free(name);
				goto out;
			}
			items[n++] = (struct tool_zip_item){ name, datas[i], elen };
		}
	}
	if (tool_write_package(out, items, n, flags))
		goto out;
	printf("%s: signed%s%s\n", out, props ? ", kos_options/public-key set" : "",
	       disable ? ", disable-signing set" : "");
	ret = 0;
out:
	memset(seed, 0, sizeof(seed));
	if (items)
		for (i = 0; i < n; i++)
			if (items[i].data != dtb && items[i].data != sig)
				free((char *)items[i].name);
	if (datas)
		for (i = 0; i < z.count; i++)
			free(datas[i]);
	free(datas);
	free(items);
	free(dtb);
	free(buf);
	return ret;
}
