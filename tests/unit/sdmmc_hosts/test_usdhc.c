/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The uSDHC driver (drivers/sdmmc/usdhc.c) under the real protocol layer (sdmmc.c), against the
 * simulated controller (usdhc_model.c) with a simulated SD card behind it: the set-up after a
 * bootloader, the clock divider from the root clock, bus width, MIX_CTRL for single and
 * multi-block transfers with auto CMD12, data read and written equal, resets on error recovery.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/usdhc.h>
#include "usdhc_model.h"

#define ROOT_400MHZ	400000000u
#define SYS_CTRL	0x2c
#define PROT_CTRL	0x28
#define INT_SIGNAL_EN	0x38
#define MIX_CTRL	0x48
#define WTMK_LVL	0x44
#define VEND_SPEC	0xc0
#define MMC_BOOT	0xc4
#define AUTOCMD12_ERR	0x3c
#define XFR_ABORT	(3u << 22)

static uint64_t now;

/* Time moves on each time the driver looks, so every poll ends. */
static uint64_t ticks(void)
{
	return ++now;
}

struct rig {
	struct sim_card *card;
	struct usdhc_model *model;
	struct usdhc_config config;
	struct usdhc usdhc;
	struct sdmmc_card sd;
};

static struct rig *rig_new(uint32_t root_hz, uint8_t bus_width, bool high_capacity, uint64_t blocks)
{
	struct rig *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	g->card = sim_card_new(high_capacity, blocks);
	g->model = usdhc_model_new(g->card);
	g->config = (struct usdhc_config){ .regs = g->model->reg, .root_clock_hz = root_hz, .ticks = ticks,
					   .ticks_per_ms = 10, .timeout_ms = 100, .bus_width = bus_width };
	return g;
}

/* A rig with the card up: 400 MHz root, 8 lines wired (an eMMC's wiring, an SD card in it). */
static struct rig *rig_up(bool high_capacity, uint64_t blocks)
{
	struct rig *g = rig_new(ROOT_400MHZ, 8, high_capacity, blocks);

	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->usdhc.host), 0);
	return g;
}

static void rig_free(struct rig *g)
{
	usdhc_model_free(g->model);
	sim_card_free(g->card);
	free(g);
}

static uint32_t prescaler_field(const struct rig *g)
{
	return usdhc_model_reg(g->model, SYS_CTRL) >> 8 & 0xff;
}

static uint32_t divisor_field(const struct rig *g)
{
	return usdhc_model_reg(g->model, SYS_CTRL) >> 4 & 0xf;
}

static void fill(uint8_t *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 13 + seed * 101 + (i >> 9));
}

/* What a bootloader leaves (boot mode, DDR and tuning, an 8-bit big-endian bus) is undone. */
static void init_undoes_bootloader_state(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 8, true, 4096);

	(void)state;
	usdhc_model_set(g->model, MIX_CTRL, 0x03c00008);	/* tuning and DDR_EN */
	usdhc_model_set(g->model, MMC_BOOT, 0x00000040);	/* BOOT_EN */
	usdhc_model_set(g->model, AUTOCMD12_ERR, 3u << 22);	/* EXE_TUNE, SMPCLK_SEL */
	usdhc_model_set(g->model, PROT_CTRL, 0x08800004);	/* 8-bit, big-endian */
	usdhc_model_set(g->model, VEND_SPEC, 0x20007909);	/* FRC_SDCLK_ON */
	usdhc_model_set(g->model, INT_SIGNAL_EN, 0xffffffff);
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(g->model->resets_all, 1);
	assert_int_equal(usdhc_model_reg(g->model, MIX_CTRL), 0);
	assert_int_equal(usdhc_model_reg(g->model, MMC_BOOT), 0);
	assert_int_equal(usdhc_model_reg(g->model, AUTOCMD12_ERR) & (3u << 22), 0);
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) & 0x336, 0x20);	/* 1-bit, little-endian, no DMA */
	assert_int_equal(usdhc_model_reg(g->model, INT_SIGNAL_EN), 0);		/* polled */
	assert_int_equal(usdhc_model_reg(g->model, VEND_SPEC) & (1u << 8), 0);
	assert_int_equal(usdhc_model_reg(g->model, VEND_SPEC) & (1u << 14), 1u << 14);	/* card clock on */
	assert_int_equal(usdhc_model_reg(g->model, SYS_CTRL) >> 16 & 0xf, 0xe);		/* data timeout */
	/* The 80 power-up clocks, asked for once the clock runs. */
	assert_int_equal(g->model->init_clocks, 1);
	assert_true(g->model->clock_on_at_init_clocks);
	rig_free(g);
}

/* 400 kHz from 400 MHz: /64 /16 = 390.625 kHz, the fastest not above it. */
static void init_clock_400khz(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 4, true, 4096);

	(void)state;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(prescaler_field(g), 0x20);	/* SDCLKFS: 64 */
	assert_int_equal(divisor_field(g), 15);		/* DVS: 16 */
	assert_int_equal(g->usdhc.clock_hz, 390625);
	assert_int_equal(g->usdhc.host.max_hz, 52000000);
	rig_free(g);
}

/* Card clocks for several root clocks: the register fields and what they give. */
static void clock_divider_table(void **state)
{
	static const struct {
		uint32_t root, hz, prescaler_field, divisor_field, got;
	} cases[] = {
		{ 400000000, 25000000, 0x00, 15, 25000000 },
		{ 400000000, 50000000, 0x00, 7, 50000000 },
		{ 400000000, 400000, 0x20, 15, 390625 },
		{ 200000000, 25000000, 0x00, 7, 25000000 },
		{ 200000000, 400000, 0x10, 15, 390625 },
		{ 200000000, 52000000, 0x00, 3, 50000000 },
		{ 100000000, 400000, 0x08, 15, 390625 },
		{ 400000000, 400000000, 0x00, 0, 400000000 },
		{ 400000000, 1000, 0x80, 15, 97656 },		/* below the slowest: the slowest */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct rig *g = rig_new(cases[i].root, 4, true, 4096);

		assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
		assert_int_equal(g->usdhc.host.ops->set_clock(&g->usdhc.host, cases[i].hz), 0);
		assert_int_equal(prescaler_field(g), cases[i].prescaler_field);
		assert_int_equal(divisor_field(g), cases[i].divisor_field);
		assert_int_equal(g->usdhc.clock_hz, cases[i].got);
		assert_true(usdhc_model_reg(g->model, VEND_SPEC) & (1u << 14));
		/* Clock off: the card clock gated, nothing else needed. */
		assert_int_equal(g->usdhc.host.ops->set_clock(&g->usdhc.host, 0), 0);
		assert_false(usdhc_model_reg(g->model, VEND_SPEC) & (1u << 14));
		rig_free(g);
	}
}

/* The protocol layer brings the card up through the uSDHC: 4-bit bus, 25 MHz from 400 MHz. */
static void sd_card_up(void **state)
{
	static const uint8_t expected[] = { 0, 8, 55, 141, 55, 141, 55, 141, 2, 3, 9, 7, 55, 106 };
	struct rig *g = rig_up(true, 64 * 1024);
	char name[SDMMC_CARD_NAME_SIZE];

	(void)state;
	assert_int_equal(g->card->ncmds, sizeof(expected));
	assert_memory_equal(g->card->log, expected, sizeof(expected));
	assert_int_equal(g->sd.rca, SIM_CARD_RCA);
	assert_true(g->sd.high_capacity);
	assert_int_equal(g->sd.blocks, 64 * 1024);
	assert_int_equal(g->sd.bus_width, 4);
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) >> 1 & 3, 1);	/* DTW: 4-bit */
	assert_int_equal(g->sd.clock_hz, 25000000);
	assert_int_equal(prescaler_field(g), 0);
	assert_int_equal(divisor_field(g), 15);
	sdmmc_card_name(&g->sd, name);
	assert_string_equal(name, "EB1QT");
	/* R2 and R1b went out with the right response types and checks. */
	assert_int_equal(g->model->xfr[8] & 0x3b0000, 0x090000);	/* CMD2: 136 bits, CRC */
	assert_int_equal(g->model->xfr[11] & 0x3b0000, 0x1b0000);	/* CMD7: 48 busy, CRC, index */
	assert_int_equal(g->model->xfr[3] & 0x3b0000, 0x020000);	/* ACMD41: 48, no checks */
	rig_free(g);
}

/* One data line wired: the card stays on one. */
static void one_line_wired(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 1, false, 8192);

	(void)state;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->usdhc.host), 0);
	assert_int_equal(g->sd.bus_width, 1);
	assert_int_equal(sim_card_count(g->card, 106), 0);	/* no ACMD6 */
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) >> 1 & 3, 0);
	rig_free(g);
}

static void bus_width_bits(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 8, true, 4096);
	struct sdmmc_host *host = &g->usdhc.host;

	(void)state;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(host->ops->set_bus_width(host, 8), 0);
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) >> 1 & 3, 2);
	assert_int_equal(host->ops->set_bus_width(host, 4), 0);
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) >> 1 & 3, 1);
	assert_int_equal(host->ops->set_bus_width(host, 1), 0);
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) >> 1 & 3, 0);
	assert_int_equal(host->ops->set_bus_width(host, 2), -SDMMC_E_UNSUPPORTED);
	/* The endian mode is left alone. */
	assert_int_equal(usdhc_model_reg(g->model, PROT_CTRL) & 0x30, 0x20);
	g->config.bus_width = 4;
	assert_int_equal(host->ops->set_bus_width(host, 8), -SDMMC_E_UNSUPPORTED);
	rig_free(g);
}

/* Multi-block write and read: MIX_CTRL, BLK_ATT and the watermark, auto CMD12, equal data. */
static void multi_block_round_trip(void **state)
{
	struct rig *g = rig_up(true, 64 * 1024);
	size_t len = 300 * SIM_CARD_BLOCK;
	uint8_t *out = malloc(len), *in = calloc(1, len);
	unsigned int n;

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	fill(out, len, 1);
	assert_int_equal(sdmmc_write_blocks(&g->sd, 1000, 300, out), 0);
	n = g->model->nxfr;
	assert_memory_equal(g->card->disk + 1000 * SIM_CARD_BLOCK, out, len);
	assert_int_equal(usdhc_model_last_data_command(g->model), 25);
	assert_int_equal(usdhc_model_reg(g->model, WTMK_LVL) & 0x00ff00ff, 128u << 16 | 128u);
	/* CMD25: block count, multi, auto CMD12, write. */
	for (unsigned int i = 0; i < n; i++)
		if ((g->model->xfr[i] >> 24) == 25) {
			assert_int_equal(g->model->mix[i] & 0x37, 0x26);
			assert_int_equal(g->model->blk_att[i], 300u << 16 | 512);
			assert_int_equal(g->model->xfr[i] & (1u << 21), 1u << 21);
		}
	assert_int_equal(sim_card_count(g->card, 12), 1);	/* the auto CMD12, by the controller */
	assert_int_equal(sdmmc_read_blocks(&g->sd, 1000, 300, in), 0);
	assert_memory_equal(in, out, len);
	assert_int_equal(g->model->mix[g->model->nxfr - 1] & 0x37, 0x36);	/* + read */
	assert_int_equal(sim_card_count(g->card, 12), 2);
	assert_int_equal(g->sd.retries, 0);
	free(out);
	free(in);
	rig_free(g);
}

/* A single block: no multi, no auto CMD12; byte addresses on an SDSC card. */
static void single_block_round_trip(void **state)
{
	struct rig *g = rig_up(false, 8192);
	uint8_t out[SIM_CARD_BLOCK], in[SIM_CARD_BLOCK];

	(void)state;
	fill(out, sizeof(out), 2);
	assert_int_equal(sdmmc_write_blocks(&g->sd, 77, 1, out), 0);
	assert_int_equal(g->model->mix[g->model->nxfr - 2] & 0x37, 0x02);	/* CMD24, then CMD13 */
	assert_memory_equal(g->card->disk + 77 * SIM_CARD_BLOCK, out, sizeof(out));
	assert_int_equal(sdmmc_read_blocks(&g->sd, 77, 1, in), 0);
	assert_int_equal(g->model->mix[g->model->nxfr - 1] & 0x37, 0x12);
	assert_int_equal(g->card->args[g->card->ncmds - 1], 77 * SIM_CARD_BLOCK);
	assert_memory_equal(in, out, sizeof(out));
	assert_int_equal(sim_card_count(g->card, 12), 0);
	rig_free(g);
}

/* A data CRC error half-way: the lines reset, CMD12 sent as an abort, the transfer tried again. */
static void data_error_recovered(void **state)
{
	struct rig *g = rig_up(true, 64 * 1024);
	size_t len = 16 * SIM_CARD_BLOCK;
	uint8_t *in = calloc(1, len);

	(void)state;
	assert_non_null(in);
	fill(g->card->disk + 500 * SIM_CARD_BLOCK, len, 3);
	g->model->fail_transfers = 1;
	assert_int_equal(sdmmc_read_blocks(&g->sd, 500, 16, in), 0);
	assert_memory_equal(in, g->card->disk + 500 * SIM_CARD_BLOCK, len);
	assert_int_equal(g->sd.retries, 1);
	assert_int_equal(g->model->resets_cmd, 1);
	assert_int_equal(g->model->resets_dat, 1);
	/* The protocol layer's CMD12 after the failure: an abort command. */
	for (unsigned int i = 0; i < g->model->nxfr; i++)
		if ((g->model->xfr[i] >> 24) == 12)
			assert_int_equal(g->model->xfr[i] & XFR_ABORT, XFR_ABORT);
	free(in);
	rig_free(g);
}

/* Errors every time: reported after the retries, each followed by the resets. */
static void data_error_reported(void **state)
{
	struct rig *g = rig_up(true, 64 * 1024);
	uint8_t in[4 * SIM_CARD_BLOCK];

	(void)state;
	g->model->fail_transfers = 100;
	assert_int_equal(sdmmc_read_blocks(&g->sd, 0, 4, in), -SDMMC_E_CRC);
	assert_int_equal(g->model->resets_cmd, 4);
	assert_int_equal(g->model->resets_dat, 4);
	rig_free(g);
}

/* An auto CMD12 that times out is a timeout of the transfer, retried. */
static void auto_cmd12_error(void **state)
{
	struct rig *g = rig_up(true, 64 * 1024);
	uint8_t out[8 * SIM_CARD_BLOCK];
	struct sdmmc_data data = { .buf = out, .block_size = SIM_CARD_BLOCK, .blocks = 8, .write = true,
				   .auto_stop = true };
	struct sdmmc_command cmd = { .index = 25, .arg = 64, .response = SDMMC_RSP_R1, .data = &data };

	(void)state;
	fill(out, sizeof(out), 4);
	g->model->fail_auto_cmd12 = 1;
	assert_int_equal(g->usdhc.host.ops->send_command(&g->usdhc.host, &cmd), -SDMMC_E_TIMEOUT);
	g->usdhc.host.ops->recover(&g->usdhc.host);
	g->model->fail_auto_cmd12 = 1;
	assert_int_equal(sdmmc_write_blocks(&g->sd, 64, 8, out), 0);
	assert_int_equal(g->sd.retries, 1);
	assert_memory_equal(g->card->disk + 64 * SIM_CARD_BLOCK, out, sizeof(out));
	rig_free(g);
}

/* R1b: the command waits for DAT0 to go high; a card busy for ever times out. */
static void busy_waited_for(void **state)
{
	struct rig *g = rig_up(true, 4096);
	struct sdmmc_command cmd = { .index = 7, .arg = (uint32_t)SIM_CARD_RCA << 16, .response = SDMMC_RSP_R1B };

	(void)state;
	g->model->busy_reads = 20;
	assert_int_equal(g->usdhc.host.ops->send_command(&g->usdhc.host, &cmd), 0);
	assert_int_equal(g->model->busy_left, 0);
	g->model->busy_forever = true;
	assert_int_equal(g->usdhc.host.ops->send_command(&g->usdhc.host, &cmd), -SDMMC_E_TIMEOUT);
	rig_free(g);
}

/* No card in a slot with card detect; none answering on a soldered-on one. */
static void no_card(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 4, true, 4096);
	uint32_t commands;

	(void)state;
	g->card->present = false;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->usdhc.host), -SDMMC_E_NO_CARD);
	assert_int_equal(g->card->ncmds, 0);
	rig_free(g);

	g = rig_new(ROOT_400MHZ, 8, true, 4096);
	g->config.non_removable = true;
	g->card->answers = false;
	usdhc_model_set(g->model, 0x24, 0);
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->usdhc.host), -SDMMC_E_NO_CARD);
	commands = g->card->ncmds;
	assert_true(commands > 0);	/* it was asked, card detect or not */
	assert_true(g->model->resets_cmd > 0);
	rig_free(g);
}

/* A controller that never finishes its reset, or whose clock never settles, times out. */
static void stuck_controller(void **state)
{
	struct rig *g = rig_new(ROOT_400MHZ, 4, true, 4096);

	(void)state;
	g->model->reset_stuck = true;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), -SDMMC_E_TIMEOUT);
	rig_free(g);
	g = rig_new(ROOT_400MHZ, 4, true, 4096);
	g->model->clock_never_stable = true;
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), -SDMMC_E_TIMEOUT);
	rig_free(g);
	/* A board without a root clock or with an impossible wiring is refused before any access. */
	g = rig_new(0, 4, true, 4096);
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), -SDMMC_E_UNSUPPORTED);
	assert_int_equal(g->model->resets_all, 0);
	rig_free(g);
	g = rig_new(ROOT_400MHZ, 3, true, 4096);
	assert_int_equal(usdhc_init(&g->usdhc, &g->config), -SDMMC_E_UNSUPPORTED);
	rig_free(g);
}

/* Block sizes the buffer cannot take by watermark are refused before the command. */
static void odd_block_size_refused(void **state)
{
	struct rig *g = rig_up(true, 4096);
	uint8_t buf[1536];
	struct sdmmc_data data = { .buf = buf, .block_size = 768, .blocks = 2 };
	struct sdmmc_command cmd = { .index = 18, .response = SDMMC_RSP_R1, .data = &data };
	unsigned int before = g->model->nxfr;

	(void)state;
	assert_int_equal(g->usdhc.host.ops->send_command(&g->usdhc.host, &cmd), -SDMMC_E_RANGE);
	data.block_size = 510;
	assert_int_equal(g->usdhc.host.ops->send_command(&g->usdhc.host, &cmd), -SDMMC_E_RANGE);
	assert_int_equal(g->model->nxfr, before);
	rig_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(init_undoes_bootloader_state),
		cmocka_unit_test(init_clock_400khz),
		cmocka_unit_test(clock_divider_table),
		cmocka_unit_test(sd_card_up),
		cmocka_unit_test(one_line_wired),
		cmocka_unit_test(bus_width_bits),
		cmocka_unit_test(multi_block_round_trip),
		cmocka_unit_test(single_block_round_trip),
		cmocka_unit_test(data_error_recovered),
		cmocka_unit_test(data_error_reported),
		cmocka_unit_test(auto_cmd12_error),
		cmocka_unit_test(busy_waited_for),
		cmocka_unit_test(no_card),
		cmocka_unit_test(stuck_controller),
		cmocka_unit_test(odd_block_size_refused),
	};

	return cmocka_run_group_tests_name("usdhc", tests, NULL, NULL);
}
