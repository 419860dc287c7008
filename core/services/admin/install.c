/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Installing a release from the upgrade inbox (docs/upgrades.md): the package checked with the
 * code the root server boots a release with and kauri-verify --current runs (lib/format/bootfs.c,
 * upgrade.c, manifest.c), against the *running* manifest's key; never an older release; written
 * to the slot not running, read back, and only then put on trial. The order keeps a power cut
 * harmless at every step: the running slot is never written, and the state area changes last.
 */
#include <string.h>
#include <format/bootfs.h>
#include <format/error.h>
#include <format/byteorder.h>
#include <format/overlay_package.h>
#include <format/trust_chain.h>
#include <format/upgrade.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include "admin.h"

static uint8_t header_block[INBOX_HEADER_SIZE];
static uint8_t compare_block[KAURI_BLOCK_SIZE];
/* The inbox's last outcome, as the header on the card says it (what kos_admin_protocol reports). */
static uint32_t last_outcome;
static struct kauri_manifest incoming;

/* Milliseconds since START on the counter (the install's figures, make bench-upgrade reads them). */
static unsigned long ms_since(uint64_t start)
{
	return (unsigned long)((kauri_counter() - start) / kauri_counter_per_ms());
}

/* The package's checks: INBOX_OUTCOME_NONE when it may be installed, else why not (*DETAIL a -KFMT_*). */
static uint32_t check_package(const struct admin_card *card, const struct admin_running *running, const uint8_t *pkg,
			      uint64_t size, int *detail, bool *same_as_running, struct bootfs_entry *dtb,
			      struct bootfs_entry *sig)
{
	struct bootfs fs;
	struct manifest_error err;
	unsigned int checked;
	uint32_t highest;
	int ret;

	*detail = 0;
	*same_as_running = false;
	ret = bootfs_open(&fs, pkg, size);
	if (ret) {
		*detail = ret;
		kauri_printf("upgrade: the package is not a valid release image (at offset %lu): %s\n",
			     (unsigned long)fs.error_offset, kauri_format_strerror(ret));
		return INBOX_OUTCOME_BAD_PACKAGE;
	}
	if (bootfs_find(&fs, "manifest.dtb", dtb) != 0) {
		*detail = -KFMT_ENOENT;
		kauri_printf("upgrade: the package has no manifest.dtb\n");
		return INBOX_OUTCOME_BAD_PACKAGE;
	}
	if (bootfs_find(&fs, "manifest.dtb.sig", sig) != 0)
		*sig = (struct bootfs_entry){ 0 };
	ret = upgrade_check_signature(running->release.manifest, running->release.manifest_size, dtb->data, dtb->size,
				      sig->data, sig->size);
	if (ret < 0) {
		*detail = ret;
		kauri_printf("upgrade: signature: %s\n", kauri_format_strerror(ret));
		return INBOX_OUTCOME_SIGNATURE;
	}
	if (ret == UPGRADE_SIGNING_DISABLED)
		kauri_printf("upgrade: WARNING: accepted unsigned: the running manifest has kos_options/disable-signing\n");
	if (upgrade_check_files(&fs, dtb->data, dtb->size, NULL, NULL, &checked) != 0) {
		*detail = -KFMT_EUPG_BINARY_DIGEST;
		kauri_printf("upgrade: a file of the package differs from its signed digest\n");
		return INBOX_OUTCOME_FILES;
	}
	if (manifest_parse(dtb->data, dtb->size, &incoming, &err) != 0) {
		*detail = -KFMT_EFORMAT;
		kauri_printf("upgrade: manifest: %s: %s\n", err.path, err.message);
		return INBOX_OUTCOME_MANIFEST;
	}
	*same_as_running = dtb->size == running->release.manifest_size &&
			   memcmp(dtb->data, running->release.manifest, dtb->size) == 0;
	highest = running->manifest->release_version;
	if (card->state.release_version > highest)
		highest = (uint32_t)card->state.release_version;
	if (!*same_as_running && incoming.release_version <= highest) {
		kauri_printf("upgrade: release version %u is not newer than %u, the highest installed (anti-rollback)\n",
			     incoming.release_version, highest);
		return INBOX_OUTCOME_NOT_NEWER;
	}
	kauri_printf("upgrade: package of %lu bytes verified: signature, %u files, release version %u\n",
		     (unsigned long)size, checked, incoming.release_version);
	return INBOX_OUTCOME_NONE;
}

/* The inbox header written back DONE with OUTCOME: 0, or -1 said. */
static int inbox_done(struct admin_card *card, struct inbox_header *h, uint32_t outcome, int detail, char slot)
{
	long err;

	h->status = INBOX_DONE;
	h->outcome = outcome;
	h->detail = detail;
	h->version = incoming.release_version;
	h->slot = slot;
	last_outcome = outcome;
	inbox_header_write(header_block, h);
	err = card_write(card, &card->data, 0, 1, header_block);
	if (err) {
		kauri_printf("upgrade: cannot write the inbox header: %s\n", kauri_block_strerror(err));
		return -1;
	}
	return 0;
}

/* The slot a new release goes to: the one not running (for the built-in release, the one not active). */
static unsigned int target_slot(const struct admin_card *card, const struct admin_running *running)
{
	if (running->release.slot == 'A')
		return CARD_SLOT_B;
	if (running->release.slot == 'B')
		return CARD_SLOT_A;
	return card->state.active_slot == CARD_SLOT_A ? CARD_SLOT_B : CARD_SLOT_A;
}

/*
 * The trust chain the new release needs (format/trust_chain.h): the running slot's, carried on,
 * and one link more when the release names a key other than the running manifest's, which signed
 * it (a key rotation). Its size in new_chain (0: none), or -1 said.
 */
static uint8_t running_chain[TRUST_CHAIN_MAX_SIZE], new_chain[TRUST_CHAIN_MAX_SIZE];

/* The running slot's chain into running_chain: its size, 0 for none. */
static uint64_t read_running_chain(struct admin_card *card, const struct admin_running *running)
{
	const struct kauri_block_partition *part;
	uint64_t at, len, blocks;

	if (running->release.slot != 'A' && running->release.slot != 'B')
		return 0;
	part = &card->slot[running->release.slot == 'A' ? 0 : 1];
	if (card_read(card, part, 0, 1, compare_block) != 0)
		return 0;
	at = trust_chain_offset(get_le64(compare_block + 24)) / KAURI_BLOCK_SIZE;
	if (at >= part->blocks || card_read(card, part, at, 1, running_chain) != 0 ||
	    memcmp(running_chain, BOOTFS_MAGIC, 8) != 0)
		return 0;
	len = get_le64(running_chain + 24);
	blocks = (len + KAURI_BLOCK_SIZE - 1) / KAURI_BLOCK_SIZE;
	if (len < BOOTFS_HEADER_SIZE || len > sizeof(running_chain) || at + blocks > part->blocks ||
	    card_read(card, part, at, blocks, running_chain) != 0)
		return 0;
	return len;
}

static long long chain_for(struct admin_card *card, const struct admin_running *running, const struct bootfs_entry *dtb,
			   const struct bootfs_entry *sig)
{
	uint8_t signer[32], named[32];
	uint64_t len = read_running_chain(card, running);
	long long made;

	if (upgrade_manifest_public_key(running->release.manifest, signer) != 0 ||
	    upgrade_manifest_public_key(dtb->data, named) != 0 || memcmp(signer, named, sizeof(named)) == 0) {
		memcpy(new_chain, running_chain, len);
		return (long long)len;
	}
	made = trust_chain_append(new_chain, sizeof(new_chain), running_chain, len, dtb->data, dtb->size, sig->data,
				  sig->size);
	if (made < 0) {
		kauri_printf("upgrade: the trust chain cannot take the key rotation: %s\n", kauri_format_strerror((int)made));
		return -1;
	}
	kauri_printf("upgrade: the release rotates the signing key: its manifest joins the slot's trust chain\n");
	return made;
}

/* BLOCKS blocks of PKG into slot SLOT and read back equal: INBOX_OUTCOME_NONE, or what failed. */
static uint32_t write_slot(struct admin_card *card, unsigned int slot, const uint8_t *pkg, uint64_t blocks)
{
	const struct kauri_block_partition *part = &card->slot[slot];
	uint64_t start = kauri_counter(), read_start;
	unsigned long write_ms;
	long err = card_write(card, part, 0, blocks, pkg);

	if (err) {
		kauri_printf("upgrade: writing slot %c: %s\n", card_slot_letter((uint8_t)slot), kauri_block_strerror(err));
		return INBOX_OUTCOME_WRITE_FAILED;
	}
	write_ms = ms_since(start);
	read_start = kauri_counter();
	for (uint64_t b = 0; b < blocks; b++) {
		err = kauri_block_read(card->ep, part, b, compare_block);
		if (err || memcmp(compare_block, pkg + b * KAURI_BLOCK_SIZE, KAURI_BLOCK_SIZE) != 0) {
			kauri_printf("upgrade: slot %c read back differs at block %lu%s%s\n", card_slot_letter((uint8_t)slot),
				     (unsigned long)b, err ? ": " : "", err ? kauri_block_strerror(err) : "");
			return INBOX_OUTCOME_READ_BACK;
		}
	}
	kauri_printf("upgrade: slot %c written in %lu ms, read back in %lu ms\n", card_slot_letter((uint8_t)slot), write_ms,
		     ms_since(read_start));
	return INBOX_OUTCOME_NONE;
}

/* install_from_inbox's work, *OUTCOME aside. */
static int install_package(struct admin_card *card, const struct admin_running *running, unsigned int trial_boots)
{
	struct inbox_header h;
	struct bootfs_entry dtb, sig;
	uint64_t blocks, room, started, chain_at, chain_blocks;
	long long chain_len;
	unsigned int slot;
	uint32_t outcome;
	bool same;
	int detail, ret;
	long err = card_read(card, &card->data, 0, 1, header_block);

	if (err) {
		kauri_printf("upgrade inbox: cannot read it: %s\n", kauri_block_strerror(err));
		return -1;
	}
	ret = inbox_header_read(header_block, &h);
	if (ret == -KFMT_ENOENT)
		return 0;
	if (ret) {
		kauri_printf("upgrade inbox: its header is damaged: left alone\n");
		return 0;
	}
	if (h.status == INBOX_DONE) {
		last_outcome = h.outcome;
		return 0;
	}
	if (!card->has_state) {
		kauri_printf("upgrade inbox: a package waits, but the card has no valid state area to put it on trial\n");
		return 0;
	}
	memset(&incoming, 0, sizeof(incoming));
	blocks = (h.size + KAURI_BLOCK_SIZE - 1) / KAURI_BLOCK_SIZE;
	slot = target_slot(card, running);
	room = card->slot[slot].blocks;
	/* The size first on its own: a header from the card may say anything, up to 2^64 - 1. */
	if (h.size == 0 || h.size > running->buffer_size || blocks * KAURI_BLOCK_SIZE > running->buffer_size || blocks > room ||
	    INBOX_PACKAGE_OFFSET / KAURI_BLOCK_SIZE + blocks > card->data.blocks) {
		kauri_printf("upgrade: a package of %lu bytes does not fit (slot: %lu bytes, the admin's memory: %lu)\n",
			     (unsigned long)h.size, (unsigned long)(room * KAURI_BLOCK_SIZE),
			     (unsigned long)running->buffer_size);
		kauri_printf("upgrade %s; nothing was written\n", inbox_outcome_name(INBOX_OUTCOME_TOO_LARGE));
		return inbox_done(card, &h, INBOX_OUTCOME_TOO_LARGE, -KFMT_ENOSPC, 0) ? -1 : 0;
	}
	kauri_printf("upgrade inbox: a package of %lu bytes\n", (unsigned long)h.size);
	started = kauri_counter();
	err = card_read(card, &card->data, INBOX_PACKAGE_OFFSET / KAURI_BLOCK_SIZE, blocks, running->buffer);
	if (err) {
		kauri_printf("upgrade inbox: cannot read the package: %s\n", kauri_block_strerror(err));
		return -1;
	}
	kauri_printf("upgrade inbox: package read in %lu ms\n", ms_since(started));
	started = kauri_counter();
	if (overlay_package_is(running->buffer, h.size)) {
		outcome = overlay_install(card, running, running->buffer, h.size, &detail);
		if (inbox_done(card, &h, outcome, detail, 0))
			return -1;
		return outcome == INBOX_OUTCOME_OVERLAY_INSTALLED || outcome == INBOX_OUTCOME_OVERLAY_REMOVED;
	}
	outcome = check_package(card, running, running->buffer, h.size, &detail, &same, &dtb, &sig);
	kauri_printf("upgrade: checks took %lu ms\n", ms_since(started));
	if (outcome != INBOX_OUTCOME_NONE) {
		kauri_printf("upgrade %s; nothing was written\n", inbox_outcome_name(outcome));
		return inbox_done(card, &h, outcome, detail, 0) ? -1 : 0;
	}
	if (same) {
		/* Installed and booted before a power cut kept the inbox from saying so. */
		kauri_printf("upgrade inbox: the package is the running release: already installed\n");
		return inbox_done(card, &h, INBOX_OUTCOME_INSTALLED, 0, running->release.slot) ? -1 : 0;
	}
	/* The last block's tail: zeros, as the host tools pad a slot. */
	memset(running->buffer + h.size, 0, blocks * KAURI_BLOCK_SIZE - h.size);
	kauri_printf("upgrade: writing release version %u to slot %c\n", incoming.release_version,
		     card_slot_letter((uint8_t)slot));
	/*
	 * The slot's trust chain after the release, at the next 4 KiB (zeros when it needs none, so
	 * no older chain is taken for its): in the buffer, written and read back with the release.
	 */
	chain_len = chain_for(card, running, &dtb, &sig);
	chain_at = trust_chain_offset(h.size);
	chain_blocks = chain_len > 0 ? ((uint64_t)chain_len + KAURI_BLOCK_SIZE - 1) / KAURI_BLOCK_SIZE : 1;
	if (chain_len < 0 || chain_at + chain_blocks * KAURI_BLOCK_SIZE > running->buffer_size ||
	    chain_at / KAURI_BLOCK_SIZE + chain_blocks > room) {
		kauri_printf("upgrade refused: no room for the slot's trust chain; nothing was written\n");
		return inbox_done(card, &h, INBOX_OUTCOME_TOO_LARGE, -KFMT_ENOSPC, 0) ? -1 : 0;
	}
	memset(running->buffer + blocks * KAURI_BLOCK_SIZE, 0, chain_at + chain_blocks * KAURI_BLOCK_SIZE - blocks * KAURI_BLOCK_SIZE);
	memcpy(running->buffer + chain_at, new_chain, (size_t)chain_len);
	blocks = chain_at / KAURI_BLOCK_SIZE + chain_blocks;
	outcome = write_slot(card, slot, running->buffer, blocks);
	if (outcome != INBOX_OUTCOME_NONE) {
		kauri_printf("upgrade %s; the running release stays\n", inbox_outcome_name(outcome));
		return inbox_done(card, &h, outcome, 0, 0) ? -1 : 0;
	}
	{
		struct card_state next = card->state;

		card_state_start_trial(&next, (uint8_t)slot, (uint8_t)trial_boots);
		if (card_write_state(card, &next) != 0)
			return -1;
	}
	kauri_printf("upgrade: slot %c written and read back equal; on trial for %u boots\n",
		     card_slot_letter((uint8_t)slot), trial_boots);
	return inbox_done(card, &h, INBOX_OUTCOME_INSTALLED, 0, card_slot_letter((uint8_t)slot)) ? -1 : 1;
}

int install_from_inbox(struct admin_card *card, const struct admin_running *running, unsigned int trial_boots,
		       uint32_t *outcome)
{
	int ret = install_package(card, running, trial_boots);

	*outcome = last_outcome;
	return ret;
}
