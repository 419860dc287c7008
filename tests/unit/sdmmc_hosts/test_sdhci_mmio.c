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

/* What SDMA tests share: memory the controller reaches, at a physical address of the test's choosing. */
#define DMA_PHYS	0x48010000u
static uint8_t dma_memory[64 * 1024] __attribute__((aligned(4096)));

static void fill(uint8_t *p, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 13 + seed + (i >> 9));
}

/*
 * SDMA through a 16 KiB bounce buffer: 100 blocks written and read back equal as commands of at
 * most 32 blocks, not a word through the data port, the controller reaching only the buffer.
 */
static void sdma_round_trip(void **state)
{
	struct rig *g = rig_new(true);
	struct sdhci_dma_buffer dma = { dma_memory, DMA_PHYS, 16 * 1024 };
	size_t len = 100 * SIM_CARD_BLOCK;
	uint8_t *out = malloc(len), *in = calloc(1, len);
	unsigned int words_at_init;

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	fill(out, len, 5);
	sdhci_model_dma(g->model, dma_memory, DMA_PHYS, sizeof(dma_memory));
	g->config.dma = &dma;
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_true(g->sdhci.host.dma);
	assert_int_equal(g->sdhci.host.max_blocks, 32);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), 0);
	words_at_init = g->model->port_words;	/* the SCR and status reads at init, by PIO */
	g->model->dma_size = 16 * 1024;		/* anything past the buffer fails the test */
	assert_int_equal(sdmmc_write_blocks(&g->sd, 1000, 100, out), 0);
	assert_memory_equal(g->card->disk + 1000 * SIM_CARD_BLOCK, out, len);
	assert_int_equal(g->model->dma_transfers, 4);	/* 32 + 32 + 32 + 4 */
	assert_int_equal(sdmmc_read_blocks(&g->sd, 1000, 100, in), 0);
	assert_memory_equal(in, out, len);
	assert_int_equal(g->model->dma_transfers, 8);
	assert_int_equal(g->model->dma_pauses, 0);	/* a transfer never crosses the aligned buffer's end */
	assert_int_equal(g->model->port_words, words_at_init);
	free(out);
	free(in);
	rig_free(g);
}

/* A controller that pauses at every 4 KiB is resumed from where it stopped; a data error half-way retried. */
static void sdma_pauses_and_errors(void **state)
{
	struct rig *g = rig_new(true);
	struct sdhci_dma_buffer dma = { dma_memory, DMA_PHYS, 64 * 1024 };
	size_t len = 128 * SIM_CARD_BLOCK;
	uint8_t *out = malloc(len), *in = calloc(1, len);

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	fill(out, len, 9);
	sdhci_model_dma(g->model, dma_memory, DMA_PHYS, sizeof(dma_memory));
	g->config.dma = &dma;
	assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
	assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), 0);
	g->model->pause_every = 4096;
	assert_int_equal(sdmmc_write_blocks(&g->sd, 2000, 128, out), 0);
	assert_int_equal(g->model->dma_pauses, 15);
	assert_memory_equal(g->card->disk + 2000 * SIM_CARD_BLOCK, out, len);
	g->model->fail_transfers = 1;
	assert_int_equal(sdmmc_read_blocks(&g->sd, 2000, 128, in), 0);
	assert_memory_equal(in, out, len);
	assert_int_equal(g->sd.retries, 1);
	assert_int_equal(g->model->resets_dat, 1);
	free(out);
	free(in);
	rig_free(g);
}

/* Buffers SDMA cannot use whole, or a controller without SDMA: PIO, the data port moves the words. */
static void sdma_refused_buffers(void **state)
{
	static const struct sdhci_dma_buffer bad[] = {
		{ dma_memory, DMA_PHYS + 4096, 16 * 1024 },	/* not aligned to its size */
		{ dma_memory, DMA_PHYS, 12 * 1024 },		/* not a power of two */
		{ dma_memory, DMA_PHYS, 2048 },			/* under 4 KiB */
		{ dma_memory, 0x100000000ull, 16 * 1024 },	/* above 4 GiB */
		{ NULL, DMA_PHYS, 16 * 1024 },
	};
	uint8_t block[SIM_CARD_BLOCK];

	(void)state;
	fill(block, sizeof(block), 3);
	for (size_t i = 0; i <= sizeof(bad) / sizeof(bad[0]); i++) {
		struct rig *g = rig_new(true);
		struct sdhci_dma_buffer good = { dma_memory, DMA_PHYS, 16 * 1024 };

		if (i < sizeof(bad) / sizeof(bad[0])) {
			sdhci_model_dma(g->model, dma_memory, DMA_PHYS, sizeof(dma_memory));
			g->config.dma = &bad[i];
		} else {
			g->config.dma = &good;	/* a good buffer, but no SDMA in the capabilities */
		}
		assert_int_equal(sdhci_init(&g->sdhci, &g->config), 0);
		assert_false(g->sdhci.host.dma);
		assert_int_equal(g->sdhci.host.max_blocks, 0);
		assert_int_equal(sdmmc_sd_init(&g->sd, &g->sdhci.host), 0);
		g->model->port_words = 0;
		assert_int_equal(sdmmc_write_blocks(&g->sd, 7, 1, block), 0);
		assert_int_equal(g->model->port_words, SIM_CARD_BLOCK / 4);
		assert_int_equal(g->model->dma_transfers, 0);
		assert_memory_equal(g->card->disk + 7 * SIM_CARD_BLOCK, block, sizeof(block));
		rig_free(g);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(probe),
		cmocka_unit_test(card_up_without_card_detect),
		cmocka_unit_test(card_missed_when_detect_believed),
		cmocka_unit_test(no_card_unwired),
		cmocka_unit_test(round_trip),
		cmocka_unit_test(sdma_round_trip),
		cmocka_unit_test(sdma_pauses_and_errors),
		cmocka_unit_test(sdma_refused_buffers),
	};

	return cmocka_run_group_tests_name("sdhci_mmio", tests, NULL, NULL);
}
