/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot manifest's signature and the signed binary digests, checked before anything is created. */
#ifndef ROOTSERVER_SIGNATURE_H
#define ROOTSERVER_SIGNATURE_H

#include <format/bootfs.h>

#ifdef CONFIG_MANIFEST_SIGNING
/*
 * Verify manifest.dtb.sig over DTB under the key compiled in from CONFIG_MANIFEST_PUBLIC_KEY and
 * every other bootfs entry against its app's signed binary-sha256; prints the outcome. Returns 0
 * when boot may go on (verified, or CONFIG_MANIFEST_SIGNING_ENFORCE off), -1 when it must stop.
 */
int signature_check(const struct bootfs *fs, const struct bootfs_entry *dtb);
/*
 * The trust chain (format/trust_chain.h) the next signature_check may follow from the compiled-in
 * key: a card slot's, read after its release; NULL for none (the built-in release).
 */
void signature_set_chain(const uint8_t *chain, size_t len);
#else
static inline void signature_set_chain(const uint8_t *chain, size_t len)
{
	(void)chain;
	(void)len;
}

static inline int signature_check(const struct bootfs *fs, const struct bootfs_entry *dtb)
{
	(void)fs;
	(void)dtb;
	return 0;
}
#endif

#endif
