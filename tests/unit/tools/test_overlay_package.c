/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Overlay packages (lib/format/overlay_package.c): one signed by the base manifest's key and
 * touching only its variables passes, named by its digest; an empty one removes; the wrong key,
 * no signature, a forbidden path and a damaged image are refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <format/base64.h>
#include <format/bootfs.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/overlay_check.h>
#include <format/overlay_package.h>

static uint8_t seed[32] = { 1, 2, 3 }, pub[32], other_seed[32] = { 9 }, other_pub[32];
static uint8_t base[4096], dtbo[4096], pkg[16384];

/* A manifest whose key is PUB and whose variables allow /apps/hello/args. */
static void make_base(void)
{
	char b64[64];
	int opts;

	assert_int_equal(fdt_create_empty_tree(base, sizeof(base)), 0);
	opts = fdt_add_subnode(base, 0, "kos_options");
	base64_encode(b64, pub, 32);
	assert_int_equal(fdt_setprop_string(base, opts, "public-key", b64), 0);
	assert_int_equal(fdt_setprop_string(base, opts, "variables", "/apps/hello/args"), 0);
	assert_true(fdt_add_subnode(base, fdt_add_subnode(base, 0, "apps"), "hello") >= 0);
}

/* An overlay setting PROPERTY of /apps/hello (none: no fragment at all). */
static void make_dtbo(const char *property)
{
	int frag, ov;

	assert_int_equal(fdt_create_empty_tree(dtbo, sizeof(dtbo)), 0);
	if (!property)
		return;
	frag = fdt_add_subnode(dtbo, 0, "fragment@0");
	assert_int_equal(fdt_setprop_string(dtbo, frag, "target-path", "/apps/hello"), 0);
	ov = fdt_add_subnode(dtbo, frag, "__overlay__");
	assert_int_equal(fdt_setprop_string(dtbo, ov, property, "overlaid"), 0);
}

/* The package of the DTBO signed with SIGNER's key (NULL: unsigned): its size. */
static size_t make_package(const uint8_t *signer_seed, const uint8_t *signer_pub)
{
	uint8_t sig[64];
	struct bootfs_input in[2] = { { OVERLAY_PACKAGE_DTBO, dtbo, fdt_totalsize(dtbo), 0 },
				      { OVERLAY_PACKAGE_SIG, sig, sizeof(sig), 0 } };
	long long n;

	fdt_pack(dtbo);
	in[0].len = fdt_totalsize(dtbo);
	if (signer_seed)
		assert_int_equal(ed25519_sign(sig, dtbo, fdt_totalsize(dtbo), signer_seed, signer_pub), 0);
	n = bootfs_build(pkg, sizeof(pkg), in, signer_seed ? 2 : 1);
	assert_true(n > 0);
	return (size_t)n;
}

static int setup(void **state)
{
	(void)state;
	assert_int_equal(ed25519_public_key(pub, seed), 0);
	assert_int_equal(ed25519_public_key(other_pub, other_seed), 0);
	make_base();
	return 0;
}

static void signed_allowed_overlay_passes(void **state)
{
	struct overlay_package p;
	char bad[OVERLAY_PATH_MAX];
	size_t len;

	(void)state;
	make_dtbo("args");
	len = make_package(seed, pub);
	assert_true(overlay_package_is(pkg, len));
	assert_int_equal(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)), 0);
	assert_false(p.removes);
	assert_int_equal(p.dtbo_len, fdt_totalsize(dtbo));
	assert_memory_equal(p.dtbo, dtbo, p.dtbo_len);
	assert_true(p.id != 0);
	/* An overlay with no fragment: the request to remove the active one. */
	make_dtbo(NULL);
	len = make_package(seed, pub);
	assert_int_equal(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)), 0);
	assert_true(p.removes);
}

static void refusals(void **state)
{
	struct overlay_package p;
	char bad[OVERLAY_PATH_MAX];
	size_t len;

	(void)state;
	make_dtbo("args");
	len = make_package(other_seed, other_pub);
	assert_int_equal(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)), -KFMT_EUPG_SIG_INVALID);
	len = make_package(NULL, NULL);
	assert_int_equal(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)), -KFMT_EUPG_SIG_MISSING);
	make_dtbo("binary");
	len = make_package(seed, pub);
	assert_true(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)) < 0);
	assert_string_equal(bad, "/apps/hello/binary");
	/* A flipped byte in the DTBO: the bootfs digest says so first. */
	make_dtbo("args");
	len = make_package(seed, pub);
	pkg[len - 8] ^= 1;
	assert_true(overlay_package_check(base, sizeof(base), pkg, len, &p, bad, sizeof(bad)) < 0);
	/* A release is no overlay package. */
	assert_false(overlay_package_is(pkg, 10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(signed_allowed_overlay_passes, setup),
		cmocka_unit_test_setup(refusals, setup),
	};

	return cmocka_run_group_tests_name("overlay package", tests, NULL, NULL);
}
