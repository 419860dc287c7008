/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The upgrade inbox's header (lib/format/inbox.c): written and read back field for field; an
 * empty block is an empty inbox; a flipped bit, another version or an unknown outcome refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <format/error.h>
#include <format/inbox.h>

static uint8_t block[INBOX_HEADER_SIZE];

static void round_trip(void **state)
{
	struct inbox_header h = { .status = INBOX_DONE, .size = 0x123456789ULL, .outcome = INBOX_OUTCOME_NOT_NEWER,
				  .detail = -7, .version = 42, .slot = 'B' }, back;

	(void)state;
	inbox_header_write(block, &h);
	assert_memory_equal(block, INBOX_MAGIC, 8);
	assert_int_equal(inbox_header_read(block, &back), 0);
	assert_int_equal(back.status, INBOX_DONE);
	assert_true(back.size == 0x123456789ULL);
	assert_int_equal(back.outcome, INBOX_OUTCOME_NOT_NEWER);
	assert_int_equal(back.detail, -7);
	assert_int_equal(back.version, 42);
	assert_int_equal(back.slot, 'B');
	/* Past byte 60 the block is zero: nothing of an earlier header is left there. */
	for (unsigned int i = 64; i < INBOX_HEADER_SIZE; i++)
		assert_int_equal(block[i], 0);
}

static void empty_and_damaged(void **state)
{
	struct inbox_header h = { .status = INBOX_PENDING, .size = 4096 }, back;

	(void)state;
	memset(block, 0, sizeof(block));
	assert_int_equal(inbox_header_read(block, &back), -KFMT_ENOENT);
	memset(block, 0xff, sizeof(block));
	assert_int_equal(inbox_header_read(block, &back), -KFMT_ENOENT);
	for (unsigned int bit = 64; bit < 60 * 8; bit += 37) {
		inbox_header_write(block, &h);
		block[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		assert_int_equal(inbox_header_read(block, &back), -KFMT_EFORMAT);
	}
	/* An outcome past the known ones, with a CRC that matches: refused all the same. */
	h.outcome = INBOX_OUTCOME_MAX;
	inbox_header_write(block, &h);
	assert_int_equal(inbox_header_read(block, &back), -KFMT_EFORMAT);
}

static void outcome_names(void **state)
{
	(void)state;
	for (uint32_t o = 0; o < INBOX_OUTCOME_MAX; o++)
		assert_true(strlen(inbox_outcome_name(o)) > 0 && strcmp(inbox_outcome_name(o), "unknown") != 0);
	assert_string_equal(inbox_outcome_name(INBOX_OUTCOME_MAX), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(empty_and_damaged),
		cmocka_unit_test(outcome_names),
	};

	return cmocka_run_group_tests_name("upgrade inbox", tests, NULL, NULL);
}
