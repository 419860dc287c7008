/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The GPT reader (lib/format/gpt.c) on the table sfdisk wrote for make sdcard
 * (tests/fuzz/corpus/fuzz_gpt/card-layout: LBA 1-33 of a 256 MiB card), and on that table
 * damaged one way at a time, its CRCs made good again where the damage is to the content.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <format/gpt.h>
#include <format/byteorder.h>
#include <format/error.h>
#include <format/zip.h>

#define DISK_BLOCKS	(256u * 2048u)

static uint8_t disk[34 * GPT_BLOCK_SIZE];

static int load(void **state)
{
	FILE *f = fopen(SRCTREE "/tests/fuzz/corpus/fuzz_gpt/card-layout", "rb");

	(void)state;
	memset(disk, 0, sizeof(disk));
	assert_non_null(f);
	assert_int_equal(fread(disk + GPT_BLOCK_SIZE, 1, 33 * GPT_BLOCK_SIZE, f), 33 * GPT_BLOCK_SIZE);
	fclose(f);
	return 0;
}



/* The entries' CRC into the header, then the header's own. */
static void fix_crcs(void)
{
	uint8_t *h = disk + GPT_BLOCK_SIZE;

	put_le32(h + 88, zip_crc32(0, disk + 2 * GPT_BLOCK_SIZE, 128 * 128));
	put_le32(h + 16, 0);
	put_le32(h + 16, zip_crc32(0, h, 92));
}

static uint8_t *entry(unsigned int i)
{
	return disk + 2 * GPT_BLOCK_SIZE + 128 * i;
}

static void expect_refused(const char *reason)
{
	struct gpt gpt;
	const char *why = NULL;

	assert_int_equal(gpt_read(disk, sizeof(disk), DISK_BLOCKS, &gpt, &why), -KFMT_EFORMAT);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

static void reads_what_sfdisk_wrote(void **state)
{
	static const struct {
		const char *name;
		uint64_t first, last;
	} want[] = {
		{ "boot", 16384, 81919 },	 { "kauri_a", 81920, 212991 },	 { "kauri_b", 212992, 344063 },
		{ "kauri_state", 344064, 346111 }, { "data", 346112, 522239 },
	};
	struct gpt gpt;
	const char *why = NULL;

	(void)state;
	assert_int_equal(gpt_read(disk, sizeof(disk), DISK_BLOCKS, &gpt, &why), 0);
	assert_int_equal(gpt.count, 5);
	assert_int_equal(gpt.disk_blocks, DISK_BLOCKS);
	for (unsigned int i = 0; i < 5; i++) {
		assert_string_equal(gpt.part[i].name, want[i].name);
		assert_int_equal(gpt.part[i].first_lba, want[i].first);
		assert_int_equal(gpt.part[i].last_lba, want[i].last);
	}
	assert_ptr_equal(gpt_find(&gpt, "kauri_b"), &gpt.part[2]);
	assert_null(gpt_find(&gpt, "kauri"));
	assert_null(gpt_find(&gpt, "kauri_b2"));
}

static void header_crc_checked(void **state)
{
	(void)state;
	disk[GPT_BLOCK_SIZE + 40] ^= 1;	/* first usable LBA */
	expect_refused("the GPT header's CRC-32 does not match");
}

static void entries_crc_checked(void **state)
{
	(void)state;
	entry(1)[56] = 'K';	/* a name's first letter */
	expect_refused("the GPT entries' CRC-32 does not match");
}

static void no_signature(void **state)
{
	(void)state;
	memset(disk + GPT_BLOCK_SIZE, 0, 8);
	expect_refused("no GPT header at LBA 1 (signature \"EFI PART\")");
}

static void short_buffer(void **state)
{
	struct gpt gpt;
	const char *why;

	(void)state;
	assert_int_equal(gpt_read(disk, 33 * GPT_BLOCK_SIZE, DISK_BLOCKS, &gpt, &why), -KFMT_EFORMAT);
	assert_string_equal(why, "fewer than 34 blocks to read it from");
}

static void disk_smaller_than_the_table_says(void **state)
{
	struct gpt gpt;
	const char *why;

	(void)state;
	assert_int_equal(gpt_read(disk, sizeof(disk), DISK_BLOCKS / 2, &gpt, &why), -KFMT_EFORMAT);
	assert_string_equal(why, "a GPT header whose disk is larger than this one, or whose usable blocks make no sense");
}

static void overlapping_partitions(void **state)
{
	(void)state;
	put_le64(entry(2) + 32, 212991);	/* kauri_b starts on kauri_a's last block */
	fix_crcs();
	expect_refused("two partitions overlap");
}

static void partition_past_the_usable_blocks(void **state)
{
	(void)state;
	put_le64(entry(4) + 40, DISK_BLOCKS - 1);	/* data into the backup table */
	fix_crcs();
	expect_refused("a partition outside the disk's usable blocks");
}

static void partition_ending_before_it_starts(void **state)
{
	(void)state;
	put_le64(entry(0) + 40, 100);
	fix_crcs();
	expect_refused("a partition outside the disk's usable blocks");
}

static void entries_elsewhere(void **state)
{
	(void)state;
	put_le64(disk + GPT_BLOCK_SIZE + 72, 3);
	fix_crcs();
	expect_refused("GPT entries not right after the header, or more than 16 KiB of them");
}

static void too_many_entries(void **state)
{
	(void)state;
	put_le32(disk + GPT_BLOCK_SIZE + 80, 129);
	fix_crcs();
	expect_refused("GPT entries not right after the header, or more than 16 KiB of them");
}

static void more_than_sixteen_partitions(void **state)
{
	(void)state;
	/* 17 one-block partitions in the data partition's room. */
	for (unsigned int i = 0; i < 17; i++) {
		memcpy(entry(5 + i), entry(4), 128);
		put_le64(entry(5 + i) + 32, 400000 + i);
		put_le64(entry(5 + i) + 40, 400000 + i);
	}
	put_le64(entry(4) + 40, 399999);
	fix_crcs();
	expect_refused("more than 16 partitions");
}

static void name_not_ascii(void **state)
{
	struct gpt gpt;
	const char *why;

	(void)state;
	entry(0)[56] = 0xe9;	/* U+00E9 */
	fix_crcs();
	assert_int_equal(gpt_read(disk, sizeof(disk), DISK_BLOCKS, &gpt, &why), 0);
	assert_string_equal(gpt.part[0].name, "?oot");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(reads_what_sfdisk_wrote, load),
		cmocka_unit_test_setup(header_crc_checked, load),
		cmocka_unit_test_setup(entries_crc_checked, load),
		cmocka_unit_test_setup(no_signature, load),
		cmocka_unit_test_setup(short_buffer, load),
		cmocka_unit_test_setup(disk_smaller_than_the_table_says, load),
		cmocka_unit_test_setup(overlapping_partitions, load),
		cmocka_unit_test_setup(partition_past_the_usable_blocks, load),
		cmocka_unit_test_setup(partition_ending_before_it_starts, load),
		cmocka_unit_test_setup(entries_elsewhere, load),
		cmocka_unit_test_setup(too_many_entries, load),
		cmocka_unit_test_setup(more_than_sixteen_partitions, load),
		cmocka_unit_test_setup(name_not_ascii, load),
	};

	return cmocka_run_group_tests_name("gpt", tests, NULL, NULL);
}
