/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SD protocol layer against a simulated card: behind the fake host (fake_host.c), an SD
 * card's state machine over a RAM disk, which fails transfers on request.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/sdmmc.h>
#include "fake_host.h"

#define RCA		0x1234
#define STATE_TRAN	(4u << 9)
#define READY		(1u << 8)
#define OUT_OF_RANGE	(1u << 31)

struct sim {
	struct fake_host fake;		/* first: the card callback gets this pointer */
	bool high_capacity, v1;		/* v1: no answer to CMD8 */
	unsigned int busy_rounds;	/* ACMD41 answers busy this often first */
	uint64_t blocks;
	uint8_t *disk;
	bool app;			/* the last command was CMD55 */
	unsigned int fail_transfers;	/* this many data transfers fail (mid-way) */
	unsigned int transfers;		/* data transfers attempted */
	uint32_t status_error;		/* R1 error bits to put in data commands' responses */
};

/* The CSD of a card of BLOCKS blocks: version 2.0 (SDHC) or 1.0 with 512-byte blocks (SDSC). */
static void make_csd(const struct sim *s, uint32_t csd[4])
{
	memset(csd, 0, 16);
	if (s->high_capacity) {
		set_bits128(csd, 126, 2, 1);
		set_bits128(csd, 48, 22, s->blocks / 1024 - 1);
	} else {
		/* blocks = (c_size + 1) * 2^(mult + 2), with bl_len 9 */
		uint64_t mult = 7;

		set_bits128(csd, 62, 12, s->blocks / (1u << (mult + 2)) - 1);
		set_bits128(csd, 47, 3, mult);
		set_bits128(csd, 80, 4, 9);
	}
}

static int sd_card(struct fake_host *fake, struct sdmmc_command *cmd)
{
	struct sim *s = (struct sim *)fake;
	bool app = s->app;

	s->app = false;
	if (app)
		fake->log[fake->ncmds - 1] += 100;
	if (app && cmd->index == 41) {
		if (cmd->response != SDMMC_RSP_R3)
			return -SDMMC_E_IO;
		cmd->resp[0] = 0x00ff8000u | (s->busy_rounds ? 0 : 1u << 31) |
			       (s->high_capacity && (cmd->arg & (1u << 30)) ? 1u << 30 : 0);
		if (s->busy_rounds)
			s->busy_rounds--;
		return 0;
	}
	if (app && cmd->index == 6) {
		cmd->resp[0] = STATE_TRAN | READY;
		return 0;
	}
	switch (cmd->index) {
	case 0:
		return 0;
	case 8:
		if (s->v1)
			return -SDMMC_E_TIMEOUT;
		cmd->resp[0] = cmd->arg & 0xfff;
		return 0;
	case 55:
		s->app = true;
		cmd->resp[0] = READY | (1u << 5);
		return 0;
	case 2:
		/* Manufacturer 03, OEM "SD", product name "SD64G" (bits 103:64), revision 8.0. */
		cmd->resp[0] = 0x03534453;
		cmd->resp[1] = 0x44363447;
		cmd->resp[2] = 0x80000000;
		return 0;
	case 3:
		cmd->resp[0] = (uint32_t)RCA << 16;
		return 0;
	case 9:
		assert_int_equal(cmd->arg, (uint32_t)RCA << 16);
		make_csd(s, cmd->resp);
		return 0;
	case 7:
	case 16:
		cmd->resp[0] = STATE_TRAN | READY;
		return 0;
	case 13:
		cmd->resp[0] = STATE_TRAN | READY;
		return 0;
	case 12:
		cmd->resp[0] = STATE_TRAN | READY;
		return 0;
	case 17:
	case 18:
	case 24:
	case 25: {
		struct sdmmc_data *d = cmd->data;
		uint64_t lba = s->high_capacity ? cmd->arg : cmd->arg / SDMMC_BLOCK_SIZE;
		bool write = cmd->index >= 24;

		assert_non_null(d);
		assert_int_equal(d->write, write);
		assert_int_equal(d->block_size, SDMMC_BLOCK_SIZE);
		assert_int_equal(d->blocks > 1, cmd->index == 18 || cmd->index == 25);
		if (!s->high_capacity)
			assert_int_equal(cmd->arg % SDMMC_BLOCK_SIZE, 0);
		assert_true(lba + d->blocks <= s->blocks);
		s->transfers++;
		if (s->fail_transfers) {
			/* Half the blocks move, then the controller reports a data CRC error. */
			s->fail_transfers--;
			if (write)
				memcpy(s->disk + lba * SDMMC_BLOCK_SIZE, d->buf, d->blocks / 2 * SDMMC_BLOCK_SIZE);
			return -SDMMC_E_CRC;
		}
		if (write)
			memcpy(s->disk + lba * SDMMC_BLOCK_SIZE, d->buf, (size_t)d->blocks * SDMMC_BLOCK_SIZE);
		else
			memcpy(d->buf, s->disk + lba * SDMMC_BLOCK_SIZE, (size_t)d->blocks * SDMMC_BLOCK_SIZE);
		cmd->resp[0] = STATE_TRAN | READY | s->status_error;
		return 0;
	}
	default:
		return -SDMMC_E_TIMEOUT;
	}
}

static struct sim *sim_new(bool high_capacity, uint64_t blocks)
{
	struct sim *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	fake_host_init(&s->fake, sd_card);
	s->high_capacity = high_capacity;
	s->blocks = blocks;
	s->busy_rounds = 3;
	s->disk = calloc(blocks, SDMMC_BLOCK_SIZE);
	assert_non_null(s->disk);
	return s;
}

static void sim_free(struct sim *s)
{
	free(s->disk);
	free(s);
}

static void init_sdhc(void **state)
{
	static const uint8_t expected[] = { 0, 8, 55, 141, 55, 141, 55, 141, 55, 141, 2, 3, 9, 7, 55, 106 };
	struct sim *s = sim_new(true, 64 * 1024);	/* 32 MiB, as SDHC */
	struct sdmmc_card card;
	char name[SDMMC_CARD_NAME_SIZE];

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	assert_int_equal(s->fake.ncmds, sizeof(expected));
	assert_memory_equal(s->fake.log, expected, sizeof(expected));
	assert_int_equal(s->fake.args[1], 0x1aa);
	assert_int_equal(s->fake.args[3] & (1u << 30), 1u << 30);	/* HCS asked */
	assert_true(card.high_capacity);
	assert_int_equal(card.rca, RCA);
	assert_int_equal(card.blocks, 64 * 1024);
	assert_int_equal(card.bus_width, 4);
	assert_int_equal(s->fake.bus_width, 4);
	assert_int_equal(s->fake.args[15], 2);			/* ACMD6: 4 bits */
	assert_int_equal(card.clock_hz, 25000000);
	assert_int_equal(s->fake.clock_hz, 25000000);
	sdmmc_card_name(&card, name);
	assert_string_equal(name, "SD64G");
	sim_free(s);
}

static void init_sdsc(void **state)
{
	struct sim *s = sim_new(false, 8192);	/* 4 MiB, CSD 1.0 */
	struct sdmmc_card card;

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	assert_false(card.high_capacity);
	assert_int_equal(card.blocks, 8192);
	/* SDSC: the block length is set to 512 after the select. */
	assert_int_equal(s->fake.log[13], 7);
	assert_int_equal(s->fake.log[14], 16);
	assert_int_equal(s->fake.args[14], 512);
	sim_free(s);
}

static void init_v1_card(void **state)
{
	struct sim *s = sim_new(true, 8192);
	struct sdmmc_card card;

	(void)state;
	s->v1 = true;	/* no CMD8: a 1.x card, which is never high capacity */
	s->high_capacity = false;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	assert_int_equal(s->fake.args[3] & (1u << 30), 0);	/* no HCS for a 1.x card */
	assert_false(card.high_capacity);
	sim_free(s);
}

static void no_card(void **state)
{
	struct sim *s = sim_new(true, 8192);
	struct sdmmc_card card;

	(void)state;
	s->fake.present = false;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), -SDMMC_E_NO_CARD);
	assert_int_equal(s->fake.ncmds, 0);
	sim_free(s);
}

static void card_never_ready(void **state)
{
	struct sim *s = sim_new(true, 8192);
	struct sdmmc_card card;

	(void)state;
	s->busy_rounds = 100000;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), -SDMMC_E_TIMEOUT);
	sim_free(s);
}

static void probe_finds_sd(void **state)
{
	struct sim *s = sim_new(true, 64 * 1024);
	struct sdmmc_card card;
	unsigned int n;

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	n = s->fake.ncmds;
	s->fake.ncmds = 0;
	s->busy_rounds = 3;
	/* sdmmc_card_init: an SD card brought up as sdmmc_sd_init does, no eMMC command sent. */
	assert_int_equal(sdmmc_card_init(&card, &s->fake.host), 0);
	assert_int_equal(s->fake.ncmds, n);
	assert_int_equal(fake_host_count(&s->fake, 0, 1), 0);
	assert_int_equal(card.type, SDMMC_CARD_SD);
	assert_int_equal(card.blocks, 64 * 1024);
	assert_int_equal(card.partition, SDMMC_PART_USER);
	/* An SD card that answers but never powers up is reported as such, not tried as an eMMC. */
	s->busy_rounds = 100000;
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_card_init(&card, &s->fake.host), -SDMMC_E_TIMEOUT);
	assert_int_equal(fake_host_count(&s->fake, 0, 1), 0);
	sim_free(s);
}

static void round_trip(bool high_capacity)
{
	struct sim *s = sim_new(high_capacity, 4096);
	struct sdmmc_card card;
	uint8_t *out = malloc(100 * SDMMC_BLOCK_SIZE), *in = malloc(100 * SDMMC_BLOCK_SIZE);

	assert_non_null(out);
	assert_non_null(in);
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	fill(out, 100 * SDMMC_BLOCK_SIZE, 1);
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_write_blocks(&card, 3000, 100, out), 0);
	/* One multi-block write at the block's address (bytes on SDSC), then the status polled. */
	assert_int_equal(s->fake.log[0], 25);
	assert_int_equal(s->fake.args[0], high_capacity ? 3000 : 3000 * SDMMC_BLOCK_SIZE);
	assert_int_equal(s->fake.log[1], 13);
	assert_memory_equal(s->disk + 3000 * SDMMC_BLOCK_SIZE, out, 100 * SDMMC_BLOCK_SIZE);
	assert_int_equal(sdmmc_read_blocks(&card, 3000, 100, in), 0);
	assert_memory_equal(in, out, 100 * SDMMC_BLOCK_SIZE);
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_read_blocks(&card, 5, 1, in), 0);
	assert_int_equal(s->fake.log[0], 17);
	free(out);
	free(in);
	sim_free(s);
}

static void round_trip_sdhc(void **state)
{
	(void)state;
	round_trip(true);
}

static void round_trip_sdsc(void **state)
{
	(void)state;
	round_trip(false);
}

static void transfer_error_retried(void **state)
{
	struct sim *s = sim_new(true, 4096);
	struct sdmmc_card card;
	uint8_t out[8 * SDMMC_BLOCK_SIZE], in[8 * SDMMC_BLOCK_SIZE];

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	fill(out, sizeof(out), 2);
	/* The first attempt stops half-way with a CRC error: the whole transfer is done again. */
	s->fail_transfers = 1;
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_write_blocks(&card, 100, 8, out), 0);
	assert_int_equal(s->transfers, 2);
	assert_int_equal(card.retries, 1);
	assert_int_equal(s->fake.recovers, 1);
	assert_int_equal(s->fake.log[0], 25);
	assert_int_equal(s->fake.log[1], 12);	/* the interrupted multi-block write stopped first */
	assert_int_equal(s->fake.log[2], 25);
	assert_memory_equal(s->disk + 100 * SDMMC_BLOCK_SIZE, out, sizeof(out));
	s->fail_transfers = 2;
	assert_int_equal(sdmmc_read_blocks(&card, 100, 8, in), 0);
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(card.retries, 3);
	sim_free(s);
}

static void transfer_error_reported(void **state)
{
	struct sim *s = sim_new(true, 4096);
	struct sdmmc_card card;
	uint8_t buf[4 * SDMMC_BLOCK_SIZE];

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	/* Every attempt fails: after 1 + CONFIG_SDMMC_RETRIES of them the error comes back, not a short count. */
	s->fail_transfers = 100;
	s->transfers = 0;
	assert_int_equal(sdmmc_read_blocks(&card, 0, 4, buf), -SDMMC_E_CRC);
	assert_int_equal(s->transfers, 4);
	sim_free(s);
}

static void card_status_error(void **state)
{
	struct sim *s = sim_new(true, 4096);
	struct sdmmc_card card;
	uint8_t buf[SDMMC_BLOCK_SIZE];

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	s->status_error = OUT_OF_RANGE;
	assert_int_equal(sdmmc_read_blocks(&card, 0, 1, buf), -SDMMC_E_CARD);
	sim_free(s);
}

static void range_refused_before_any_command(void **state)
{
	struct sim *s = sim_new(true, 4096);
	struct sdmmc_card card;
	uint8_t buf[2 * SDMMC_BLOCK_SIZE];

	(void)state;
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_read_blocks(&card, 4095, 2, buf), -SDMMC_E_RANGE);
	assert_int_equal(sdmmc_read_blocks(&card, 4096, 1, buf), -SDMMC_E_RANGE);
	assert_int_equal(sdmmc_write_blocks(&card, UINT64_MAX, 1, buf), -SDMMC_E_RANGE);
	assert_int_equal(s->fake.ncmds, 0);
	assert_int_equal(sdmmc_read_blocks(&card, 4095, 1, buf), 0);
	sim_free(s);
}

static void long_transfer_split(void **state)
{
	uint64_t blocks = 70000;
	struct sim *s = sim_new(true, 71 * 1024);
	struct sdmmc_card card;
	uint8_t *buf = malloc(blocks * SDMMC_BLOCK_SIZE);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(sdmmc_sd_init(&card, &s->fake.host), 0);
	fill(buf, blocks * SDMMC_BLOCK_SIZE, 3);
	s->fake.ncmds = 0;
	assert_int_equal(sdmmc_write_blocks(&card, 10, (uint32_t)blocks, buf), 0);
	/* 65535 blocks, then the rest from where they ended. */
	assert_int_equal(s->fake.log[0], 25);
	assert_int_equal(s->fake.args[0], 10);
	assert_int_equal(s->fake.log[2], 25);
	assert_int_equal(s->fake.args[2], 10 + 65535);
	assert_memory_equal(s->disk + 10 * SDMMC_BLOCK_SIZE, buf, blocks * SDMMC_BLOCK_SIZE);
	free(buf);
	sim_free(s);
}

static void error_names(void **state)
{
	(void)state;
	for (int e = 0; e < SDMMC_E_MAX; e++)
		assert_string_not_equal(sdmmc_strerror(-e), "unknown SD/MMC error");
	assert_string_equal(sdmmc_strerror(-SDMMC_E_MAX), "unknown SD/MMC error");
	assert_string_equal(sdmmc_strerror(-SDMMC_E_NO_CARD), "no card");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_sdhc),
		cmocka_unit_test(init_sdsc),
		cmocka_unit_test(init_v1_card),
		cmocka_unit_test(no_card),
		cmocka_unit_test(card_never_ready),
		cmocka_unit_test(probe_finds_sd),
		cmocka_unit_test(round_trip_sdhc),
		cmocka_unit_test(round_trip_sdsc),
		cmocka_unit_test(transfer_error_retried),
		cmocka_unit_test(transfer_error_reported),
		cmocka_unit_test(card_status_error),
		cmocka_unit_test(range_refused_before_any_command),
		cmocka_unit_test(long_transfer_split),
		cmocka_unit_test(error_names),
	};

	return cmocka_run_group_tests_name("SD protocol layer", tests, NULL, NULL);
}
