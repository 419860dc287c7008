/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-overlay: apply a device overlay (DTBO) to a manifest, only where kos_options/variables
 * allows it (the same check the device runs, lib/format/overlay_check.c); sign one into an overlay
 * package for the device's admin service and check a package as the device does
 * (lib/format/overlay_package.c). */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/bootfs.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/overlay_check.h>
#include <format/overlay_package.h>

#include "tool_dtb.h"
#include "tool_file.h"
#include "tool_keys.h"
#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-overlay apply BASE.dtb OVERLAY.dtbo -o OUT.dtb [--force]\n"
		"       kauri-overlay check BASE.dtb OVERLAY.dtbo\n"
		"       kauri-overlay package OVERLAY.dtbo --key KEY -o PACKAGE [--force]\n"
		"       kauri-overlay check-package BASE.dtb PACKAGE\n"
		"\n"
		"Every property the overlay sets (and every node it adds) must lie under a path listed\n"
		"in BASE's kos_options/variables, e.g. variables = \"/apps/weatherstation/environ/DEVICE_ID\".\n"
		"Otherwise nothing is written and the first forbidden path is named. The overlay is\n"
		"applied with libfdt's fdt_overlay_apply(). Compile overlays with dtc -@.\n"
		"\n"
		"package signs OVERLAY with KEY (Ed25519 PEM, the key named in the manifest's\n"
		"kos_options/public-key) into an overlay package: a bootfs image of overlay.dtbo and\n"
		"overlay.dtbo.sig, which kauri-card inbox-put hands to the device's admin service. An\n"
		"overlay with no fragment is the request to remove the active one. check-package runs\n"
		"the device's check of PACKAGE against BASE (signature, allowed paths).\n"
		"Exit status: 0 success, 1 refused or failed.\n");
}

static int cmd_package(const char *ov_path, const char *key_path, const char *out, unsigned flags)
{
	uint8_t *ov = NULL, *pkg = NULL, seed[32], pub[32], sig[ED25519_SIGNATURE_LEN];
	size_t ov_len;
	long long size;
	int ret = 1;

	if (tool_load_dtb(ov_path, &ov, &ov_len, 0) || tool_load_private_key(key_path, seed) ||
	    ed25519_public_key(pub, seed))
		goto out;
	if (ed25519_sign(sig, ov, ov_len, seed, pub)) {
		tool_error("%s: cannot sign", ov_path);
		goto out;
	}
	{
		struct bootfs_input in[2] = { { OVERLAY_PACKAGE_DTBO, ov, ov_len, 0 },
					      { OVERLAY_PACKAGE_SIG, sig, sizeof(sig), 0 } };

		size = bootfs_image_size(in, 2);
		if (size <= 0 || !(pkg = malloc((size_t)size)) || bootfs_build(pkg, (size_t)size, in, 2) != size) {
			tool_error("%s: cannot build the package", ov_path);
			goto out;
		}
	}
	if (tool_write_file(out, pkg, (size_t)size, 0644, flags))
		goto out;
	printf("%s: overlay package of %s, signed (%lld bytes)\n", out, ov_path, size);
	ret = 0;
out:
	free(ov);
	free(pkg);
	return ret;
}

static int cmd_check_package(const char *base_path, const char *pkg_path)
{
	struct overlay_package p;
	char bad[OVERLAY_PATH_MAX];
	uint8_t *base = NULL, *pkg = NULL;
	size_t base_len, pkg_len;
	int err, ret = 1;

	if (tool_load_dtb(base_path, &base, &base_len, 0) || tool_read_file(pkg_path, &pkg, &pkg_len))
		goto out;
	err = overlay_package_check(base, base_len, pkg, pkg_len, &p, bad, sizeof(bad));
	if (err) {
		tool_error("%s: %s%s%s (base %s)", pkg_path, bad, bad[0] ? ": " : "", kauri_format_strerror(err), base_path);
		goto out;
	}
	printf("%s: overlay %08x %s on %s\n", pkg_path, p.id, p.removes ? "(removes the active one) allowed" : "allowed",
	       base_path);
	ret = 0;
out:
	free(base);
	free(pkg);
	return ret;
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *base_path = NULL, *ov_path = NULL, *out = NULL, *key = NULL;
	uint8_t *base = NULL, *ov = NULL;
	size_t base_len, ov_len;
	char bad[OVERLAY_PATH_MAX];
	unsigned flags = 0;
	int i, err, ret = 1;

	tool_set_name("kauri-overlay");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (tool_output_option(argc, argv, &i, &out, &flags)) {
			continue;
		} else if (strcmp(argv[i], "--key") == 0 && i + 1 < argc) {
			key = argv[++i];
		} else if (argv[i][0] == '-') {
			tool_error("unknown option '%s' (see --help)", argv[i]);
			return 1;
		} else if (!cmd) {
			cmd = argv[i];
		} else if (!base_path) {
			base_path = argv[i];
		} else if (!ov_path) {
			ov_path = argv[i];
		} else {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		}
	}
	if (cmd && strcmp(cmd, "package") == 0 && base_path && !ov_path && key && out)
		return cmd_package(base_path, key, out, flags);
	if (cmd && strcmp(cmd, "check-package") == 0 && ov_path)
		return cmd_check_package(base_path, ov_path);
	if (!cmd || !ov_path || (strcmp(cmd, "apply") != 0 && strcmp(cmd, "check") != 0) ||
	    (strcmp(cmd, "apply") == 0 && !out)) {
		if (argc < 2)
			usage(stderr);
		else
			tool_error("bad command line (see --help)");
		return 1;
	}
	if (tool_load_dtb(ov_path, &ov, &ov_len, 0))
		goto out;
	if (tool_load_dtb(base_path, &base, &base_len, ov_len + 4096))
		goto out;
	err = overlay_check_allowed(base, fdt_totalsize(base), ov, ov_len, bad, sizeof(bad));
	if (err) {
		tool_error("%s: %s%s%s (base %s)", ov_path, bad, bad[0] ? ": " : "",
			   kauri_format_strerror(err), base_path);
		goto out;
	}
	if (strcmp(cmd, "check") == 0) {
		printf("%s: allowed on %s\n", ov_path, base_path);
		ret = 0;
		goto out;
	}
	err = fdt_overlay_apply(base, ov);
	if (err) {
		tool_error("%s: libfdt could not apply it to %s: %s", ov_path, base_path,
			   fdt_strerror(err));
		goto out;
	}
	fdt_pack(base);
	if (tool_write_file(out, base, fdt_totalsize(base), 0644, flags))
		goto out;
	printf("%s: %s applied\n", out, ov_path);
	ret = 0;
out:
	free(base);
	free(ov);
	return ret;
}
