/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SDHCI core: commands, responses, data by SDMA through a bounce buffer the caller gives or else
 * by PIO through the buffer data port, clock and power, bus width and card detect, everything
 * polled with a timeout. Register layout and bits from the
 * SD Host Controller Simplified Specification (v3.00), section 2.
 */
#include <stddef.h>
#include <string.h>
#include <drivers/mmio.h>
#include <format/byteorder.h>
#include <drivers/sdhci.h>

/* Registers (offsets). */
#define SDMA_ADDRESS		0x00	/* 32 */
#define BLOCK_SIZE		0x04	/* 16 */
#define BLOCK_COUNT		0x06	/* 16 */
#define ARGUMENT		0x08	/* 32 */
#define TRANSFER_MODE		0x0c	/* 16 */
#define COMMAND			0x0e	/* 16 */
#define RESPONSE		0x10	/* 4 x 32 */
#define BUFFER_DATA_PORT	0x20	/* 32 */
#define PRESENT_STATE		0x24	/* 32 */
#define HOST_CONTROL		0x28	/* 8 */
#define POWER_CONTROL		0x29	/* 8 */
#define CLOCK_CONTROL		0x2c	/* 16 */
#define TIMEOUT_CONTROL		0x2e	/* 8 */
#define SOFTWARE_RESET		0x2f	/* 8 */
#define NORMAL_INT_STATUS	0x30	/* 16 */
#define ERROR_INT_STATUS	0x32	/* 16 */
#define NORMAL_INT_ENABLE	0x34	/* 16: status bits that latch */
#define ERROR_INT_ENABLE	0x36	/* 16 */
#define NORMAL_SIGNAL_ENABLE	0x38	/* 16: status bits that interrupt (none: polled) */
#define ERROR_SIGNAL_ENABLE	0x3a	/* 16 */
#define CAPABILITIES		0x40	/* 32 (of 64) */
#define HOST_VERSION		0xfe	/* 16 */

#define BLOCK_SIZE_BOUNDARY(b)	((b) << 12)	/* SDMA pauses at each 4 KiB << b boundary */
#define TRANSFER_DMA		(1u << 0)
#define TRANSFER_BLOCK_COUNT	(1u << 1)
#define TRANSFER_AUTO_CMD12	(1u << 2)
#define TRANSFER_READ		(1u << 4)
#define TRANSFER_MULTI		(1u << 5)

#define COMMAND_DATA		(1u << 5)

#define STATE_CMD_INHIBIT	(1u << 0)
#define STATE_DAT_INHIBIT	(1u << 1)
#define STATE_CARD_INSERTED	(1u << 16)

#define HOST_4BIT		(1u << 1)
#define HOST_HIGH_SPEED		(1u << 2)
#define HOST_8BIT		(1u << 5)	/* v3: Extended Data Transfer Width */
#define HOST_DMA_SELECT		(3u << 3)	/* 0: SDMA */
#define POWER_ON		(1u << 0)
#define POWER_330		(7u << 1)
#define CLOCK_INTERNAL_ON	(1u << 0)
#define CLOCK_INTERNAL_STABLE	(1u << 1)
#define CLOCK_CARD_ON		(1u << 2)
#define RESET_ALL		(1u << 0)
#define RESET_CMD		(1u << 1)
#define RESET_DAT		(1u << 2)

#define INT_COMMAND_COMPLETE	(1u << 0)
#define INT_TRANSFER_COMPLETE	(1u << 1)
#define INT_DMA			(1u << 3)	/* SDMA paused at a boundary */
#define INT_BUFFER_WRITE_READY	(1u << 4)
#define INT_BUFFER_READ_READY	(1u << 5)
#define INT_ERROR		(1u << 15)

#define ERR_CMD_TIMEOUT		(1u << 0)
#define ERR_CMD_CRC		(1u << 1)
#define ERR_CMD_END_BIT		(1u << 2)
#define ERR_CMD_INDEX		(1u << 3)
#define ERR_DATA_TIMEOUT	(1u << 4)
#define ERR_DATA_CRC		(1u << 5)
#define ERR_DATA_END_BIT	(1u << 6)

#define CAP_BASE_CLOCK_V2(c)	(((c) >> 8) & 0x3f)	/* MHz */
#define CAP_BASE_CLOCK_V3(c)	(((c) >> 8) & 0xff)
#define CAP_HIGH_SPEED		(1u << 21)
#define CAP_SDMA		(1u << 22)
#define CAP_330			(1u << 24)

/* Data timeout counter value: TMCLK x 2^27, the longest. */
#define TIMEOUT_MAX		0x0e
#define CLOCK_INIT_HZ		400000u

static uint8_t read8(const struct sdhci *s, unsigned int off)
{
	return mmio_read8(s->config->regs, off);
}

static uint16_t read16(const struct sdhci *s, unsigned int off)
{
	return mmio_read16(s->config->regs, off);
}

static uint32_t read32(const struct sdhci *s, unsigned int off)
{
	return mmio_read32(s->config->regs, off);
}

static void write8(const struct sdhci *s, unsigned int off, uint8_t v)
{
	mmio_write8(s->config->regs, off, v);
}

static void write16(const struct sdhci *s, unsigned int off, uint16_t v)
{
	mmio_write16(s->config->regs, off, v);
}

static void write32(const struct sdhci *s, unsigned int off, uint32_t v)
{
	mmio_write32(s->config->regs, off, v);
}

static struct sdhci *to_sdhci(struct sdmmc_host *host)
{
	return (struct sdhci *)host;
}

static uint64_t deadline(const struct sdhci *s)
{
	return s->config->ticks() + (uint64_t)s->config->timeout_ms * s->config->ticks_per_ms;
}

static bool expired(const struct sdhci *s, uint64_t when)
{
	return s->config->ticks() > when;
}

/* Software reset of MASK (RESET_*), which the controller clears when done. */
static int reset(struct sdhci *s, uint8_t mask)
{
	uint64_t when = deadline(s);

	write8(s, SOFTWARE_RESET, mask);
	while (read8(s, SOFTWARE_RESET) & mask)
		if (expired(s, when))
			return -SDMMC_E_TIMEOUT;
	return 0;
}

/* The error interrupt status as an sdmmc error; the status is cleared. */
static int take_error(struct sdhci *s)
{
	uint16_t err = read16(s, ERROR_INT_STATUS);

	write16(s, ERROR_INT_STATUS, err);
	write16(s, NORMAL_INT_STATUS, INT_ERROR);
	if (err & (ERR_CMD_TIMEOUT | ERR_DATA_TIMEOUT))
		return -SDMMC_E_TIMEOUT;
	if (err & (ERR_CMD_CRC | ERR_CMD_END_BIT | ERR_CMD_INDEX | ERR_DATA_CRC | ERR_DATA_END_BIT))
		return -SDMMC_E_CRC;
	return -SDMMC_E_IO;
}

/* Waits for any of BITS in the normal interrupt status and clears them: 0 or -SDMMC_E_*. */
static int wait_status(struct sdhci *s, uint16_t bits, uint64_t when)
{
	for (;;) {
		uint16_t status = read16(s, NORMAL_INT_STATUS);

		if (status & INT_ERROR)
			return take_error(s);
		if (status & bits) {
			write16(s, NORMAL_INT_STATUS, status & bits);
			return 0;
		}
		if (expired(s, when))
			return -SDMMC_E_TIMEOUT;
	}
}

static void read_response(struct sdhci *s, struct sdmmc_command *cmd)
{
	if (cmd->response == SDMMC_RSP_R2) {
		uint32_t r[4];

		for (int i = 0; i < 4; i++)
			r[i] = read32(s, RESPONSE + 4 * i);
		sdhci_r2_response(r, cmd->resp);
	} else if (cmd->response != SDMMC_RSP_NONE) {
		cmd->resp[0] = read32(s, RESPONSE);
	}
}

/* The data of a command, a block at a time through the buffer data port. */
static int transfer_pio(struct sdhci *s, struct sdmmc_data *data)
{
	uint8_t *p = data->buf;
	uint16_t ready = data->write ? INT_BUFFER_WRITE_READY : INT_BUFFER_READ_READY;

	for (uint32_t b = 0; b < data->blocks; b++) {
		int err = wait_status(s, ready, deadline(s));

		if (err)
			return err;
		/* Whole little-endian 32-bit words; the buffer may be anywhere, so byte by byte. */
		for (uint32_t i = 0; i < data->block_size; i += 4, p += 4) {
			if (data->write)
				write32(s, BUFFER_DATA_PORT, get_le32(p));
			else
				put_le32(p, read32(s, BUFFER_DATA_PORT));
		}
	}
	return wait_status(s, INT_TRANSFER_COMPLETE, deadline(s));
}

/*
 * The data of a command by SDMA through the bounce buffer: the controller pauses at each boundary
 * of the buffer's size, which a transfer of at most that size, starting at its aligned start,
 * reaches only at its end; a pause is resumed from where it stopped all the same.
 */
static int transfer_sdma(struct sdhci *s, struct sdmmc_data *data)
{
	const struct sdhci_dma_buffer *dma = s->config->dma;
	size_t len = (size_t)data->blocks * data->block_size;
	uint64_t when = deadline(s);

	for (;;) {
		uint16_t status = read16(s, NORMAL_INT_STATUS);

		if (status & INT_ERROR)
			return take_error(s);
		if (status & INT_TRANSFER_COMPLETE) {
			write16(s, NORMAL_INT_STATUS, INT_TRANSFER_COMPLETE | INT_DMA);
			break;
		}
		if (status & INT_DMA) {
			write16(s, NORMAL_INT_STATUS, INT_DMA);
			write32(s, SDMA_ADDRESS, read32(s, SDMA_ADDRESS));
			when = deadline(s);
		}
		if (expired(s, when))
			return -SDMMC_E_TIMEOUT;
	}
	if (!data->write)
		memcpy(data->buf, dma->virt, len);
	return 0;
}

static int sdhci_send_command(struct sdmmc_host *host, struct sdmmc_command *cmd)
{
	struct sdhci *s = to_sdhci(host);
	struct sdmmc_data *data = cmd->data;
	uint32_t inhibit = STATE_CMD_INHIBIT | (data || cmd->response == SDMMC_RSP_R1B ? STATE_DAT_INHIBIT : 0);
	uint16_t flags = sdhci_response_flags(cmd->response);
	uint64_t when = deadline(s);
	int err;

	while (read32(s, PRESENT_STATE) & inhibit)
		if (expired(s, when))
			return -SDMMC_E_TIMEOUT;
	/* Stale status from an earlier command would read as this one's. */
	write16(s, NORMAL_INT_STATUS, 0xffff);
	write16(s, ERROR_INT_STATUS, 0xffff);
	if (data) {
		uint16_t mode = TRANSFER_BLOCK_COUNT | (data->write ? 0 : TRANSFER_READ);

		if (data->blocks == 0 || data->blocks > 0xffff || data->block_size == 0 || data->block_size > 2048 ||
		    data->block_size % 4)
			return -SDMMC_E_RANGE;
		if (data->blocks > 1)
			mode |= TRANSFER_MULTI | (data->auto_stop ? TRANSFER_AUTO_CMD12 : 0);
		write8(s, TIMEOUT_CONTROL, TIMEOUT_MAX);
		if (s->sdma) {
			if ((uint64_t)data->blocks * data->block_size > s->config->dma->size)
				return -SDMMC_E_RANGE;
			if (data->write)
				memcpy(s->config->dma->virt, data->buf, (size_t)data->blocks * data->block_size);
			write32(s, SDMA_ADDRESS, (uint32_t)s->config->dma->phys);
			mode |= TRANSFER_DMA;
		}
		write16(s, BLOCK_SIZE, (uint16_t)(data->block_size | BLOCK_SIZE_BOUNDARY(s->sdma_boundary)));
		write16(s, BLOCK_COUNT, (uint16_t)data->blocks);
		write16(s, TRANSFER_MODE, mode);
		flags |= COMMAND_DATA;
	}
	write32(s, ARGUMENT, cmd->arg);
	write16(s, COMMAND, (uint16_t)((cmd->index & 0x3f) << 8 | flags));
	err = wait_status(s, INT_COMMAND_COMPLETE, when);
	if (err)
		return err;
	read_response(s, cmd);
	if (data)
		return s->sdma ? transfer_sdma(s, data) : transfer_pio(s, data);
	if (cmd->response == SDMMC_RSP_R1B)
		return wait_status(s, INT_TRANSFER_COMPLETE, deadline(s));
	return 0;
}

/* The divider for at most HZ: v3 takes any even divider (10 bits), v2 a power of two up to 256. */
static uint16_t divider_for(const struct sdhci *s, uint32_t hz)
{
	uint32_t div;

	if (hz >= s->base_clock_hz)
		return 0;
	if (s->version >= 2) {
		div = (s->base_clock_hz + 2 * hz - 1) / (2 * hz);	/* SDCLK = base / (2 * div) */
		return (uint16_t)(div > 0x3ff ? 0x3ff : div);
	}
	for (div = 1; div < 128 && s->base_clock_hz / (2 * div) > hz; div *= 2)
		;
	return (uint16_t)div;	/* v2: the register holds base / SDCLK / 2, one bit set */
}

static int sdhci_set_clock(struct sdmmc_host *host, uint32_t hz)
{
	struct sdhci *s = to_sdhci(host);
	uint16_t div, clock;
	uint64_t when;

	write16(s, CLOCK_CONTROL, 0);
	if (hz == 0)
		return 0;
	div = divider_for(s, hz);
	clock = (uint16_t)((div & 0xff) << 8 | ((div >> 8) & 3) << 6 | CLOCK_INTERNAL_ON);
	write16(s, CLOCK_CONTROL, clock);
	when = deadline(s);
	while (!(read16(s, CLOCK_CONTROL) & CLOCK_INTERNAL_STABLE))
		if (expired(s, when))
			return -SDMMC_E_TIMEOUT;
	write16(s, CLOCK_CONTROL, clock | CLOCK_CARD_ON);
	s->clock_divider = div;
	return 0;
}

static int sdhci_set_bus_width(struct sdmmc_host *host, unsigned int bits)
{
	struct sdhci *s = to_sdhci(host);
	/* Bit 5, the v3 8-bit field, is left alone on a host that does not drive 8 bits. */
	uint8_t widths = (uint8_t)(HOST_4BIT | (host->bus_8bit ? HOST_8BIT : 0));
	uint8_t ctrl = read8(s, HOST_CONTROL) & (uint8_t)~widths;

	if (bits != 1 && bits != 4 && !(bits == 8 && host->bus_8bit))
		return -SDMMC_E_UNSUPPORTED;
	write8(s, HOST_CONTROL, ctrl | (bits == 4 ? HOST_4BIT : bits == 8 ? HOST_8BIT : 0));
	return 0;
}

static int sdhci_set_timing(struct sdmmc_host *host, enum sdmmc_timing timing)
{
	struct sdhci *s = to_sdhci(host);
	uint8_t ctrl = read8(s, HOST_CONTROL);

	write8(s, HOST_CONTROL, timing == SDMMC_TIMING_HS ? ctrl | HOST_HIGH_SPEED : ctrl & ~HOST_HIGH_SPEED);
	return 0;
}

static bool sdhci_card_present(struct sdmmc_host *host)
{
	struct sdhci *s = to_sdhci(host);

	/* Unwired card detect: a missing card shows as commands that time out. */
	return s->config->broken_card_detect || (read32(s, PRESENT_STATE) & STATE_CARD_INSERTED);
}

static void sdhci_recover(struct sdmmc_host *host)
{
	struct sdhci *s = to_sdhci(host);

	reset(s, RESET_CMD);
	reset(s, RESET_DAT);
	write16(s, NORMAL_INT_STATUS, 0xffff);
	write16(s, ERROR_INT_STATUS, 0xffff);
}

static const struct sdmmc_host_ops sdhci_ops = {
	.send_command = sdhci_send_command,
	.set_clock = sdhci_set_clock,
	.set_bus_width = sdhci_set_bus_width,
	.card_present = sdhci_card_present,
	.recover = sdhci_recover,
	.set_timing = sdhci_set_timing,
};

/* Whether DMA is a buffer SDMA can use whole (sdhci.h), with *BOUNDARY its size's field value. */
static bool dma_buffer_usable(const struct sdhci_dma_buffer *dma, uint8_t *boundary)
{
	if (!dma || !dma->virt || dma->size < 4096 || dma->size > (512u << 10) || (dma->size & (dma->size - 1)) ||
	    dma->phys % dma->size || dma->phys + dma->size > (1ull << 32))
		return false;
	for (*boundary = 0; (4096u << *boundary) < dma->size; (*boundary)++)
		;
	return true;
}

int sdhci_init(struct sdhci *s, const struct sdhci_config *config)
{
	uint32_t caps;
	int err;

	s->config = config;
	s->host.ops = &sdhci_ops;
	s->host.bus_4bit = true;
	err = reset(s, RESET_ALL);
	if (err)
		return err;
	s->version = (uint8_t)(read16(s, HOST_VERSION) & 0xff);
	caps = read32(s, CAPABILITIES);
	s->base_clock_hz = (s->version >= 2 ? CAP_BASE_CLOCK_V3(caps) : CAP_BASE_CLOCK_V2(caps)) * 1000000u;
	if (!s->base_clock_hz || !(caps & CAP_330))
		return -SDMMC_E_UNSUPPORTED;	/* no base clock to divide, or no 3.3 V */
	s->host.max_hz = s->base_clock_hz;
	s->host.high_speed = caps & CAP_HIGH_SPEED;
	/* The 8-bit bit is a v3 register field; and only a slot wired for it may use it. */
	s->host.bus_8bit = config->bus_8bit && s->version >= 2;
	write8(s, POWER_CONTROL, POWER_330);
	write8(s, POWER_CONTROL, POWER_330 | POWER_ON);
	s->sdma = (caps & CAP_SDMA) && dma_buffer_usable(config->dma, &s->sdma_boundary);
	if (s->sdma) {
		s->host.dma = true;
		s->host.max_blocks = config->dma->size / SDMMC_BLOCK_SIZE;
		write8(s, HOST_CONTROL, read8(s, HOST_CONTROL) & (uint8_t)~HOST_DMA_SELECT);
	}
	/* Every status latches; none interrupts: the storage server polls. */
	write16(s, NORMAL_INT_ENABLE, 0xffff);
	write16(s, ERROR_INT_ENABLE, 0xffff);
	write16(s, NORMAL_SIGNAL_ENABLE, 0);
	write16(s, ERROR_SIGNAL_ENABLE, 0);
	return sdhci_set_clock(&s->host, CLOCK_INIT_HZ);
}
