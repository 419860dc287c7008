/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-overlay: apply a device overlay (DTBO) to a manifest, only where kos_options/variables
 * allows it (the same check the device runs, lib/format/overlay_check.c). */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/error.h>
#include <format/overlay_check.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-overlay apply BASE.dtb OVERLAY.dtbo -o OUT.dtb [--force]\n"
		"       kauri-overlay check BASE.dtb OVERLAY.dtbo\n"
		"\n"
		"Every property the overlay sets (and every node it adds) must lie under a path listed\n"
		"in BASE's kos_options/variables, e.g. variables = \"/apps/weatherstation/environ/DEVICE_ID\".\n"
		"Otherwise nothing is written and the first forbidden path is named. The overlay is\n"
		"applied with libfdt's fdt_overlay_apply(). Compile overlays with dtc -@.\n"
		"Exit status: 0 success, 1 refused or failed.\n");
}

int main(int argc, char **argv)
{
	const char *cmd = NULL, *base_path = NULL, *ov_path = NULL, *out = NULL;
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
