/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The upgrade inbox (docs/upgrades.md): a release package (or an overlay package) waiting at the start of the card's data
 * partition, as RAUC or Mender install a bundle from local storage. One 512-byte header block,
 * then the package (a release's bootfs image, as a slot holds it) from INBOX_PACKAGE_OFFSET. The
 * admin service installs a pending package once and writes back the header with its outcome, so
 * a package is never installed twice and the host can read why one was refused. kauri-card
 * (host) and the admin service (device) run this code.
 */
#ifndef FORMAT_INBOX_H
#define FORMAT_INBOX_H

#include <stdint.h>

#define INBOX_MAGIC		"KAURIPKG"	/* 8 bytes, no NUL */
#define INBOX_VERSION		1u
#define INBOX_HEADER_SIZE	512u
#define INBOX_PACKAGE_OFFSET	4096u		/* the package, from the partition's start */

enum inbox_status {
	INBOX_PENDING = 0,	/* put there, not looked at yet */
	INBOX_DONE = 1,		/* looked at: the outcome says what came of it */
};

/* What the admin service did with a package. */
enum inbox_outcome {
	INBOX_OUTCOME_NONE = 0,
	INBOX_OUTCOME_INSTALLED,	/* written to the inactive slot, read back, on trial */
	INBOX_OUTCOME_BAD_PACKAGE,	/* not a bootfs image, or its digests do not match */
	INBOX_OUTCOME_SIGNATURE,	/* its manifest's signature does not verify under the running manifest's key */
	INBOX_OUTCOME_FILES,		/* a file of it differs from the digest its signed manifest records */
	INBOX_OUTCOME_MANIFEST,		/* its manifest is not one this build can boot */
	INBOX_OUTCOME_NOT_NEWER,	/* its release version is not above the highest installed one */
	INBOX_OUTCOME_TOO_LARGE,	/* larger than a slot, or than the admin's memory */
	INBOX_OUTCOME_WRITE_FAILED,	/* the storage refused or failed a write */
	INBOX_OUTCOME_READ_BACK,	/* what was read back from the slot is not what was written */
	INBOX_OUTCOME_OVERLAY_INSTALLED,	/* an overlay package: stored, applied from the next boot on */
	INBOX_OUTCOME_OVERLAY_REMOVED,	/* an overlay package with no fragment: the active overlay removed */
	INBOX_OUTCOME_OVERLAY_REFUSED,	/* an overlay package that fails its checks (signature, variables) */
	INBOX_OUTCOME_MAX
};

struct inbox_header {
	uint32_t status;		/* enum inbox_status */
	uint64_t size;			/* the package's bytes */
	uint32_t outcome;		/* enum inbox_outcome, once DONE */
	int32_t detail;			/* a -KFMT_* code saying more about a refusal, or 0 */
	uint32_t version;		/* the package's release version, once read */
	char slot;			/* the slot it was installed to ('A', 'B'), or 0 */
};

/*
 * The header in BLOCK (INBOX_HEADER_SIZE bytes): 0 with *H, -KFMT_ENOENT when the block holds
 * no inbox header (an empty inbox), -KFMT_EFORMAT when it is one but damaged or of another version.
 */
int inbox_header_read(const uint8_t *block, struct inbox_header *h);

/* H encoded into BLOCK (INBOX_HEADER_SIZE bytes). */
void inbox_header_write(uint8_t *block, const struct inbox_header *h);

/* What an outcome says, for messages: "installed", "refused: ...". */
const char *inbox_outcome_name(uint32_t outcome);

#endif
