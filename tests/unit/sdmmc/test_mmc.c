/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The eMMC protocol layer (drivers/sdmmc/mmc.c) against a simulated eMMC behind the fake host:
 * its own state machine (idle, ready, ident, stby, tran, prg), busy for a few CMD1 polls, an
 * EXT_CSD that CMD6 changes (and refuses to, on request) and three areas, the user area and two
 * boot partitions, each its own block array.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/sdmmc.h>
#include <format/byteorder.h>
#include "fake_host.h"

/* What the tests expect on the wire, written out from JESD84-B51 rather than taken from mmc.c. */
#define OCR_ARG_SECTOR_MODE	0x40ff8080u
#define ARG_RCA			(1u << 16)
#define SWITCH(index, value)	(0x03000000u | (index) << 16 | (value) << 8)

#define PARTITION_CONFIG	179
#define BUS_WIDTH		183
#define HS_TIMING		185
#define EXT_CSD_REV		192
#define DEVICE_TYPE		196
#define SEC_COUNT		212
#define BOOT_SIZE_MULT		226

#define ILLEGAL_COMMAND		(1u << 22)
#define OUT_OF_RANGE		(1u << 31)
#define SWITCH_ERROR		(1u << 7)
#define READY			(1u << 8)

#define BOOT_BLOCKS		512	/* BOOT_SIZE_MULT 2: 256 KiB */
#define USER_BLOCKS		16384	/* 8 MiB: a small device, but answering in sector mode */

enum state { IDLE, READY_STATE, IDENT, STBY, TRAN, PRG = 7 };	/* numbered as the card status does */

struct emmc {
	struct fake_host fake;		/* first: the card callback gets this pointer */
	enum state state;
	unsigned int busy_polls;	/* CMD1 answers busy this often first */
	bool sector_mode;		/* answers CMD1 in sector mode (a device over 2 GiB) */
	unsigned int spec_vers;		/* CSD SPEC_VERS */
	uint64_t csd_blocks;		/* the CSD's capacity (byte mode) */
	uint16_t rca;
	uint8_t ext_csd[512];
	uint8_t *area[3];		/* user, boot0, boot1 */
	uint64_t area_blocks[3];	/* backed blocks of each */
	int refuse_index;		/* CMD6 to this EXT_CSD byte ends in SWITCH_ERROR (-1: none) */
	bool switch_error;		/* SWITCH_ERROR for the next status (cleared by reading it) */
	unsigned int prg_polls;		/* after a CMD6 or a write, CMD13 finds it programming this often */
	unsigned int busy_left;
	bool cmd55_illegal;		/* CMD55 answered with ILLEGAL_COMMAND (else no answer) */
	bool keeps_partition;		/* CMD0 does not clear PARTITION_ACCESS (a device out of spec) */
};

static uint32_t status(enum state state)
{
	return (uint32_t)state << 9 | (state == TRAN ? READY : 0);
}

/* The bus width the device's EXT_CSD says, in bits. */
static unsigned int device_bus_width(const struct emmc *e)
{
	static const unsigned int bits[] = { 1, 4, 8 };

	assert_true(e->ext_csd[BUS_WIDTH] <= 2);
	return bits[e->ext_csd[BUS_WIDTH]];
}

static bool writable_value(const struct emmc *e, uint8_t index, uint8_t value)
{
	switch (index) {
	case BUS_WIDTH:
		return value <= 2;
	case HS_TIMING:
		/* High speed only where DEVICE_TYPE offers it. */
		return value == 0 || (value == 1 && (e->ext_csd[DEVICE_TYPE] & 2));
	case PARTITION_CONFIG:
		return (value & 7) == 0 || ((value & 7) <= 2 && e->ext_csd[BOOT_SIZE_MULT]);
	default:
		return false;
	}
}

static void do_switch(struct emmc *e, uint32_t arg)
{
	uint8_t access = (uint8_t)(arg >> 24), index = (uint8_t)(arg >> 16), value = (uint8_t)(arg >> 8);

	assert_int_equal(access, 3);	/* write byte: the one mode the layer uses */
	if (index == e->refuse_index || !writable_value(e, index, value))
		e->switch_error = true;
	else
		e->ext_csd[index] = value;
	e->busy_left = e->prg_polls;
}

static int data_command(struct emmc *e, struct sdmmc_command *cmd)
{
	struct sdmmc_data *d = cmd->data;
	unsigned int area = e->ext_csd[PARTITION_CONFIG] & 7;
	uint64_t lba = e->sector_mode ? cmd->arg : cmd->arg / 512;
	bool write = cmd->index >= 24;

	assert_non_null(d);
	assert_int_equal(d->write, write);
	assert_int_equal(d->block_size, 512);
	assert_int_equal(d->blocks > 1, cmd->index == 18 || cmd->index == 25);
	if (!e->sector_mode)
		assert_int_equal(cmd->arg % 512, 0);
	/* Host and device agree on the bus and, above 26 MHz, on high speed. */
	assert_int_equal(e->fake.bus_width, device_bus_width(e));
	if (e->fake.clock_hz > 26000000) {
		assert_int_equal(e->ext_csd[HS_TIMING], 1);
		assert_int_equal(e->fake.timing, SDMMC_TIMING_HS);
	}
	assert_true(area <= 2);
	if (lba + d->blocks > e->area_blocks[area]) {
		cmd->resp[0] = status(TRAN) | OUT_OF_RANGE;
		return 0;
	}
	if (write) {
		memcpy(e->area[area] + lba * 512, d->buf, (size_t)d->blocks * 512);
		e->busy_left = e->prg_polls;
	} else {
		memcpy(d->buf, e->area[area] + lba * 512, (size_t)d->blocks * 512);
	}
	cmd->resp[0] = status(TRAN);
	return 0;
}

static void make_cid(uint32_t cid[4])
{
	static const char name[] = "KEMMC1";

	set_bits128(cid, 120, 8, 0x15);		/* MID */
	set_bits128(cid, 112, 2, 1);		/* CBX: BGA */
	for (int i = 0; i < 6; i++)		/* PNM [103:56] */
		set_bits128(cid, 96 - 8 * i, 8, (uint8_t)name[i]);
}

static void make_csd(const struct emmc *e, uint32_t csd[4])
{
	uint64_t mult = 7, c_size = e->sector_mode ? 0xfff : e->csd_blocks / (1u << (mult + 2)) - 1;

	set_bits128(csd, 126, 2, 3);		/* CSD_STRUCTURE: see EXT_CSD */
	set_bits128(csd, 122, 4, e->spec_vers);
	set_bits128(csd, 80, 4, 9);		/* READ_BL_LEN: 512 */
	set_bits128(csd, 62, 12, c_size);
	set_bits128(csd, 47, 3, mult);
}

/* The device's answer to CMD in its current state; no answer (a timeout) to what the state does not take. */
static int emmc_card(struct fake_host *fake, struct sdmmc_command *cmd)
{
	struct emmc *e = (struct emmc *)fake;
	bool addressed = cmd->arg >> 16 == e->rca;

	switch (cmd->index) {
	case 0:
		e->state = IDLE;
		if (!e->keeps_partition)
			e->ext_csd[PARTITION_CONFIG] &= ~7u;
		e->ext_csd[BUS_WIDTH] = 0;
		e->ext_csd[HS_TIMING] = 0;
		return 0;
	case 1:
		if (e->state != IDLE && e->state != READY_STATE)
			return -SDMMC_E_TIMEOUT;
		assert_int_equal(cmd->response, SDMMC_RSP_R3);
		cmd->resp[0] = 0x00ff8080u;
		if (e->busy_polls) {
			e->busy_polls--;
			return 0;
		}
		cmd->resp[0] |= 1u << 31 | (e->sector_mode ? 2u << 29 : 0);
		e->state = READY_STATE;
		return 0;
	case 2:
		if (e->state != READY_STATE)
			return -SDMMC_E_TIMEOUT;
		make_cid(cmd->resp);
		e->state = IDENT;
		return 0;
	case 3:
		if (e->state != IDENT || cmd->arg >> 16 == 0)
			return -SDMMC_E_TIMEOUT;
		cmd->resp[0] = status(IDENT);
		e->rca = (uint16_t)(cmd->arg >> 16);
		e->state = STBY;
		return 0;
	case 9:
		if (e->state != STBY || !addressed)
			return -SDMMC_E_TIMEOUT;
		make_csd(e, cmd->resp);
		return 0;
	case 7:
		if (e->state != STBY || !addressed)
			return -SDMMC_E_TIMEOUT;
		assert_int_equal(cmd->response, SDMMC_RSP_R1B);
		cmd->resp[0] = status(STBY);
		e->state = TRAN;
		return 0;
	case 8:
		if (e->state != TRAN)
			return -SDMMC_E_TIMEOUT;
		assert_non_null(cmd->data);
		assert_int_equal(cmd->data->blocks, 1);
		assert_int_equal(cmd->data->block_size, 512);
		assert_false(cmd->data->write);
		memcpy(cmd->data->buf, e->ext_csd, 512);
		cmd->resp[0] = status(TRAN);
		return 0;
	case 6:
		if (e->state != TRAN)
			return -SDMMC_E_TIMEOUT;
		assert_int_equal(cmd->response, SDMMC_RSP_R1B);
		cmd->resp[0] = status(TRAN);
		do_switch(e, cmd->arg);
		return 0;
	case 13:
		if (e->state < STBY || !addressed)
			return -SDMMC_E_TIMEOUT;
		if (e->busy_left) {
			e->busy_left--;
			cmd->resp[0] = status(PRG);
		} else {
			cmd->resp[0] = status(e->state);
		}
		if (e->switch_error)
			cmd->resp[0] |= SWITCH_ERROR;
		e->switch_error = false;
		return 0;
	case 16:
		if (e->state != TRAN)
			return -SDMMC_E_TIMEOUT;
		assert_int_equal(cmd->arg, 512);
		cmd->resp[0] = status(TRAN);
		return 0;
	case 12:
		cmd->resp[0] = status(TRAN);
		return 0;
	case 17:
	case 18:
	case 24:
	case 25:
		if (e->state != TRAN)
			return -SDMMC_E_TIMEOUT;
		return data_command(e, cmd);
	case 55:
		if (!e->cmd55_illegal)
			return -SDMMC_E_TIMEOUT;
		cmd->resp[0] = status(e->state) | ILLEGAL_COMMAND;
		return 0;
	default:
		return -SDMMC_E_TIMEOUT;	/* CMD8 as SD's SEND_IF_COND in idle, CMD41 .. */
	}
}

/* Each test's device: sector mode, USER_BLOCKS in its user area, two boot partitions, high speed. */
static int emmc_setup(void **state)
{
	struct emmc *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	fake_host_init(&e->fake, emmc_card);
	e->fake.host.max_hz = 200000000;
	e->fake.host.bus_8bit = true;
	e->fake.host.high_speed = true;
	e->busy_polls = 3;
	e->sector_mode = true;
	e->spec_vers = 4;
	e->refuse_index = -1;
	e->prg_polls = 1;
	e->ext_csd[EXT_CSD_REV] = 8;				/* 5.1 */
	e->ext_csd[DEVICE_TYPE] = 0x03;				/* high speed at 26 and 52 MHz */
	e->ext_csd[BOOT_SIZE_MULT] = BOOT_BLOCKS / 256;
	e->ext_csd[PARTITION_CONFIG] = 0x48;			/* BOOT_ACK, boot from boot0 */
	put_le32(e->ext_csd + SEC_COUNT, USER_BLOCKS);
	e->area_blocks[0] = USER_BLOCKS;
	e->area_blocks[1] = e->area_blocks[2] = BOOT_BLOCKS;
	for (int i = 0; i < 3; i++) {
		e->area[i] = calloc(e->area_blocks[i], 512);
		assert_non_null(e->area[i]);
	}
	*state = e;
	return 0;
}

static int emmc_teardown(void **state)
{
	struct emmc *e = *state;

	for (int i = 0; i < 3; i++)
		free(e->area[i]);
	free(e);
	return 0;
}

static void init_sequence(void **state)
{
	static const uint8_t expected[] = { 0, 1, 1, 1, 1, 2, 3, 9, 7, 8, 6, 13, 13, 6, 13, 13 };
	struct emmc *e = *state;
	struct sdmmc_card card;
	char name[SDMMC_CARD_NAME_SIZE];

	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(e->fake.ncmds, sizeof(expected));
	assert_memory_equal(e->fake.log, expected, sizeof(expected));
	for (int i = 1; i <= 4; i++)
		assert_int_equal(e->fake.args[i], OCR_ARG_SECTOR_MODE);
	for (int i = 6; i <= 8; i++)
		assert_int_equal(e->fake.args[i], ARG_RCA);	/* CMD3 gives it, CMD9 and CMD7 use it */
	assert_int_equal(e->fake.args[9], 0);
	assert_int_equal(e->fake.args[10], SWITCH(BUS_WIDTH, 2));	/* 8 bits */
	assert_int_equal(e->fake.args[11], ARG_RCA);
	assert_int_equal(e->fake.args[13], SWITCH(HS_TIMING, 1));
	assert_int_equal(card.type, SDMMC_CARD_EMMC);
	assert_int_equal(card.rca, 1);
	assert_true(card.high_capacity);
	assert_int_equal(card.blocks, USER_BLOCKS);
	assert_int_equal(card.boot_blocks, BOOT_BLOCKS);
	assert_int_equal(card.partition, SDMMC_PART_USER);
	assert_int_equal(card.bus_width, 8);
	assert_int_equal(e->fake.bus_width, 8);
	assert_int_equal(e->ext_csd[BUS_WIDTH], 2);
	assert_int_equal(e->ext_csd[HS_TIMING], 1);
	assert_int_equal(e->fake.timing, SDMMC_TIMING_HS);
	assert_int_equal(card.clock_hz, 52000000);
	assert_int_equal(e->fake.clock_hz, 52000000);
	sdmmc_card_name(&card, name);
	assert_string_equal(name, "KEMMC1");
	assert_int_equal(e->state, TRAN);
}

static void capacity_from_sec_count(void **state)
{
	uint32_t sectors = 15269888;	/* 7456 MiB: only the first blocks are backed */
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t buf[512];

	put_le32(e->ext_csd + SEC_COUNT, sectors);
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(card.blocks, sectors);	/* not the CSD's, whose C_SIZE says 0xfff */
	e->fake.ncmds = 0;
	assert_int_equal(sdmmc_read_blocks(&card, 1000, 1, buf), 0);
	assert_int_equal(e->fake.log[0], 17);
	assert_int_equal(e->fake.args[0], 1000);	/* sector mode: a block address */
	assert_int_equal(sdmmc_read_blocks(&card, sectors, 1, buf), -SDMMC_E_RANGE);
}

static void byte_mode_capacity_from_csd(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t out[2 * 512], in[2 * 512];

	e->sector_mode = false;
	e->csd_blocks = USER_BLOCKS;
	put_le32(e->ext_csd + SEC_COUNT, 0);	/* not valid on a byte-mode device */
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_false(card.high_capacity);
	assert_int_equal(card.blocks, USER_BLOCKS);
	/* The block length set to 512 once selected and EXT_CSD read. */
	assert_int_equal(e->fake.log[10], 16);
	assert_int_equal(e->fake.args[10], 512);
	fill(out, sizeof(out), 4);
	e->fake.ncmds = 0;
	assert_int_equal(sdmmc_write_blocks(&card, 5, 2, out), 0);
	assert_int_equal(e->fake.log[0], 25);
	assert_int_equal(e->fake.args[0], 5 * 512);
	assert_int_equal(sdmmc_read_blocks(&card, 5, 2, in), 0);
	assert_memory_equal(in, out, sizeof(out));
	assert_memory_equal(e->area[0] + 5 * 512, out, sizeof(out));
}

static void bus_4bit_without_8bit_host(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->fake.host.bus_8bit = false;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(e->fake.args[10], SWITCH(BUS_WIDTH, 1));
	assert_int_equal(card.bus_width, 4);
	assert_int_equal(e->fake.bus_width, 4);
	assert_int_equal(e->ext_csd[BUS_WIDTH], 1);
}

static void bus_1bit_host(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t buf[512];

	e->fake.host.bus_8bit = false;
	e->fake.host.bus_4bit = false;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(fake_host_count(&e->fake, 0, 6), 1);	/* HS_TIMING alone */
	assert_int_equal(e->fake.args[10], SWITCH(HS_TIMING, 1));
	assert_int_equal(card.bus_width, 1);
	assert_int_equal(e->fake.bus_width, 1);
	assert_int_equal(sdmmc_read_blocks(&card, 0, 1, buf), 0);
}

/* Legacy timing at up to 26 MHz, and no CMD6 to HS_TIMING. */
static void assert_legacy_timing(struct emmc *e, const struct sdmmc_card *card, uint32_t hz)
{
	for (unsigned int i = 0; i < e->fake.ncmds; i++)
		if (e->fake.log[i] == 6)
			assert_int_not_equal(e->fake.args[i] >> 16 & 0xff, HS_TIMING);
	assert_int_equal(e->ext_csd[HS_TIMING], 0);
	assert_int_equal(e->fake.timing, SDMMC_TIMING_LEGACY);
	assert_int_equal(card->clock_hz, hz);
	assert_int_equal(e->fake.clock_hz, hz);
}

static void no_high_speed_unless_device_type(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t buf[512];

	e->ext_csd[DEVICE_TYPE] = 0x01;		/* high speed at 26 MHz only: nothing gained */
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_legacy_timing(e, &card, 26000000);
	assert_int_equal(card.bus_width, 8);
	assert_int_equal(sdmmc_read_blocks(&card, 0, 1, buf), 0);
}

static void no_high_speed_unless_host(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->fake.host.high_speed = false;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_legacy_timing(e, &card, 26000000);
}

/* A host whose clock stops at 25 MHz has no use for high speed either. */
static void no_high_speed_on_slow_clock(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->fake.host.max_hz = 25000000;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_legacy_timing(e, &card, 25000000);
}

static void user_area_round_trip(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t *out = malloc(100 * 512), *in = malloc(100 * 512);

	assert_non_null(out);
	assert_non_null(in);
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	fill(out, 100 * 512, 5);
	e->fake.ncmds = 0;
	assert_int_equal(sdmmc_write_blocks(&card, 3000, 100, out), 0);
	assert_int_equal(e->fake.log[0], 25);
	assert_int_equal(e->fake.args[0], 3000);
	assert_int_equal(e->fake.log[1], 13);	/* programming */
	assert_int_equal(e->fake.log[2], 13);	/* back in tran */
	assert_memory_equal(e->area[0] + 3000 * 512, out, 100 * 512);
	assert_int_equal(sdmmc_read_blocks(&card, 3000, 100, in), 0);
	assert_memory_equal(in, out, 100 * 512);
	free(out);
	free(in);
}

static bool all_zero(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return false;
	return true;
}

static void boot_partitions(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t out0[4 * 512], out1[4 * 512], in[4 * 512];
	unsigned int n;

	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	fill(out0, sizeof(out0), 6);
	fill(out1, sizeof(out1), 7);

	n = e->fake.ncmds;
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT0), 0);
	/* PARTITION_ACCESS 1, the boot enable and ack bits (0x48) kept. */
	assert_int_equal(e->fake.log[n], 6);
	assert_int_equal(e->fake.args[n], SWITCH(PARTITION_CONFIG, 0x49));
	assert_int_equal(e->ext_csd[PARTITION_CONFIG], 0x49);
	assert_int_equal(card.partition_config, 0x49);
	assert_int_equal(card.partition, SDMMC_PART_BOOT0);
	assert_int_equal(sdmmc_partition_blocks(&card), BOOT_BLOCKS);
	assert_int_equal(sdmmc_write_blocks(&card, 10, 4, out0), 0);
	assert_memory_equal(e->area[1] + 10 * 512, out0, sizeof(out0));
	assert_true(all_zero(e->area[0], USER_BLOCKS * 512));
	assert_true(all_zero(e->area[2], BOOT_BLOCKS * 512));

	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT1), 0);
	assert_int_equal(e->ext_csd[PARTITION_CONFIG], 0x4a);
	assert_int_equal(sdmmc_write_blocks(&card, 10, 4, out1), 0);
	assert_memory_equal(e->area[2] + 10 * 512, out1, sizeof(out1));
	assert_memory_equal(e->area[1] + 10 * 512, out0, sizeof(out0));

	/* Selecting the selected partition again sends nothing. */
	n = e->fake.ncmds;
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT1), 0);
	assert_int_equal(e->fake.ncmds, n);

	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_USER), 0);
	assert_int_equal(e->fake.args[n], SWITCH(PARTITION_CONFIG, 0x48));
	assert_int_equal(card.partition, SDMMC_PART_USER);
	assert_int_equal(sdmmc_partition_blocks(&card), USER_BLOCKS);
	assert_int_equal(sdmmc_read_blocks(&card, 10, 4, in), 0);
	assert_true(all_zero(in, sizeof(in)));
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT0), 0);
	assert_int_equal(sdmmc_read_blocks(&card, 10, 4, in), 0);
	assert_memory_equal(in, out0, sizeof(in));
}

static void partition_range(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t buf[2 * 512];

	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(sdmmc_read_blocks(&card, 1000, 1, buf), 0);
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT0), 0);
	e->fake.ncmds = 0;
	/* Past boot0's end, though well inside the user area: refused before any command. */
	assert_int_equal(sdmmc_read_blocks(&card, 1000, 1, buf), -SDMMC_E_RANGE);
	assert_int_equal(sdmmc_read_blocks(&card, BOOT_BLOCKS - 1, 2, buf), -SDMMC_E_RANGE);
	assert_int_equal(sdmmc_write_blocks(&card, BOOT_BLOCKS, 1, buf), -SDMMC_E_RANGE);
	assert_int_equal(e->fake.ncmds, 0);
	assert_int_equal(sdmmc_read_blocks(&card, BOOT_BLOCKS - 1, 1, buf), 0);
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_USER), 0);
	assert_int_equal(sdmmc_read_blocks(&card, 1000, 1, buf), 0);
	assert_int_equal(sdmmc_read_blocks(&card, USER_BLOCKS - 1, 2, buf), -SDMMC_E_RANGE);
}

static void switch_error_on_partition(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	uint8_t out[512];

	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	e->refuse_index = PARTITION_CONFIG;
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT0), -SDMMC_E_CARD);
	/* Still on the user area, and writes land there. */
	assert_int_equal(card.partition, SDMMC_PART_USER);
	assert_int_equal(card.partition_config, 0x48);
	assert_int_equal(e->ext_csd[PARTITION_CONFIG], 0x48);
	fill(out, sizeof(out), 8);
	assert_int_equal(sdmmc_write_blocks(&card, 0, 1, out), 0);
	assert_memory_equal(e->area[0], out, sizeof(out));
	assert_true(all_zero(e->area[1], BOOT_BLOCKS * 512));
}

static void switch_error_on_bus_width(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->refuse_index = BUS_WIDTH;
	e->prg_polls = 0;	/* the error in the first status after the switch */
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_CARD);
	assert_int_equal(e->fake.log[e->fake.ncmds - 1], 13);
	assert_int_equal(e->fake.bus_width, 1);	/* the host left as the device is */
}

static void switch_error_on_high_speed(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->refuse_index = HS_TIMING;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_CARD);
	assert_true(e->fake.clock_hz <= 26000000);
}

static void never_ready(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;
	unsigned int polls;

	e->busy_polls = 1000000;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_TIMEOUT);
	assert_string_equal(sdmmc_strerror(-SDMMC_E_TIMEOUT), "timed out");
	/* CMD1 polled a bounded number of times, and nothing after. */
	polls = fake_host_count(&e->fake, 0, 1);
	assert_int_equal(polls, e->fake.ncmds - 1);
	assert_true(polls >= 4000 && polls < 1000000);	/* JESD84 gives a second: 4000 polls at 400 kHz */
	assert_int_equal(e->busy_polls, 1000000 - polls);
}

/* Whatever is in the slot answers nothing (as an SD card does not answer CMD1). */
static int silent_card(struct fake_host *fake, struct sdmmc_command *cmd)
{
	(void)fake;
	return cmd->index == 0 ? 0 : -SDMMC_E_TIMEOUT;
}

static void no_answer_to_cmd1(void **state)
{
	static const uint8_t expected[] = { 0, 1 };
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->fake.card = silent_card;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_NO_CARD);
	assert_int_equal(e->fake.ncmds, sizeof(expected));
	assert_memory_equal(e->fake.log, expected, sizeof(expected));
	/* With no card in the slot, not a command. */
	e->fake.ncmds = 0;
	e->fake.present = false;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_NO_CARD);
	assert_int_equal(e->fake.ncmds, 0);
}

static void old_device_unsupported(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->spec_vers = 3;	/* MMC 3.x: no EXT_CSD, no CMD6 */
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), -SDMMC_E_UNSUPPORTED);
	assert_int_equal(e->fake.log[e->fake.ncmds - 1], 9);
}

static void no_boot_partitions(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card, sd = { .type = SDMMC_CARD_SD, .blocks = 100 };
	unsigned int n;

	e->ext_csd[BOOT_SIZE_MULT] = 0;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(card.boot_blocks, 0);
	n = e->fake.ncmds;
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_BOOT0), -SDMMC_E_UNSUPPORTED);
	assert_int_equal(sdmmc_select_partition(&card, (enum sdmmc_partition)3), -SDMMC_E_UNSUPPORTED);
	assert_int_equal(sdmmc_select_partition(&card, SDMMC_PART_USER), 0);
	assert_int_equal(e->fake.ncmds, n);
	/* An SD card has the user area alone. */
	assert_int_equal(sdmmc_select_partition(&sd, SDMMC_PART_BOOT1), -SDMMC_E_UNSUPPORTED);
	assert_int_equal(sdmmc_select_partition(&sd, SDMMC_PART_USER), 0);
	assert_int_equal(sdmmc_partition_blocks(&sd), 100);
}

static void partition_access_left_set(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->keeps_partition = true;
	e->ext_csd[PARTITION_CONFIG] = 0x49;
	assert_int_equal(sdmmc_mmc_init(&card, &e->fake.host), 0);
	assert_int_equal(e->fake.log[10], 6);
	assert_int_equal(e->fake.args[10], SWITCH(PARTITION_CONFIG, 0x48));
	assert_int_equal(e->ext_csd[PARTITION_CONFIG], 0x48);
	assert_int_equal(card.partition, SDMMC_PART_USER);
}

/* sdmmc_card_init: the SD attempt (CMD0, CMD8, CMD55) finds no SD card, then the eMMC is brought up. */
static void probe_falls_back(struct emmc *e, bool cmd55_illegal)
{
	static const uint8_t sd_attempt[] = { 0, 8, 55, 0, 1 };
	struct sdmmc_card card;

	e->cmd55_illegal = cmd55_illegal;
	assert_int_equal(sdmmc_card_init(&card, &e->fake.host), 0);
	assert_memory_equal(e->fake.log, sd_attempt, sizeof(sd_attempt));
	assert_int_equal(card.type, SDMMC_CARD_EMMC);
	assert_int_equal(card.blocks, USER_BLOCKS);
	assert_int_equal(card.bus_width, 8);
}

static void probe_no_answer_to_cmd55(void **state)
{
	probe_falls_back(*state, false);
}

static void probe_cmd55_illegal(void **state)
{
	probe_falls_back(*state, true);
}

static void probe_no_card(void **state)
{
	struct emmc *e = *state;
	struct sdmmc_card card;

	e->fake.present = false;
	assert_int_equal(sdmmc_card_init(&card, &e->fake.host), -SDMMC_E_NO_CARD);
	assert_int_equal(e->fake.ncmds, 0);
}

/* A test on a fresh device (emmc_setup's), freed after. */
#define EMMC_TEST(test)	cmocka_unit_test_setup_teardown(test, emmc_setup, emmc_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		EMMC_TEST(init_sequence),
		EMMC_TEST(capacity_from_sec_count),
		EMMC_TEST(byte_mode_capacity_from_csd),
		EMMC_TEST(bus_4bit_without_8bit_host),
		EMMC_TEST(bus_1bit_host),
		EMMC_TEST(no_high_speed_unless_device_type),
		EMMC_TEST(no_high_speed_unless_host),
		EMMC_TEST(no_high_speed_on_slow_clock),
		EMMC_TEST(user_area_round_trip),
		EMMC_TEST(boot_partitions),
		EMMC_TEST(partition_range),
		EMMC_TEST(switch_error_on_partition),
		EMMC_TEST(switch_error_on_bus_width),
		EMMC_TEST(switch_error_on_high_speed),
		EMMC_TEST(never_ready),
		EMMC_TEST(no_answer_to_cmd1),
		EMMC_TEST(old_device_unsupported),
		EMMC_TEST(no_boot_partitions),
		EMMC_TEST(partition_access_left_set),
		EMMC_TEST(probe_no_answer_to_cmd55),
		EMMC_TEST(probe_cmd55_illegal),
		EMMC_TEST(probe_no_card),
	};

	return cmocka_run_group_tests_name("eMMC protocol layer", tests, NULL, NULL);
}
