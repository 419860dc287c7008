/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: overlay_package_check() on arbitrary packages against a fixed manifest (its
 * key, variables allowing /apps/hello/args), as the admin service and the root server run it on
 * what they read from the card. What it accepts must be a DTBO inside the package, and every
 * refusal one of the format's codes with a terminated path.
 */
#include <stdint.h>
#include <string.h>
#include <libfdt.h>

#include <format/error.h>
#include <format/overlay_package.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t base[2048];

static void make_base(void)
{
	int opts;

	fdt_create_empty_tree(base, sizeof(base));
	opts = fdt_add_subnode(base, 0, "kos_options");
	/* RFC 8032 test 1's public key. */
	fdt_setprop_string(base, opts, "public-key", "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
	fdt_setprop_string(base, opts, "variables", "/apps/hello/args");
	fdt_add_subnode(base, fdt_add_subnode(base, 0, "apps"), "hello");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct overlay_package p;
	char bad[256];
	int ret;

	if (fdt_magic(base) != FDT_MAGIC)
		make_base();
	ret = overlay_package_check(base, sizeof(base), data, size, &p, bad, sizeof(bad));
	if (strnlen(bad, sizeof(bad)) >= sizeof(bad))
		__builtin_trap();
	if (ret < 0 && strcmp(kauri_format_strerror(ret), "unknown error") == 0)
		__builtin_trap();
	if (ret == 0 && ((const uint8_t *)p.dtbo < data || (const uint8_t *)p.dtbo + p.dtbo_len > data + size ||
			 fdt_check_header(p.dtbo) != 0))
		__builtin_trap();
	(void)overlay_package_is(data, size);
	return 0;
}
