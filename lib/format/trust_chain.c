/* SPDX-License-Identifier: BSD-2-Clause */
/* Trust chains (trust_chain.h): followed by the root server at boot, extended by the admin service. */
#include <stdio.h>
#include <string.h>

#include <format/bootfs.h>
#include <format/error.h>
#include <format/trust_chain.h>
#include <format/upgrade.h>

/* Link I's manifest and signature in FS: 0, or -1 past the last. */
static int link_at(const struct bootfs *fs, unsigned int i, struct bootfs_entry *dtb, struct bootfs_entry *sig)
{
	char name[24];

	snprintf(name, sizeof(name), "link%u.dtb", i);
	if (bootfs_find(fs, name, dtb) != 0)
		return -1;
	snprintf(name, sizeof(name), "link%u.dtb.sig", i);
	return bootfs_find(fs, name, sig) == 0 ? 0 : -1;
}

int trust_chain_verify(const uint8_t anchor[32], const uint8_t *chain, size_t len, const void *dtb, size_t dtb_len,
		       const uint8_t *sig, size_t sig_len)
{
	struct bootfs fs;
	struct bootfs_entry link, link_sig;
	uint8_t key[32];
	int first = upgrade_check_signature_key(anchor, dtb, dtb_len, sig, sig_len);

	if (first >= 0 || !chain || !len || bootfs_open(&fs, chain, len) != 0)
		return first >= 0 ? 0 : first;
	memcpy(key, anchor, sizeof(key));
	for (unsigned int i = 0; i < TRUST_CHAIN_MAX_LINKS && link_at(&fs, i, &link, &link_sig) == 0; i++) {
		/* A link counts only when the key so far signs it; then the key it names is trusted. */
		if (upgrade_check_signature_key(key, link.data, link.size, link_sig.data, link_sig.size) < 0 ||
		    upgrade_manifest_public_key(link.data, key) != 0)
			break;
		if (upgrade_check_signature_key(key, dtb, dtb_len, sig, sig_len) >= 0)
			return (int)i + 1;
	}
	return first;
}

long long trust_chain_append(uint8_t *out, size_t cap, const uint8_t *chain, size_t len, const void *link,
			     size_t link_len, const uint8_t *sig, size_t sig_len)
{
	static char names[TRUST_CHAIN_MAX_LINKS][2][24];
	struct bootfs_input in[2 * TRUST_CHAIN_MAX_LINKS];
	struct bootfs_entry dtb, dtb_sig;
	struct bootfs fs;
	unsigned int n = 0;

	if (chain && len) {
		if (bootfs_open(&fs, chain, len) != 0)
			return -KFMT_EFORMAT;
		for (; n < TRUST_CHAIN_MAX_LINKS && link_at(&fs, n, &dtb, &dtb_sig) == 0; n++) {
			snprintf(names[n][0], sizeof(names[n][0]), "link%u.dtb", n);
			snprintf(names[n][1], sizeof(names[n][1]), "link%u.dtb.sig", n);
			in[2 * n] = (struct bootfs_input){ names[n][0], dtb.data, dtb.size, 0 };
			in[2 * n + 1] = (struct bootfs_input){ names[n][1], dtb_sig.data, dtb_sig.size, 0 };
		}
	}
	if (n == TRUST_CHAIN_MAX_LINKS)
		return -KFMT_ENOSPC;
	snprintf(names[n][0], sizeof(names[n][0]), "link%u.dtb", n);
	snprintf(names[n][1], sizeof(names[n][1]), "link%u.dtb.sig", n);
	in[2 * n] = (struct bootfs_input){ names[n][0], link, link_len, 0 };
	in[2 * n + 1] = (struct bootfs_input){ names[n][1], sig, sig_len, 0 };
	return bootfs_build(out, cap, in, 2 * (n + 1));
}
