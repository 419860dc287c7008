/* SPDX-License-Identifier: BSD-2-Clause */
/* The admin service's parts: the card (partitions and state area) and the install from the inbox. */
#ifndef ADMIN_H
#define ADMIN_H

#include <stdbool.h>
#include <stdint.h>
#include <format/card_state.h>
#include <format/inbox.h>
#include <format/manifest.h>
#include <kauri/app.h>
#include <kauri/block.h>

/* The partitions it holds rights on, opened. */
struct admin_card {
	kauri_cptr_t ep;
	struct kauri_block_partition slot[2];	/* kauri_a, kauri_b */
	struct kauri_block_partition state_part, data;
	uint8_t state_area[CARD_STATE_AREA_SIZE];
	struct card_state state;
	bool has_state;
};

/* What the device runs, and the admin's memory for a package. */
struct admin_running {
	struct kauri_release release;
	const struct kauri_manifest *manifest;
	uint8_t *buffer;		/* its heap */
	uint64_t buffer_size;
};

/* Connects and opens the partitions, reads the state: 0, or -1 said. */
int card_open(struct admin_card *card);
/* STATE written as the card's next state (the copy not holding the current one): 0, or -1 said. */
int card_write_state(struct admin_card *card, struct card_state *state);
/* COUNT blocks at BLOCK of PART into/from BUF: 0, or a -KAURI_BLOCK_E_* code. */
long card_read(struct admin_card *card, const struct kauri_block_partition *part, uint64_t block, uint64_t count,
	       void *buf);
long card_write(struct admin_card *card, const struct kauri_block_partition *part, uint64_t block, uint64_t count,
		const void *buf);

/*
 * The inbox: a pending package checked against the running release and, when it passes,
 * written to the inactive slot, read back and put on trial with TRIAL_BOOTS boots; the inbox
 * header then says what came of it. 1 when a release was installed (reset the board), 0 when
 * there was nothing to install or it was refused (said), -1 when the card failed. *OUTCOME is the
 * inbox's last package's outcome (INBOX_OUTCOME_NONE: none).
 */
int install_from_inbox(struct admin_card *card, const struct admin_running *running, unsigned int trial_boots,
		       uint32_t *outcome);

/*
 * An overlay package PKG (SIZE bytes, in a buffer with room to the next block) from the inbox:
 * stored in the overlay area not active and the state switched to it, or the active one removed.
 * Returns the inbox outcome (*DETAIL a -KFMT_* code for a refusal), said.
 */
uint32_t overlay_install(struct admin_card *card, const struct admin_running *running, uint8_t *pkg, uint64_t size,
			 int *detail);

#endif
