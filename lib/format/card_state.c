/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's state area: two copies of a 64-byte little-endian record,
 *   0 magic "KAURIST1"   8 version   12 active slot, trial slot, trial budget, last trial's end
 *   16 sequence          24 release version   32 last trial's slot   33 overlay area   34..59 zero
 *   60 CRC-32 of bytes 0..59
 * at offsets 0 and CARD_STATE_COPY_SIZE.
 */
#include <string.h>

#include <format/card_state.h>
#include <format/byteorder.h>
#include <format/error.h>
#include <format/zip.h>

static int valid_slot(uint8_t slot, int none_allowed)
{
	return slot == CARD_SLOT_A || slot == CARD_SLOT_B || (none_allowed && slot == CARD_SLOT_NONE);
}

/* One copy's record: 0 with *STATE, or -KFMT_EFORMAT. */
static int decode(const uint8_t *r, struct card_state *state)
{
	if (memcmp(r, CARD_STATE_MAGIC, 8) != 0 || get_le32(r + 8) != CARD_STATE_VERSION ||
	    get_le32(r + 60) != zip_crc32(0, r, 60) || !valid_slot(r[12], 0) || !valid_slot(r[13], 1) ||
	    r[15] >= CARD_TRIAL_MAX || (r[15] != CARD_TRIAL_NONE && !valid_slot(r[32], 0)) || r[33] > CARD_OVERLAY_AREAS)
		return -KFMT_EFORMAT;
	*state = (struct card_state){ .active_slot = r[12], .trial_slot = r[13], .trial_budget = r[14],
				      .last_trial = r[15], .last_trial_slot = r[32], .overlay = r[33],
				      .sequence = get_le64(r + 16), .release_version = get_le64(r + 24) };
	return 0;
}

int card_state_read(const uint8_t *area, size_t len, struct card_state *state, unsigned int *copy)
{
	struct card_state s[2];
	int ok[2];

	if (len < CARD_STATE_AREA_SIZE)
		return -KFMT_EFORMAT;
	for (unsigned int i = 0; i < 2; i++)
		ok[i] = decode(area + i * CARD_STATE_COPY_SIZE, &s[i]) == 0;
	if (!ok[0] && !ok[1])
		return -KFMT_EFORMAT;
	/* Equal sequences cannot be written by card_state_write_next; copy 0 then. */
	*copy = ok[1] && (!ok[0] || s[1].sequence > s[0].sequence) ? 1 : 0;
	*state = s[*copy];
	return 0;
}

int card_state_write_next(uint8_t *area, size_t len, struct card_state *state)
{
	struct card_state current;
	unsigned int copy, target = 0;
	uint8_t *r;

	if (len < CARD_STATE_AREA_SIZE || !valid_slot(state->active_slot, 0) || !valid_slot(state->trial_slot, 1) ||
	    state->last_trial >= CARD_TRIAL_MAX || (state->last_trial != CARD_TRIAL_NONE && !valid_slot(state->last_trial_slot, 0)) ||
	    state->overlay > CARD_OVERLAY_AREAS)
		return -KFMT_EINVAL;
	state->sequence = 1;
	if (card_state_read(area, len, &current, &copy) == 0) {
		state->sequence = current.sequence + 1;
		target = copy ^ 1;
	}
	r = area + target * CARD_STATE_COPY_SIZE;
	memset(r, 0, CARD_STATE_COPY_SIZE);
	memcpy(r, CARD_STATE_MAGIC, 8);
	put_le32(r + 8, CARD_STATE_VERSION);
	r[12] = state->active_slot;
	r[13] = state->trial_slot;
	r[14] = state->trial_budget;
	r[15] = state->last_trial;
	r[32] = state->last_trial != CARD_TRIAL_NONE ? state->last_trial_slot : 0;
	r[33] = state->overlay;
	put_le64(r + 16, state->sequence);
	put_le64(r + 24, state->release_version);
	put_le32(r + 60, zip_crc32(0, r, 60));
	return (int)target;
}

char card_slot_letter(uint8_t slot)
{
	return slot == CARD_SLOT_A ? 'A' : slot == CARD_SLOT_B ? 'B' : '-';
}

/* A trial that ends without a commit: the trial cleared, how it ended kept for the next report. */
static void end_trial(struct card_state *state, enum card_trial_end how)
{
	state->last_trial = (uint8_t)how;
	state->last_trial_slot = state->trial_slot;
	state->trial_slot = CARD_SLOT_NONE;
	state->trial_budget = 0;
}

bool card_state_boot(struct card_state *state, uint8_t *first)
{
	*first = state->active_slot;
	if (state->trial_slot == CARD_SLOT_NONE)
		return false;
	if (state->trial_slot == state->active_slot || state->trial_budget == 0) {
		end_trial(state, CARD_TRIAL_BUDGET_SPENT);
		return true;
	}
	state->trial_budget--;
	*first = state->trial_slot;
	return true;
}

void card_state_trial_refused(struct card_state *state)
{
	end_trial(state, CARD_TRIAL_REFUSED);
}

void card_state_start_trial(struct card_state *state, uint8_t slot, uint8_t budget)
{
	state->trial_slot = slot;
	state->trial_budget = budget;
}

void card_state_commit(struct card_state *state, uint64_t version)
{
	state->last_trial = CARD_TRIAL_COMMITTED;
	state->last_trial_slot = state->trial_slot;
	state->active_slot = state->trial_slot;
	state->trial_slot = CARD_SLOT_NONE;
	state->trial_budget = 0;
	if (version > state->release_version)
		state->release_version = version;
}

void card_state_trial_unhealthy(struct card_state *state)
{
	end_trial(state, CARD_TRIAL_UNHEALTHY);
}

const char *card_trial_end_name(uint8_t how)
{
	switch (how) {
	case CARD_TRIAL_NONE:
		return "none";
	case CARD_TRIAL_COMMITTED:
		return "committed";
	case CARD_TRIAL_BUDGET_SPENT:
		return "boot budget spent without a commit";
	case CARD_TRIAL_REFUSED:
		return "its release did not pass the boot checks";
	case CARD_TRIAL_UNHEALTHY:
		return "an app the admin service watches failed or did not end in time";
	default:
		return "unknown";
	}
}
