/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Overlays from the inbox (docs/upgrades.md, "Overlays"): checked with the code the root server
 * applies them with (lib/format/overlay_package.c) against the running manifest as signed, then
 * written to the overlay area the state does not name, read back, and the state switched to it in
 * one record write; an overlay with no fragment switches the state to none.
 */
#include <string.h>
#include <format/error.h>
#include <format/overlay_package.h>
#include <kauri/debug.h>
#include "admin.h"

static uint8_t compare_block[KAURI_BLOCK_SIZE];

uint32_t overlay_install(struct admin_card *card, const struct admin_running *running, uint8_t *pkg, uint64_t size,
			 int *detail)
{
	struct card_state next = card->state;
	struct overlay_package ov;
	char bad[256];
	uint64_t first, blocks = (size + KAURI_BLOCK_SIZE - 1) / KAURI_BLOCK_SIZE;
	unsigned int area;
	long err;
	int ret = overlay_package_check(running->release.manifest, running->release.manifest_size, pkg, size, &ov, bad,
					sizeof(bad));

	*detail = ret;
	if (ret) {
		kauri_printf("overlay refused: %s%s%s; nothing was written\n", bad, bad[0] ? ": " : "",
			     kauri_format_strerror(ret));
		return INBOX_OUTCOME_OVERLAY_REFUSED;
	}
	if (ov.removes) {
		next.overlay = 0;
		if (card_write_state(card, &next) != 0)
			return INBOX_OUTCOME_WRITE_FAILED;
		kauri_printf("overlay: removed; the next boot applies none\n");
		return INBOX_OUTCOME_OVERLAY_REMOVED;
	}
	if (size > CARD_OVERLAY_AREA_SIZE) {
		kauri_printf("overlay refused: %lu bytes, an overlay area holds %u\n", (unsigned long)size,
			     CARD_OVERLAY_AREA_SIZE);
		*detail = -KFMT_ENOSPC;
		return INBOX_OUTCOME_TOO_LARGE;
	}
	area = card->state.overlay == 1 ? 2 : 1;
	first = CARD_OVERLAY_OFFSET(area) / KAURI_BLOCK_SIZE;
	memset(pkg + size, 0, blocks * KAURI_BLOCK_SIZE - size);
	err = card_write(card, &card->state_part, first, blocks, pkg);
	for (uint64_t b = 0; !err && b < blocks; b++) {
		err = kauri_block_read(card->ep, &card->state_part, first + b, compare_block);
		if (!err && memcmp(compare_block, pkg + b * KAURI_BLOCK_SIZE, KAURI_BLOCK_SIZE) != 0) {
			kauri_printf("overlay: area %u read back differs at block %lu\n", area, (unsigned long)b);
			return INBOX_OUTCOME_READ_BACK;
		}
	}
	if (err) {
		kauri_printf("overlay: writing area %u: %s\n", area, kauri_block_strerror(err));
		return INBOX_OUTCOME_WRITE_FAILED;
	}
	next.overlay = (uint8_t)area;
	if (card_write_state(card, &next) != 0)
		return INBOX_OUTCOME_WRITE_FAILED;
	kauri_printf("overlay %08x verified and stored (area %u); the next boot applies it\n", ov.id, area);
	return INBOX_OUTCOME_OVERLAY_INSTALLED;
}
