/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An overlay package (docs/upgrades.md, "Overlays"): a bootfs image holding overlay.dtbo (a
 * device-tree overlay compiled with dtc -@) and overlay.dtbo.sig, its Ed25519 signature by the key
 * in the manifest it applies to (kos_options/public-key, as for the next release), touching only
 * what that manifest's kos_options/variables allow (overlay_check.h). An overlay with no fragment
 * is the request to remove the active one. kauri-overlay package writes one; the admin service
 * checks it before storing it, and the root server again before applying it at boot.
 */
#ifndef FORMAT_OVERLAY_PACKAGE_H
#define FORMAT_OVERLAY_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OVERLAY_PACKAGE_DTBO	"overlay.dtbo"
#define OVERLAY_PACKAGE_SIG	"overlay.dtbo.sig"

struct overlay_package {
	const void *dtbo;		/* points into the package */
	size_t dtbo_len;
	bool removes;			/* no fragment: removes the active overlay */
	uint32_t id;			/* the DTBO's SHA-256, first 4 bytes big-endian: names it in status lines */
};

/*
 * Whether PKG (LEN bytes) is an overlay package at all: a bootfs image with an overlay.dtbo entry
 * (it may still fail overlay_package_check).
 */
bool overlay_package_is(const uint8_t *pkg, size_t len);

/*
 * PKG checked against BASE (the signed manifest it applies to): a valid bootfs, the signature
 * under BASE's key (upgrade_check_signature's rule), only paths BASE's variables allow. 0 with
 * *OUT, or a negative -KFMT_* code (kauri_format_strerror words it) with the forbidden path, if
 * that was the reason, in BAD (BAD_CAP bytes, may be 0).
 */
int overlay_package_check(const void *base, size_t base_len, const uint8_t *pkg, size_t len,
			  struct overlay_package *out, char *bad, size_t bad_cap);

#endif
