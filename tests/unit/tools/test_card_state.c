/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The card's state area (lib/format/card_state.c): copies written in turn, the newer valid one
 * read, a torn or corrupted copy read as the other, blank and malformed areas refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <format/card_state.h>
#include <format/error.h>

static uint8_t area[CARD_STATE_AREA_SIZE];

static int setup(void **state)
{
	(void)state;
	memset(area, 0, sizeof(area));
	return 0;
}

static struct card_state make(uint8_t active, uint8_t trial, uint8_t budget, uint64_t version)
{
	return (struct card_state){ .active_slot = active, .trial_slot = trial, .trial_budget = budget,
				    .release_version = version };
}

static void blank_area_has_no_state(void **state)
{
	struct card_state s;
	unsigned int copy;

	(void)state;
	assert_int_equal(card_state_read(area, sizeof(area), &s, &copy), -KFMT_EFORMAT);
	memset(area, 0xff, sizeof(area));	/* an erased eMMC reads as ones */
	assert_int_equal(card_state_read(area, sizeof(area), &s, &copy), -KFMT_EFORMAT);
}

static void copies_written_in_turn(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 3), got;
	unsigned int copy;

	(void)state;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 0);
	assert_int_equal(s.sequence, 1);
	s = make(CARD_SLOT_A, CARD_SLOT_B, 3, 4);
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 1);
	assert_int_equal(s.sequence, 2);
	assert_int_equal(card_state_read(area, sizeof(area), &got, &copy), 0);
	assert_int_equal(copy, 1);
	assert_int_equal(got.sequence, 2);
	assert_int_equal(got.active_slot, CARD_SLOT_A);
	assert_int_equal(got.trial_slot, CARD_SLOT_B);
	assert_int_equal(got.trial_budget, 3);
	assert_int_equal(got.release_version, 4);
	s = make(CARD_SLOT_B, CARD_SLOT_NONE, 0, 4);
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 0);
	assert_int_equal(card_state_read(area, sizeof(area), &got, &copy), 0);
	assert_int_equal(copy, 0);
	assert_int_equal(got.sequence, 3);
	assert_int_equal(got.active_slot, CARD_SLOT_B);
}

static void torn_write_reads_as_the_other_copy(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 1), got;
	unsigned int copy;
	int target;

	(void)state;
	card_state_write_next(area, sizeof(area), &s);
	s = make(CARD_SLOT_A, CARD_SLOT_B, 3, 2);
	card_state_write_next(area, sizeof(area), &s);
	/* The third state goes to copy 0; power fails after its first 32 bytes. */
	{
		uint8_t before[CARD_STATE_COPY_SIZE];

		memcpy(before, area, sizeof(before));
		s = make(CARD_SLOT_B, CARD_SLOT_NONE, 0, 2);
		target = card_state_write_next(area, sizeof(area), &s);
		assert_int_equal(target, 0);
		memcpy(area + 32, before + 32, sizeof(before) - 32);
	}
	assert_int_equal(card_state_read(area, sizeof(area), &got, &copy), 0);
	assert_int_equal(copy, 1);
	assert_int_equal(got.sequence, 2);
	assert_int_equal(got.trial_slot, CARD_SLOT_B);
	/* Written again, it goes to the torn copy, past the good one. */
	s = make(CARD_SLOT_B, CARD_SLOT_NONE, 0, 2);
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 0);
	assert_int_equal(s.sequence, 3);
}

static void one_flipped_bit_fails_the_crc(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 1), got;
	unsigned int copy;

	(void)state;
	card_state_write_next(area, sizeof(area), &s);
	s.active_slot = CARD_SLOT_B;
	card_state_write_next(area, sizeof(area), &s);
	area[CARD_STATE_COPY_SIZE + 16] ^= 0x01;	/* copy 1's sequence */
	assert_int_equal(card_state_read(area, sizeof(area), &got, &copy), 0);
	assert_int_equal(copy, 0);
	assert_int_equal(got.active_slot, CARD_SLOT_A);
	area[16] ^= 0x80;
	assert_int_equal(card_state_read(area, sizeof(area), &got, &copy), -KFMT_EFORMAT);
}

static void bad_slots_refused(void **state)
{
	struct card_state s = make(2, CARD_SLOT_NONE, 0, 0);

	(void)state;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), -KFMT_EINVAL);
	s = make(CARD_SLOT_A, 7, 0, 0);
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), -KFMT_EINVAL);
	s = make(CARD_SLOT_NONE, CARD_SLOT_NONE, 0, 0);	/* some slot must boot */
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), -KFMT_EINVAL);
	s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 0);
	assert_int_equal(card_state_write_next(area, CARD_STATE_AREA_SIZE - 1, &s), -KFMT_EINVAL);
	assert_true(area[0] == 0);
}

static void short_area_refused(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 0), got;
	unsigned int copy;

	(void)state;
	card_state_write_next(area, sizeof(area), &s);
	assert_int_equal(card_state_read(area, CARD_STATE_AREA_SIZE - 1, &got, &copy), -KFMT_EFORMAT);
}

static void slot_letters(void **state)
{
	(void)state;
	assert_int_equal(card_slot_letter(CARD_SLOT_A), 'A');
	assert_int_equal(card_slot_letter(CARD_SLOT_B), 'B');
	assert_int_equal(card_slot_letter(CARD_SLOT_NONE), '-');
	assert_int_equal(card_slot_letter(9), '-');
}

/* The boot step: a trial's budget taken a boot at a time, then the trial ended and recorded. */
static void trial_boots_then_ends(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_B, 2, 7), back;
	unsigned int copy;
	uint8_t first;

	(void)state;
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_B);
	assert_int_equal(s.trial_budget, 1);
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_B);
	assert_int_equal(s.trial_budget, 0);
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_A);
	assert_int_equal(s.trial_slot, CARD_SLOT_NONE);
	assert_int_equal(s.last_trial, CARD_TRIAL_BUDGET_SPENT);
	assert_int_equal(s.last_trial_slot, CARD_SLOT_B);
	/* Recorded on the card, and read back so. */
	assert_true(card_state_write_next(area, sizeof(area), &s) >= 0);
	assert_int_equal(card_state_read(area, sizeof(area), &back, &copy), 0);
	assert_int_equal(back.last_trial, CARD_TRIAL_BUDGET_SPENT);
	assert_int_equal(back.last_trial_slot, CARD_SLOT_B);
	assert_int_equal(back.release_version, 7);
	/* Nothing on trial: the active slot, and nothing to write. */
	assert_false(card_state_boot(&back, &first));
	assert_int_equal(first, CARD_SLOT_A);
	assert_string_equal(card_trial_end_name(back.last_trial), "boot budget spent without a commit");
}

static void trial_refused_and_bad_records(void **state)
{
	struct card_state s = make(CARD_SLOT_B, CARD_SLOT_A, 3, 1), back;
	unsigned int copy;
	uint8_t first;

	(void)state;
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_A);
	card_state_trial_refused(&s);
	assert_int_equal(s.trial_slot, CARD_SLOT_NONE);
	assert_int_equal(s.last_trial, CARD_TRIAL_REFUSED);
	assert_int_equal(s.last_trial_slot, CARD_SLOT_A);
	assert_int_equal(s.active_slot, CARD_SLOT_B);
	/* A trial of the active slot itself is no trial: ended at once. */
	s = make(CARD_SLOT_A, CARD_SLOT_A, 3, 1);
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_A);
	assert_int_equal(s.trial_slot, CARD_SLOT_NONE);
	/* An outcome past the known ones is refused on write, and a record holding one on read. */
	s.last_trial = CARD_TRIAL_MAX;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), -KFMT_EINVAL);
	s.last_trial = CARD_TRIAL_COMMITTED;
	s.last_trial_slot = CARD_SLOT_B;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 0);
	area[15] = CARD_TRIAL_MAX;
	assert_int_equal(card_state_read(area, sizeof(area), &back, &copy), -KFMT_EFORMAT);
}

/* The admin's steps: a trial started, then committed (the version kept) or ended unhealthy. */
static void admin_trial_steps(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 3), back;
	unsigned int copy;
	uint8_t first;

	(void)state;
	card_state_start_trial(&s, CARD_SLOT_B, 3);
	assert_true(card_state_boot(&s, &first));
	assert_int_equal(first, CARD_SLOT_B);
	card_state_commit(&s, 4);
	assert_int_equal(s.active_slot, CARD_SLOT_B);
	assert_int_equal(s.trial_slot, CARD_SLOT_NONE);
	assert_int_equal(s.trial_budget, 0);
	assert_int_equal(s.last_trial, CARD_TRIAL_COMMITTED);
	assert_int_equal(s.last_trial_slot, CARD_SLOT_B);
	assert_int_equal(s.release_version, 4);
	/* A commit never lowers the highest version installed. */
	card_state_start_trial(&s, CARD_SLOT_A, 1);
	card_state_commit(&s, 2);
	assert_int_equal(s.release_version, 4);
	/* A trial whose health check fails: the active slot stays, and the card says why. */
	card_state_start_trial(&s, CARD_SLOT_B, 3);
	card_state_trial_unhealthy(&s);
	assert_int_equal(s.active_slot, CARD_SLOT_A);
	assert_int_equal(s.trial_slot, CARD_SLOT_NONE);
	assert_int_equal(s.last_trial, CARD_TRIAL_UNHEALTHY);
	assert_int_equal(s.last_trial_slot, CARD_SLOT_B);
	assert_true(card_state_write_next(area, sizeof(area), &s) >= 0);
	assert_int_equal(card_state_read(area, sizeof(area), &back, &copy), 0);
	assert_int_equal(back.last_trial, CARD_TRIAL_UNHEALTHY);
	assert_string_equal(card_trial_end_name(back.last_trial),
			    "an app the admin service watches failed or did not end in time");
}

/* The active overlay's area: kept, and refused past the two areas. */
static void overlay_area(void **state)
{
	struct card_state s = make(CARD_SLOT_A, CARD_SLOT_NONE, 0, 1), back;
	unsigned int copy;

	(void)state;
	s.overlay = 2;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), 0);
	assert_int_equal(card_state_read(area, sizeof(area), &back, &copy), 0);
	assert_int_equal(back.overlay, 2);
	s.overlay = CARD_OVERLAY_AREAS + 1;
	assert_int_equal(card_state_write_next(area, sizeof(area), &s), -KFMT_EINVAL);
	/* Both areas fit the state partition's first 192 KiB, after the state area. */
	assert_true(CARD_OVERLAY_OFFSET(1) >= CARD_STATE_AREA_SIZE);
	assert_true(CARD_OVERLAY_OFFSET(2) == CARD_OVERLAY_OFFSET(1) + CARD_OVERLAY_AREA_SIZE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(blank_area_has_no_state, setup),
		cmocka_unit_test_setup(copies_written_in_turn, setup),
		cmocka_unit_test_setup(torn_write_reads_as_the_other_copy, setup),
		cmocka_unit_test_setup(one_flipped_bit_fails_the_crc, setup),
		cmocka_unit_test_setup(bad_slots_refused, setup),
		cmocka_unit_test_setup(short_area_refused, setup),
		cmocka_unit_test(slot_letters),
		cmocka_unit_test_setup(trial_boots_then_ends, setup),
		cmocka_unit_test_setup(trial_refused_and_bad_records, setup),
		cmocka_unit_test_setup(admin_trial_steps, setup),
		cmocka_unit_test_setup(overlay_area, setup),
	};

	return cmocka_run_group_tests_name("card state", tests, NULL, NULL);
}
