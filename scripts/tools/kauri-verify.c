/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-verify: check a release package against a key, or against the currently installed manifest
 * by the device's rule (the same upgrade.c code the admin component runs). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/error.h>
#include <format/upgrade.h>
#include <format/zip.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-verify --key PUBLIC PACKAGE.zip\n"
		"       kauri-verify --current CURRENT.dtb|CURRENT.zip PACKAGE.zip\n"
		"\n"
		"Checks every entry's CRC, the Ed25519 signature apps/manifest.dtb.sig over\n"
		"apps/manifest.dtb, and each app binary against the binary-sha256 the signed manifest\n"
		"holds. With --key the signature must verify under PUBLIC (SPKI PEM or base64 line).\n"
		"With --current the rule of the device applies: the signature must verify under\n"
		"kos_options/public-key of the current manifest, unless that manifest has\n"
		"disable-signing. Exit status: 0 accepted, 1 rejected.\n");
}

/* The current manifest: a DTB, or the apps/manifest.dtb of an installed package. */
static int load_current(const char *path, uint8_t **dtb, size_t *len)
{
	uint8_t *buf;
	size_t n;
	struct zip_reader z;
	int ret;

	ret = tool_read_file(path, &buf, &n);
	if (ret)
		return ret;
	if (n >= 4 && memcmp(buf, "PK\003\004", 4) == 0) {
		ret = tool_zip_open(path, &z, buf, n);
		if (!ret)
			ret = tool_zip_read_named(path, &z, PACKAGE_MANIFEST, dtb, len);
		free(buf);
		return ret;
	}
	*dtb = buf;
	*len = n;
	return 0;
}

int main(int argc, char **argv)
{
	const char *key_path = NULL, *current = NULL, *pkg = NULL;
	uint8_t pub[32], *buf = NULL, *dtb = NULL, *sig = NULL, *cur = NULL, *data;
	size_t len, dtb_len, sig_len = 0, cur_len, i, nbins = 0;
	struct zip_reader z;
	struct zip_entry e;
	int ret = 1, verdict;

	tool_set_name("kauri-verify");
	for (i = 1; i < (size_t)argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--key") == 0 && i + 1 < (size_t)argc) {
			key_path = argv[++i];
		} else if (strcmp(argv[i], "--current") == 0 && i + 1 < (size_t)argc) {
			current = argv[++i];
		} else if (argv[i][0] == '-' || pkg) {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		} else {
			pkg = argv[i];
		}
	}
	if (!pkg || !!key_path == !!current) {
		tool_error("need PACKAGE.zip and exactly one of --key or --current (see --help)");
		return 1;
	}
	if (key_path && tool_load_public_key(key_path, pub))
		goto out;
	if (current && load_current(current, &cur, &cur_len))
		goto out;
	if (tool_read_file(pkg, &buf, &len) || tool_zip_open(pkg, &z, buf, len))
		goto out;
	if (tool_zip_read_named(pkg, &z, PACKAGE_MANIFEST, &dtb, &dtb_len))
		goto out;
	if (zip_find(&z, PACKAGE_SIGNATURE, &e) == 0 && tool_zip_extract(pkg, &e, &sig, &sig_len))
		goto out;

	if (key_path)
		verdict = upgrade_check_signature_key(pub, dtb, dtb_len, sig, sig_len);
	else
		verdict = upgrade_check_signature(cur, cur_len, dtb, dtb_len, sig, sig_len);
	if (verdict < 0) {
		tool_error("%s: rejected: %s%s%s", pkg, kauri_format_strerror(verdict),
			   current ? " (current manifest: " : "", current ? current : "");
		if (current)
			fputs(")\n", stderr);
		goto out;
	}

	/* Every other entry is an app binary the signed manifest must vouch for. */
	for (i = 0; i < z.count; i++) {
		int err;

		if (zip_entry_at(&z, i, &e))
			goto out;
		if (zip_entry_name_is(&e, PACKAGE_MANIFEST) ||
		    zip_entry_name_is(&e, PACKAGE_SIGNATURE) || zip_entry_is_dir(&e))
			continue;
		if (tool_zip_extract(pkg, &e, &data, &len))
			goto out;
		if (e.name_len <= strlen(PACKAGE_APP_PREFIX) ||
		    memcmp(e.name, PACKAGE_APP_PREFIX, strlen(PACKAGE_APP_PREFIX)) != 0)
			err = -KFMT_EUPG_BINARY_UNKNOWN;
		else
			err = upgrade_check_binary(dtb, dtb_len, e.name + strlen(PACKAGE_APP_PREFIX),
						   e.name_len - strlen(PACKAGE_APP_PREFIX), data, len);
		free(data);
		/* Unsigned development packages carry no digests; only enforce them when signed. */
		if (err && !(verdict == UPGRADE_SIGNING_DISABLED &&
			     err == -KFMT_EUPG_BINARY_NO_DIGEST)) {
			tool_error("%s: %.*s: rejected: %s", pkg, (int)e.name_len, e.name,
				   kauri_format_strerror(err));
			goto out;
		}
		nbins++;
	}
	printf("%s: accepted: %s; %zu app binaries checked\n", pkg,
	       verdict == UPGRADE_SIGNING_DISABLED
		       ? "current manifest has disable-signing, signature not required"
		       : "signature valid",
	       nbins);
	ret = 0;
out:
	free(buf);
	free(dtb);
	free(sig);
	free(cur);
	return ret;
}
