/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Key rotation (docs/upgrades.md, "Key rotation"). A release may name, in kos_options/public-key,
 * a key other than the one that signed it: the next release is signed by the new key. The root
 * server trusts only the key compiled into it, so a release signed by a rotated key boots through
 * a trust chain: the manifests that rotated the key, each signed by the key before it, starting
 * at the compiled-in one. The chain is a bootfs image of link0.dtb, link0.dtb.sig, link1.dtb, ...;
 * the admin service writes it into a slot after the release (at the next 4 KiB), carrying the
 * running release's chain on and adding a link when the release it installs rotates the key.
 * Every link is a signed manifest, so a chain cannot be forged without a trusted key.
 */
#ifndef FORMAT_TRUST_CHAIN_H
#define FORMAT_TRUST_CHAIN_H

#include <stddef.h>
#include <stdint.h>

#define TRUST_CHAIN_MAX_LINKS	6	/* each link two 4 KiB-aligned entries: six fit 64 KiB */
#define TRUST_CHAIN_MAX_SIZE	(64u * 1024)
#define TRUST_CHAIN_ALIGN	4096u

/* Where a slot's chain starts: after its release of RELEASE_SIZE bytes, at the next TRUST_CHAIN_ALIGN. */
static inline uint64_t trust_chain_offset(uint64_t release_size)
{
	return (release_size + TRUST_CHAIN_ALIGN - 1) / TRUST_CHAIN_ALIGN * TRUST_CHAIN_ALIGN;
}

/*
 * Whether SIG (SIG_LEN bytes; NULL: none) signs DTB under ANCHOR or under a key the chain CHAIN
 * (LEN bytes; NULL or 0: none) leads to from ANCHOR. Returns the number of links followed (0: the
 * anchor itself) or a negative -KFMT_* code: the anchor's own refusal when no key verifies it.
 */
int trust_chain_verify(const uint8_t anchor[32], const uint8_t *chain, size_t len, const void *dtb, size_t dtb_len,
		       const uint8_t *sig, size_t sig_len);

/*
 * The chain CHAIN (LEN bytes, or 0: an empty chain) with one more link, the manifest LINK signed
 * by SIG, written into OUT (CAP bytes). Returns its size, or a negative -KFMT_* code (too many
 * links, no room, a bad chain).
 */
long long trust_chain_append(uint8_t *out, size_t cap, const uint8_t *chain, size_t len, const void *link,
			     size_t link_len, const uint8_t *sig, size_t sig_len);

#endif
