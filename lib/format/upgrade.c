/* SPDX-License-Identifier: BSD-2-Clause */
/* Upgrade authorization: signature policy from the current manifest and signed binary digests. */
#include <format/base64.h>
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
static int upgrade_manifest_public_key(const void *dtb, uint8_t pub[32])
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

/* 1 if app node APP's PROP is NAME (with a digest in DIGEST_PROP, else 2), 0 if it is not NAME. */
static int names_file(const void *dtb, int app, const char *prop, const char *digest_prop, const char *name,
		      size_t name_len, const uint8_t **digest)
{
	int plen;
	const char *value = fdt_getprop(dtb, app, prop, &plen);

	if (!value || (size_t)plen != name_len + 1 || memcmp(value, name, name_len) != 0 || value[name_len] != '\0')
		return 0;
	*digest = fdt_getprop(dtb, app, digest_prop, &plen);
	return *digest && plen == KAURI_SHA256_LEN ? 1 : 2;
}

int upgrade_check_binary(const void *dtb, size_t dtb_len, const char *name, size_t name_len,
			 const uint8_t *data, size_t len)
{
	uint8_t digest[KAURI_SHA256_LEN];
	const uint8_t *want = NULL;
	int apps, app;
	bool named = false;

	if (!dtb_valid(dtb, dtb_len))
		return -KFMT_EUPG_NEW_DTB;
	apps = fdt_path_offset(dtb, "/apps");
	if (apps < 0)
		return -KFMT_EUPG_BINARY_UNKNOWN;
	if (kauri_sha256(data, len, digest) != 0)
		return -KFMT_EHASH;
	fdt_for_each_subnode(app, dtb, apps) {
		int found = names_file(dtb, app, MANIFEST_PROP_BINARY, MANIFEST_PROP_BINARY_SHA256, name, name_len,
				       &want);

		if (!found)
			found = names_file(dtb, app, MANIFEST_PROP_INITRD, MANIFEST_PROP_INITRD_SHA256, name,
					   name_len, &want);
		if (found)
			named = true;
		if (found == 1)
			return memcmp(want, digest, KAURI_SHA256_LEN) == 0 ? 0 : -KFMT_EUPG_BINARY_DIGEST;
	}
	return named ? -KFMT_EUPG_BINARY_NO_DIGEST : -KFMT_EUPG_BINARY_UNKNOWN;
}
