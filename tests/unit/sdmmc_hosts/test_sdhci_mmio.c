/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SDHCI front end for a fixed address (sdhci_mmio.c) and the SDHCI core (sdhci.c) under
 * the real protocol layer, against a simulated SDHCI 3.00 controller like the Raspberry Pi 4's
 * EMMC2 (100 MHz base clock, card detect not wired) with a simulated SD card behind it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/sdhci.h>
#include <drivers/sdhci_mmio.h>
#include "sdhci_model.h"

#define VERSION_300	0x0002
#define CLOCK_CONTROL	0x2c

static uint64_t now;

static uint64_t ticks(void)
{
	return ++now;
}

struct rig {
	struct sim_card *card;
	struct sdhci_model *model;
	struct sdhci_config config;
	struct sdhci sdhci;
	struct sdmmc_card sd;
};

/* The EMMC2's shape: SDHCI 3.00, 100 MHz, no card detect; BROKEN_CD as the board's Kconfig says. */
static struct rig *rig_new(bool broken_cd)
{
	struct rig *g = calloc(1, sizeof(*g));

	assert_non_null(g);
	g->card = sim_card_new(true, 64 * 1024);
	g->model = sdhci_model_new(g->card, VERSION_300, 100);
	g->model->card_detect_wired = false;
	g->config = (struct sdhci_config){ .regs = g->model->reg, .ticks = ticks, .ticks_per_ms = 10,
					   .timeout_ms = 100, .broken_card_detect = broken_cd };
	return g;
}

static void rig_free(struct rig *g)
{
	sdhci_model_free(g->model);
	sim_card_free(g->card);
	free(g);
}

/* The SDCLK divider the clock control register holds (10 bits: 15:8 low, 7:6 high). */
static unsigned int divider(const struct rig *g)
{
	uint16_t c = sdhci_model_reg16(g->model, CLOCK_CONTROL);

	return (c >> 8) | ((c >> 6) & 3) << 8;
}

static void probe(void **state)
{
	struct rig *g = rig_new(true);

	(void)state;
	assert_int_equal(sdhci_mmio_probe(g->model->reg, 0x1000), 0);
	assert_int_equal(sdhci_mmio_probe(g->model->reg, 0x80), -1);		/* too small a range */
	sdhci_model_free(g->model);
	g->model = sdhci_model_new(g->card, 0xffff, 100);			/* nothing there */
	assert_int_equal(sdhci_mmio_probe(g->model->reg, 0x1000), -1);
	rig_free(g);
}

/* Card detect unwired: the card is assumed and comes up; 400 kHz and 25 MHz from 100 MHz. */
static void card_up_without_card_detect(void **state)
{
	struct rig *g = rig_new(true);

	(void)state;
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_int_equal(g->sdhci.version, 2);
	assert_int_equal(g->sdhci.base_clock_hz, 100000000);
	assert_int_equal(divider(g), 125);		/* 100 MHz / (2 x 125) = 400 kHz */
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), 0);
	assert_int_equal(g->sd.bus_width, 4);
	assert_int_equal(g->sd.clock_hz, 25000000);
	assert_int_equal(divider(g), 2);		/* 100 MHz / 4 */
	assert_int_equal(g->model->resets_all, 1);
	rig_free(g);
}

/* With card detect believed but not wired, the card is missed: what the board option is for. */
static void card_missed_when_detect_believed(void **state)
{
	struct rig *g = rig_new(false);

	(void)state;
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), -SDMMC_E_NO_CARD);
	assert_int_equal(g->card->ncmds, 0);
	rig_free(g);
}

/* No card in an unwired slot: the silence is reported as no card. */
static void no_card_unwired(void **state)
{
	struct rig *g = rig_new(true);

	(void)state;
	g->card->present = false;
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), -SDMMC_E_NO_CARD);
	assert_true(g->card->ncmds > 0);
	rig_free(g);
}

/* Blocks written and read back equal by PIO, multi-block with auto CMD12, and after an error. */
static void round_trip(void **state)
{
	struct rig *g = rig_new(true);
	size_t len = 40 * SIM_CARD_BLOCK;
	uint8_t *out = malloc(len), *in = calloc(1, len);

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	for (size_t i = 0; i < len; i++)
		out[i] = (uint8_t)(i * 7 + (i >> 9));
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), 0);
	assert_int_equal(sdmmc_write_blocks(&g->sd, 300, 40, out), 0);
	assert_int_equal(g->model->last_transfer_mode & 0x36, 0x26);	/* block count, auto CMD12, multi */
	assert_memory_equal(g->card->disk + 300 * SIM_CARD_BLOCK, out, len);
	g->model->fail_transfers = 1;
	assert_int_equal(sdmmc_read_blocks(&g->sd, 300, 40, in), 0);
	assert_int_equal(g->model->last_transfer_mode & 0x36, 0x36);
	assert_memory_equal(in, out, len);
	assert_int_equal(g->sd.retries, 1);
	assert_int_equal(g->model->resets_cmd, 1);
	assert_int_equal(g->model->resets_dat, 1);
	free(out);
	free(in);
	rig_free(g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe),
		cmocka_unit_test(card_up_without_card_detect),
		cmocka_unit_test(card_missed_when_detect_believed),
		cmocka_unit_test(no_card_unwired),
		cmocka_unit_test(round_trip),
	};

	return cmocka_run_group_tests_name("sdhci_mmio", tests, NULL, NULL);
}
