/* SPDX-License-Identifier: BSD-2-Clause */
/* The upgrade authorization rule shared by kauri-verify and the device's admin component:
 * an upgrade's manifest must be signed by the key in the *current* manifest, unless the current
 * manifest has kos_options/disable-signing; app binaries must match digests in the signed DTB. */
#ifndef KAURI_UPGRADE_H
#define KAURI_UPGRADE_H

#include <stddef.h>
#include <stdint.h>
#include <format/error.h>

#define PACKAGE_MANIFEST "apps/manifest.dtb"
#define PACKAGE_SIGNATURE "apps/manifest.dtb.sig"
#define PACKAGE_APP_PREFIX "apps/"
#define MANIFEST_OPTIONS_PATH "/kos_options"
#define MANIFEST_PROP_PUBLIC_KEY "public-key"
#define MANIFEST_PROP_DISABLE_SIGNING "disable-signing"
#define MANIFEST_PROP_BINARY "binary"
#define MANIFEST_PROP_INITRD "initrd"
/* Added by kauri-release to each app node: SHA-256 of its binary (and initrd), covered by the signature. */
#define MANIFEST_PROP_BINARY_SHA256 "binary-sha256"
#define MANIFEST_PROP_INITRD_SHA256 "initrd-sha256"

/*
 * Every file a release binds to its manifest, as (node, property naming the file, property
 * holding its SHA-256): each app's binary and initrd, and a microVM's kernel, initrd and disk
 * images (/apps/<app>/vm, its children). FN is called for each such property present, in tree
 * order; a non-zero return stops the walk and is returned. FN may add properties to NODE (the
 * walk goes on from NODE's offset, which that leaves valid).
 */
typedef int (*release_file_fn)(void *ctx, int node, const char *prop, const char *digest_prop);
int release_for_each_file(const void *dtb, release_file_fn fn, void *ctx);

/* Outcome of a successful check. */
enum upgrade_verdict {
	UPGRADE_SIGNATURE_VALID = 0,
	UPGRADE_SIGNING_DISABLED = 1,   /* accepted without a valid signature, by the current manifest */
};

/*
 * Decide whether new_dtb (with sig, or sig == NULL if the package has none) may replace the
 * manifest current_dtb. Returns an upgrade_verdict, or a negative
 * kauri_format_error (-KFMT_EUPG_* for a refusal; kauri_format_strerror() words it).
 */
int upgrade_check_signature(const void *current_dtb, size_t current_len, const void *new_dtb,
			    size_t new_len, const uint8_t *sig, size_t sig_len);

/*
 * The key DTB's kos_options/public-key names (base64, 32 bytes, a valid point): 0 with PUB, or
 * -KFMT_ENOENT when there is none, another negative code when it is malformed.
 */
int upgrade_manifest_public_key(const void *dtb, uint8_t pub[32]);

/* Check new_dtb's signature against an explicit key (release engineers, CI). */
int upgrade_check_signature_key(const uint8_t pub[32], const void *new_dtb, size_t new_len,
				const uint8_t *sig, size_t sig_len);

/*
 * Check one app file of a package (its entry name without "apps/") against the signed
 * manifest: some file property of release_for_each_file() must name it, with its digest
 * property = SHA-256(data) (binary and binary-sha256, initrd and initrd-sha256, a vm's kernel
 * and kernel-sha256, a disk's image and image-sha256). Returns 0 or -KFMT_EUPG_BINARY_*.
 */
int upgrade_check_binary(const void *dtb, size_t dtb_len, const char *name, size_t name_len,
			 const uint8_t *data, size_t len);

struct bootfs;

/*
 * Every entry of the release image FS but its manifest and signature against the signed manifest
 * DTB (upgrade_check_binary): BAD (may be NULL) is told of each that fails, with its -KFMT_*
 * code. Returns how many failed; *CHECKED how many were checked. The root server's boot check and
 * the admin service's install check both run this.
 */
typedef void (*release_bad_file_fn)(void *ctx, const char *name, int err);
unsigned int upgrade_check_files(const struct bootfs *fs, const void *dtb, size_t dtb_len, release_bad_file_fn bad,
				 void *ctx, unsigned int *checked);

#endif
