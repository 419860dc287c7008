/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The boot manifest's signature: manifest.dtb.sig must verify under the key compiled into the
 * root server (CONFIG_MANIFEST_PUBLIC_KEY), never under the manifest's own kos_options/public-key,
 * which whoever replaces the manifest replaces too. The bootfs image digest is no signature, so
 * each binary (and initrd) is bound by the binary-sha256 (initrd-sha256) the signed manifest
 * records for it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <klib/format.h>
#include <kauri/bootfs.h>
#include <kauri/debug.h>
#include <kauri/dtb.h>
#include <kauri/upgrade.h>
#include <libfdt.h>
#include <generated/manifest_key.h>
#include "signature.h"

#define SIGNATURE_ENTRY "manifest.dtb.sig"

static const uint8_t trusted_key[32] = MANIFEST_TRUSTED_KEY;

#ifdef CONFIG_MANIFEST_SIGNING_ENFORCE
#define ENFORCE true
#define PREFIX "rootserver: manifest: "
#else
#define ENFORCE false
#define PREFIX "rootserver: WARNING: manifest: "
#endif

/* The key's first four bytes in hex, to tell keys apart in a log. */
static const char *key_id(void)
{
	static char id[16];

	snprintf(id, sizeof(id), "%02x%02x%02x%02x...", trusted_key[0], trusted_key[1], trusted_key[2],
		 trusted_key[3]);
	return id;
}

/* Every entry but the manifest and its signature is an app binary or initrd the signed manifest must name. */
static unsigned int check_binaries(const struct bootfs *fs, const struct bootfs_entry *dtb, unsigned int *checked)
{
	struct bootfs_entry e;
	unsigned int bad = 0;
	int err;

	*checked = 0;
	for (uint32_t i = 0; i < fs->count; i++) {
		if (bootfs_entry_at(fs, i, &e) != 0)
			return bad + 1;	/* bootfs_open checked every entry: cannot happen */
		/* By name, not by flags: a binary flagged as a signature must still be checked. */
		if (strcmp(e.name, "manifest.dtb") == 0 || strcmp(e.name, SIGNATURE_ENTRY) == 0)
			continue;
		err = upgrade_check_binary(dtb->data, dtb->size, e.name, strlen(e.name), e.data, e.size);
		if (err) {
			kauri_printf(PREFIX "bootfs entry %s: %s\n", e.name, upgrade_strerror(err));
			bad++;
		}
		(*checked)++;
	}
	return bad;
}

/* Under ENFORCE the manifest's own disable-signing changes nothing; say so when it is there. */
static void note_disable_signing(const struct bootfs_entry *dtb)
{
	int node;

	if (!ENFORCE || dtb_check(dtb->data, dtb->size) != 0)
		return;
	node = fdt_path_offset(dtb->data, MANIFEST_OPTIONS_PATH);
	if (node >= 0 && fdt_getprop(dtb->data, node, MANIFEST_PROP_DISABLE_SIGNING, NULL))
		kauri_printf(PREFIX "kos_options/disable-signing is ignored: "
			     "CONFIG_MANIFEST_SIGNING_ENFORCE is set\n");
}

static int failed(const struct bootfs_entry *dtb)
{
	note_disable_signing(dtb);
	if (ENFORCE)
		return -1;
	kauri_printf("rootserver: WARNING: booting anyway: CONFIG_MANIFEST_SIGNING_ENFORCE is off\n");
	return 0;
}

int signature_check(const struct bootfs *fs, const struct bootfs_entry *dtb)
{
	struct bootfs_entry sig;
	const uint8_t *sig_data = 0;
	size_t sig_len = 0;
	unsigned int checked;
	int err;

	if (bootfs_find(fs, SIGNATURE_ENTRY, &sig) == 0) {
		sig_data = sig.data;
		sig_len = sig.size;
	}
	err = upgrade_check_signature_key(trusted_key, dtb->data, dtb->size, sig_data, sig_len);
	if (err < 0) {
		kauri_printf(PREFIX "signature: %s (trusted key %s)\n", upgrade_strerror(err), key_id());
		return failed(dtb);
	}
	kauri_printf("rootserver: manifest: signature verified (Ed25519, key %s)\n", key_id());
	if (check_binaries(fs, dtb, &checked) != 0)
		return failed(dtb);
	kauri_printf("rootserver: manifest: %u binaries match their signed SHA-256\n", checked);
	return 0;
}
