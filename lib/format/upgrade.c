/* SPDX-License-Identifier: BSD-2-Clause */
/* Upgrade authorization: signature policy from the current manifest and signed binary digests. */
#include <format/base64.h>
#include <format/bootfs.h>
#include <format/dtb.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/hash.h>
#include <format/upgrade.h>
#include <libfdt.h>
#include <stdbool.h>
#include <string.h>

static int dtb_valid(const void *dtb, size_t len)
{
	return dtb_check(dtb, len) == 0;
}

/* Decode the manifest's base64 public-key into pub (checks the point). 0 or negative. */
int upgrade_manifest_public_key(const void *dtb, uint8_t pub[32])
{
	const char *text;
	uint8_t raw[48];
	int node, len;
	long n;

	node = fdt_path_offset(dtb, MANIFEST_OPTIONS_PATH);
	if (node < 0)
		return -KFMT_ENOENT;
	text = fdt_getprop(dtb, node, MANIFEST_PROP_PUBLIC_KEY, &len);
	if (!text)
		return -KFMT_ENOENT;
	if (len < 1 || text[len - 1] != '\0')
		return -KFMT_EFORMAT;
	n = base64_decode(raw, sizeof(raw), text, (size_t)len - 1);
	if (n != 32)
		return -KFMT_EFORMAT;
	memcpy(pub, raw, 32);
	return ed25519_check_public_key(pub);
}

/* upgrade_check_signature_key once new_dtb is known to be a valid DTB. */
static int check_signature(const uint8_t pub[32], const void *new_dtb, size_t new_len, const uint8_t *sig,
			   size_t sig_len)
{
	if (!sig)
		return -KFMT_EUPG_SIG_MISSING;
	if (sig_len != ED25519_SIGNATURE_LEN)
		return -KFMT_EUPG_SIG_LENGTH;
	if (ed25519_verify(sig, new_dtb, new_len, pub) != 0)
		return -KFMT_EUPG_SIG_INVALID;
	return UPGRADE_SIGNATURE_VALID;
}

int upgrade_check_signature_key(const uint8_t pub[32], const void *new_dtb, size_t new_len,
				const uint8_t *sig, size_t sig_len)
{
	if (!dtb_valid(new_dtb, new_len))
		return -KFMT_EUPG_NEW_DTB;
	return check_signature(pub, new_dtb, new_len, sig, sig_len);
}

int upgrade_check_signature(const void *current_dtb, size_t current_len, const void *new_dtb,
			    size_t new_len, const uint8_t *sig, size_t sig_len)
{
	uint8_t pub[32];
	int node, ret;

	if (!dtb_valid(current_dtb, current_len))
		return -KFMT_EUPG_CURRENT_DTB;
	if (!dtb_valid(new_dtb, new_len))
		return -KFMT_EUPG_NEW_DTB;
	node = fdt_path_offset(current_dtb, MANIFEST_OPTIONS_PATH);
	if (node >= 0 && fdt_getprop(current_dtb, node, MANIFEST_PROP_DISABLE_SIGNING, NULL))
		return UPGRADE_SIGNING_DISABLED;
	ret = upgrade_manifest_public_key(current_dtb, pub);
	if (ret == -KFMT_ENOENT)
		return -KFMT_EUPG_NO_POLICY;
	if (ret)
		return -KFMT_EUPG_BAD_KEY;
	return check_signature(pub, new_dtb, new_len, sig, sig_len);
}

/* The file properties of one node, in the order kauri-release binds them. */
struct file_prop {
	const char *prop, *digest_prop;
};

static const struct file_prop app_files[] = {
	{ MANIFEST_PROP_BINARY, MANIFEST_PROP_BINARY_SHA256 },
	{ MANIFEST_PROP_INITRD, MANIFEST_PROP_INITRD_SHA256 },
};
static const struct file_prop vm_files[] = {
	{ "kernel", "kernel-sha256" },
	{ MANIFEST_PROP_INITRD, MANIFEST_PROP_INITRD_SHA256 },
};
static const struct file_prop disk_files[] = {
	{ "image", "image-sha256" },
};

static int node_files(const void *dtb, int node, const struct file_prop *props, size_t n, release_file_fn fn,
		      void *ctx)
{
	for (size_t i = 0; i < n; i++) {
		if (!fdt_getprop(dtb, node, props[i].prop, NULL))
			continue;
		int ret = fn(ctx, node, props[i].prop, props[i].digest_prop);

		if (ret)
			return ret;
	}
	return 0;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int release_for_each_file(const void *dtb, release_file_fn fn, void *ctx)
{
	int apps = fdt_path_offset(dtb, "/apps"), app, vm, disk, ret;

	if (apps < 0)
		return 0;
	fdt_for_each_subnode(app, dtb, apps) {
		ret = node_files(dtb, app, app_files, COUNT(app_files), fn, ctx);
		if (ret)
			return ret;
		vm = fdt_subnode_offset(dtb, app, "vm");
		if (vm < 0)
			continue;
		ret = node_files(dtb, vm, vm_files, COUNT(vm_files), fn, ctx);
		if (ret)
			return ret;
		fdt_for_each_subnode(disk, dtb, vm) {
			ret = node_files(dtb, disk, disk_files, COUNT(disk_files), fn, ctx);
			if (ret)
				return ret;
		}
	}
	return 0;
}

struct binary_check {
	const void *dtb;
	const char *name;
	size_t name_len;
	const uint8_t *digest;
	bool named;
};

/* 1 when NODE's PROP names the file and DIGEST_PROP matches, -KFMT_EUPG_BINARY_DIGEST when it does not. */
static int check_named(void *ctx, int node, const char *prop, const char *digest_prop)
{
	struct binary_check *c = ctx;
	int plen;
	const char *value = fdt_getprop(c->dtb, node, prop, &plen);
	const uint8_t *want;

	if (!value || (size_t)plen != c->name_len + 1 || memcmp(value, c->name, c->name_len) != 0 ||
	    value[c->name_len] != '\0')
		return 0;
	c->named = true;
	want = fdt_getprop(c->dtb, node, digest_prop, &plen);
	if (!want || plen != KAURI_SHA256_LEN)
		return 0;	/* named without a digest: another node may name it with one */
	return memcmp(want, c->digest, KAURI_SHA256_LEN) == 0 ? 1 : -KFMT_EUPG_BINARY_DIGEST;
}

int upgrade_check_binary(const void *dtb, size_t dtb_len, const char *name, size_t name_len,
			 const uint8_t *data, size_t len)
{
	uint8_t digest[KAURI_SHA256_LEN];
	struct binary_check c = { dtb, name, name_len, digest, false };
	int ret;

	if (!dtb_valid(dtb, dtb_len))
		return -KFMT_EUPG_NEW_DTB;
	if (fdt_path_offset(dtb, "/apps") < 0)
		return -KFMT_EUPG_BINARY_UNKNOWN;
	if (kauri_sha256(data, len, digest) != 0)
		return -KFMT_EHASH;
	ret = release_for_each_file(dtb, check_named, &c);
	if (ret == 1)
		return 0;
	if (ret < 0)
		return ret;
	return c.named ? -KFMT_EUPG_BINARY_NO_DIGEST : -KFMT_EUPG_BINARY_UNKNOWN;
}

unsigned int upgrade_check_files(const struct bootfs *fs, const void *dtb, size_t dtb_len, release_bad_file_fn bad,
				 void *ctx, unsigned int *checked)
{
	struct bootfs_entry e;
	unsigned int failed = 0;
	int err;

	*checked = 0;
	for (uint32_t i = 0; i < fs->count; i++) {
		if (bootfs_entry_at(fs, i, &e) != 0)
			return failed + 1;	/* bootfs_open checked every entry: cannot happen */
		/* By name, not by flags: a binary flagged as a signature must still be checked. */
		if (strcmp(e.name, "manifest.dtb") == 0 || strcmp(e.name, "manifest.dtb.sig") == 0)
			continue;
		err = upgrade_check_binary(dtb, dtb_len, e.name, strlen(e.name), e.data, e.size);
		if (err) {
			if (bad)
				bad(ctx, e.name, err);
			failed++;
		}
		(*checked)++;
	}
	return failed;
}
