/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's state area (docs/storage.md, "The card layout"): which release slot boots, a slot
 * on trial and its boot budget, and the highest release version installed. Two copies, each a
 * record with a sequence number and a CRC-32; the valid one with the higher sequence is the
 * state, so a write torn half-way leaves the other copy standing. A new state goes into the
 * copy that does not hold the current one. The host tools (kauri-card) and, later, the device
 * run this code.
 */
#ifndef FORMAT_CARD_STATE_H
#define FORMAT_CARD_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CARD_STATE_MAGIC	"KAURIST1"	/* 8 bytes, no NUL */
#define CARD_STATE_VERSION	1u
#define CARD_STATE_COPY_SIZE	4096u		/* each copy's room: a record, then zeros */
#define CARD_STATE_AREA_SIZE	(2 * CARD_STATE_COPY_SIZE)
#define CARD_STATE_RECORD_SIZE	64u
/*
 * The overlay areas, in the same partition after the state area: an overlay package (a bootfs
 * image, overlay_package.h) in each; the state names the active one, so a new overlay is written
 * to the other area first and the state switches to it in one record write.
 */
#define CARD_OVERLAY_AREAS	2u
#define CARD_OVERLAY_AREA_SIZE	(64u * 1024)
#define CARD_OVERLAY_OFFSET(area)	(64u * 1024 + ((area) - 1u) * CARD_OVERLAY_AREA_SIZE)	/* area 1 or 2 */

enum card_slot {
	CARD_SLOT_A = 0,
	CARD_SLOT_B = 1,
	CARD_SLOT_NONE = 0xff,
};

/* How the last trial of a slot ended (the next upgrade report carries it). */
enum card_trial_end {
	CARD_TRIAL_NONE = 0,		/* no trial has ended */
	CARD_TRIAL_COMMITTED = 1,	/* its system passed and the slot became active */
	CARD_TRIAL_BUDGET_SPENT = 2,	/* it booted its budget's worth of times without a commit */
	CARD_TRIAL_REFUSED = 3,		/* its release did not pass the root server's checks */
	CARD_TRIAL_UNHEALTHY = 4,	/* an app the admin service watches failed, or never ended */
	CARD_TRIAL_MAX
};

struct card_state {
	uint64_t sequence;		/* higher is newer */
	uint8_t active_slot;		/* CARD_SLOT_A or _B: the slot that boots */
	uint8_t trial_slot;		/* a slot booting on trial, or CARD_SLOT_NONE */
	uint8_t trial_budget;		/* boots left to the trial slot */
	uint64_t release_version;	/* the highest release version installed */
	uint8_t last_trial;		/* CARD_TRIAL_*: how the last trial ended */
	uint8_t last_trial_slot;	/* and of which slot */
	uint8_t overlay;		/* the active overlay's area (1 or 2), or 0: none */
};

/*
 * The state in AREA (LEN bytes, at least CARD_STATE_AREA_SIZE): 0 with *STATE and *COPY (0 or 1,
 * the copy it came from), or -KFMT_EFORMAT when neither copy is a valid record (a blank card).
 */
int card_state_read(const uint8_t *area, size_t len, struct card_state *state, unsigned int *copy);

/*
 * Writes STATE into AREA as the next state: its sequence one past the current one's (or 1 on a
 * blank area) and into the other copy. Returns the copy written (0 or 1), or -KFMT_EINVAL for an
 * area too small or a state with a slot that is not one.
 */
int card_state_write_next(uint8_t *area, size_t len, struct card_state *state);

/*
 * The boot path's step (the root server's, before any app starts): which slot to try *FIRST, and
 * STATE changed as it must be on the card before that boot. A slot on trial with boots left is
 * tried first and its budget takes one; with none left (or a trial of the active slot itself)
 * the trial ends, BUDGET_SPENT, and the active slot boots. Returns whether STATE changed (write
 * it with card_state_write_next before booting).
 */
bool card_state_boot(struct card_state *state, uint8_t *first);

/* The trial slot's release was refused at boot: the trial ends, REFUSED (write STATE). */
void card_state_trial_refused(struct card_state *state);

/*
 * The admin service's steps (write STATE after each): a release just written to SLOT goes on
 * trial with BUDGET boots; the running trial slot becomes the active one, its VERSION the highest
 * installed (commit); or its trial ends, UNHEALTHY, and the active slot boots next.
 */
void card_state_start_trial(struct card_state *state, uint8_t slot, uint8_t budget);
void card_state_commit(struct card_state *state, uint64_t version);
void card_state_trial_unhealthy(struct card_state *state);

/* What CARD_TRIAL_* HOW says, for messages. */
const char *card_trial_end_name(uint8_t how);

/* A slot's letter, 'A' or 'B' ('-' for none or another value). */
char card_slot_letter(uint8_t slot);

#endif
