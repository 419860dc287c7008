/* SPDX-License-Identifier: BSD-2-Clause */
/* The simulated SDHCI controller (sdhci_model.h), register facts as sdhci.c uses them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/mmio.h>
#include "sdhci_model.h"

enum {
	SDMA_ADDRESS = 0x00, BLOCK_SIZE = 0x04, BLOCK_COUNT = 0x06, ARGUMENT = 0x08, TRANSFER_MODE = 0x0c, COMMAND = 0x0e,
	RESPONSE = 0x10, DATA_PORT = 0x20, PRESENT_STATE = 0x24, CLOCK_CONTROL = 0x2c, SOFTWARE_RESET = 0x2f,
	NORMAL_STATUS = 0x30, ERROR_STATUS = 0x32, CAPABILITIES = 0x40, HOST_VERSION = 0xfe,
};

#define INT_CC			(1u << 0)
#define INT_TC			(1u << 1)
#define INT_BWR			(1u << 4)
#define INT_BRR			(1u << 5)
#define INT_DMA			(1u << 3)
#define MODE_DMA		(1u << 0)
#define ERR_CMD_TIMEOUT		(1u << 0)
#define ERR_DATA_CRC		(1u << 5)
#define MODE_AUTO_CMD12		(1u << 2)
#define MODE_READ		(1u << 4)
#define MODE_MULTI		(1u << 5)

static struct sdhci_model *model;

static void put(struct sdhci_model *m, unsigned int off, uint32_t v, unsigned int width)
{
	memcpy(&m->reg[off], &v, width);	/* little-endian, as the host */
}

static uint32_t get(const struct sdhci_model *m, unsigned int off, unsigned int width)
{
	uint32_t v = 0;

	memcpy(&v, &m->reg[off], width);
	return v;
}

struct sdhci_model *sdhci_model_new(struct sim_card *card, uint16_t version, uint8_t base_mhz)
{
	struct sdhci_model *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->card = card;
	m->card_detect_wired = true;
	put(m, HOST_VERSION, version, 2);
	put(m, CAPABILITIES, (uint32_t)base_mhz << 8 | 1u << 24, 4);	/* and 3.3 V */
	model = m;
	return m;
}

void sdhci_model_free(struct sdhci_model *m)
{
	model = NULL;
	free(m);
}

void sdhci_model_dma(struct sdhci_model *m, uint8_t *memory, uint64_t phys, uint32_t size)
{
	m->dma_memory = memory;
	m->dma_phys = phys;
	m->dma_size = size;
	put(m, CAPABILITIES, get(m, CAPABILITIES, 4) | 1u << 22, 4);
}

uint16_t sdhci_model_reg16(const struct sdhci_model *m, unsigned int offset)
{
	return (uint16_t)get(m, offset, 2);
}

static struct sdhci_model *regs_model(volatile void *base, unsigned int offset, unsigned int width)
{
	assert_non_null(model);
	assert_ptr_equal((void *)base, model->reg);
	assert_true(offset % width == 0 && offset + width <= sizeof(model->reg));
	return model;
}

static void raise(struct sdhci_model *m, uint16_t normal, uint16_t error)
{
	put(m, NORMAL_STATUS, get(m, NORMAL_STATUS, 2) | normal | (error ? 1u << 15 : 0), 2);
	put(m, ERROR_STATUS, get(m, ERROR_STATUS, 2) | error, 2);
}

static void transfer_step(struct sdhci_model *m, enum sim_step step)
{
	uint32_t resp[4];

	if (step == SIM_CHUNK_DONE)
		raise(m, m->transfer.write ? INT_BWR : INT_BRR, 0);
	else if (step == SIM_FAILED)
		raise(m, 0, ERR_DATA_CRC);
	else if (step == SIM_DONE) {
		if (m->last_transfer_mode & MODE_AUTO_CMD12)
			assert_true(sim_card_command(m->card, 12, 0, resp));
		raise(m, INT_TC, 0);
	}
}

/*
 * Moves a DMA transfer on from the SDMA address until it ends or pauses: at each boundary the
 * block size register names (4 KiB << bits 14:12), or every pause_every bytes, with bytes left.
 * Memory outside what the test gave the controller fails the test: a driver must never program it.
 */
static void dma_run(struct sdhci_model *m)
{
	uint32_t boundary = 4096u << (get(m, BLOCK_SIZE, 2) >> 12 & 7), addr = get(m, SDMA_ADDRESS, 4);

	while (m->dma_left) {
		uint32_t step = boundary - addr % boundary;

		if (m->pause_every && m->pause_every < step)
			step = m->pause_every;
		if (step > m->dma_left)
			step = m->dma_left;
		assert_true(addr >= m->dma_phys && addr + step <= m->dma_phys + m->dma_size);
		if (m->dma_write)
			memcpy(m->dma_card + m->dma_at, m->dma_memory + (addr - m->dma_phys), step);
		else
			memcpy(m->dma_memory + (addr - m->dma_phys), m->dma_card + m->dma_at, step);
		addr += step;
		m->dma_at += step;
		m->dma_left -= step;
		put(m, SDMA_ADDRESS, addr, 4);
		if (m->dma_left) {
			m->dma_pauses++;
			raise(m, INT_DMA, 0);
			return;
		}
	}
	transfer_step(m, SIM_DONE);
}

static void command(struct sdhci_model *m, uint16_t cmd)
{
	uint8_t index = (uint8_t)(cmd >> 8 & 0x3f);
	unsigned int rsp_type = cmd & 3;
	uint16_t mode = (uint16_t)get(m, TRANSFER_MODE, 2);
	uint32_t blocks = get(m, BLOCK_COUNT, 2), size = get(m, BLOCK_SIZE, 2) & 0xfff;
	uint8_t *data;

	/* Without the SD clock nothing reaches the card. */
	if (!(get(m, CLOCK_CONTROL, 2) & 4) ||
	    !sim_card_respond(m->card, index, get(m, ARGUMENT, 4), rsp_type == 1, (uint32_t *)&m->reg[RESPONSE])) {
		raise(m, rsp_type ? 0 : INT_CC, rsp_type ? ERR_CMD_TIMEOUT : 0);
		return;
	}
	raise(m, INT_CC, 0);
	if (rsp_type == 3 && !(cmd & (1u << 5)))
		raise(m, INT_TC, 0);	/* busy over at once */
	if (!(cmd & (1u << 5)))
		return;
	m->last_transfer_mode = mode;
	assert_int_equal(!!(mode & MODE_MULTI), blocks > 1);
	assert_int_equal(size, SIM_CARD_BLOCK);
	data = sim_card_data(m->card, get(m, ARGUMENT, 4), blocks);
	assert_non_null(data);
	if (mode & MODE_DMA) {
		assert_non_null(m->dma_memory);
		m->dma_transfers++;
		m->dma_card = data;
		m->dma_at = 0;
		m->dma_left = blocks * size;
		m->dma_write = !(mode & MODE_READ);
		if (m->fail_transfers) {
			m->fail_transfers--;
			m->dma_left /= 2;	/* half of it moves, then the data error */
			dma_run(m);
			m->dma_left = 0;
			raise(m, 0, ERR_DATA_CRC);
			return;
		}
		dma_run(m);
		return;
	}
	/* The SDHCI buffer holds a block: ready once a block. */
	sim_transfer_start(&m->transfer, data, blocks * size, size, !(mode & MODE_READ),
			   m->fail_transfers ? blocks * size / 2 : 0);
	if (m->fail_transfers)
		m->fail_transfers--;
	raise(m, mode & MODE_READ ? INT_BRR : INT_BWR, 0);
}

static void write_reg(volatile void *base, unsigned int off, uint32_t v, unsigned int width)
{
	struct sdhci_model *m = regs_model(base, off, width);

	switch (off) {
	case NORMAL_STATUS:
	case ERROR_STATUS:
		put(m, off, get(m, off, width) & ~v, width);
		if (!get(m, ERROR_STATUS, 2))
			put(m, NORMAL_STATUS, get(m, NORMAL_STATUS, 2) & ~(1u << 15), 2);
		break;
	case SOFTWARE_RESET:
		m->resets_all += v & 1;
		m->resets_cmd += (v >> 1) & 1;
		m->resets_dat += (v >> 2) & 1;
		if (v & 4)
			m->transfer.active = false;
		break;		/* done at once: reads as 0 */
	case CLOCK_CONTROL:
		put(m, off, (v & ~2u) | (v & 1 ? 2 : 0), 2);	/* internal clock stable at once */
		break;
	case COMMAND:
		put(m, off, v, width);
		command(m, (uint16_t)v);
		break;
	case DATA_PORT:
		m->port_words++;
		transfer_step(m, sim_transfer_word(&m->transfer, &v));
		break;
	case SDMA_ADDRESS:
		put(m, off, v, width);
		if (m->dma_left)
			dma_run(m);	/* a paused transfer goes on from here */
		break;
	default:
		put(m, off, v, width);
	}
}

static uint32_t read_reg(volatile void *base, unsigned int off, unsigned int width)
{
	struct sdhci_model *m = regs_model(base, off, width);
	uint32_t word = 0;

	switch (off) {
	case PRESENT_STATE:
		return m->card->present && m->card_detect_wired ? 1u << 16 : 0;
	case DATA_PORT:
		m->port_words++;
		transfer_step(m, sim_transfer_word(&m->transfer, &word));
		return word;
	default:
		return get(m, off, width);
	}
}

uint8_t mmio_read8(volatile void *base, unsigned int offset)
{
	return (uint8_t)read_reg(base, offset, 1);
}

uint16_t mmio_read16(volatile void *base, unsigned int offset)
{
	return (uint16_t)read_reg(base, offset, 2);
}

uint32_t mmio_read32(volatile void *base, unsigned int offset)
{
	return read_reg(base, offset, 4);
}

void mmio_write8(volatile void *base, unsigned int offset, uint8_t value)
{
	write_reg(base, offset, value, 1);
}

void mmio_write16(volatile void *base, unsigned int offset, uint16_t value)
{
	write_reg(base, offset, value, 2);
}

void mmio_write32(volatile void *base, unsigned int offset, uint32_t value)
{
	write_reg(base, offset, value, 4);
}
