/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * i.MX uSDHC: commands, responses and PIO data through the data buffer port, the clock from
 * the board's root clock, bus width and card detect, everything polled with a timeout.
 * Registers and bits from the i.MX 8M Mini Applications Processor Reference Manual, uSDHC
 * chapter ("uSDHC memory map/register definition"); every register is 32 bits wide.
 */
#include <stddef.h>
#include <drivers/mmio.h>
#include <drivers/sdhci.h>
#include <drivers/usdhc.h>
#include <format/byteorder.h>

/* Registers (offsets). */
#define BLK_ATT			0x04	/* block size 12:0, block count 31:16 */
#define CMD_ARG			0x08
#define CMD_XFR_TYP		0x0c	/* the command; its low half is MIX_CTRL's on the uSDHC */
#define CMD_RSP0		0x10	/* 4 x 32 */
#define DATA_BUFF_ACC_PORT	0x20
#define PRES_STATE		0x24
#define PROT_CTRL		0x28
#define SYS_CTRL		0x2c
#define INT_STATUS		0x30	/* write 1 to clear */
#define INT_STATUS_EN		0x34	/* status bits that latch */
#define INT_SIGNAL_EN		0x38	/* status bits that interrupt (none: polled) */
#define AUTOCMD12_ERR_STATUS	0x3c
#define WTMK_LVL		0x44
#define MIX_CTRL		0x48
#define DLL_CTRL		0x60
#define CLK_TUNE_CTRL_STATUS	0x68
#define VEND_SPEC		0xc0
#define MMC_BOOT		0xc4

#define XFR_SDHCI_SHIFT		16	/* response type and checks: SDHCI's command register bits */
#define XFR_DATA		(1u << 21)
#define XFR_TYPE_ABORT		(3u << 22)	/* CMD12: ends the data transfer state */
#define XFR_INDEX(i)		((uint32_t)((i) & 0x3f) << 24)

#define STATE_CMD_INHIBIT	(1u << 0)
#define STATE_DAT_INHIBIT	(1u << 1)
#define STATE_CLOCK_STABLE	(1u << 3)
#define STATE_CARD_INSERTED	(1u << 16)
#define STATE_DAT0		(1u << 24)	/* DAT0's level: low while the card is busy */

#define PROT_WIDTH_MASK		(3u << 1)
#define PROT_WIDTH_4		(1u << 1)
#define PROT_WIDTH_8		(2u << 1)
#define PROT_ENDIAN_MASK	(3u << 4)
#define PROT_ENDIAN_LITTLE	(2u << 4)
#define PROT_DMA_MASK		(3u << 8)

#define SYS_DIVISOR_SHIFT	4	/* DVS: divide by DVS + 1 */
#define SYS_PRESCALER_SHIFT	8	/* SDCLKFS: 0 divides by 1, 1 << n by 2^(n + 1) */
#define SYS_CLOCK_MASK		0xfff0u
#define SYS_TIMEOUT_MASK	(0xfu << 16)
#define SYS_TIMEOUT_LONGEST	(0xeu << 16)	/* DTOCV: the longest the manual recommends */
#define SYS_RESET_ALL		(1u << 24)
#define SYS_RESET_CMD		(1u << 25)
#define SYS_RESET_DAT		(1u << 26)
#define SYS_INIT_CLOCKS		(1u << 27)	/* INITA: 80 clocks to the card, then clears */

#define INT_COMMAND_COMPLETE	(1u << 0)
#define INT_TRANSFER_COMPLETE	(1u << 1)
#define INT_BUFFER_WRITE_READY	(1u << 4)
#define INT_BUFFER_READ_READY	(1u << 5)
#define INT_CMD_TIMEOUT		(1u << 16)
#define INT_CMD_CRC		(1u << 17)
#define INT_CMD_END_BIT		(1u << 18)
#define INT_CMD_INDEX		(1u << 19)
#define INT_DATA_TIMEOUT	(1u << 20)
#define INT_DATA_CRC		(1u << 21)
#define INT_DATA_END_BIT	(1u << 22)
#define INT_AUTO_CMD12		(1u << 24)
#define INT_DMA			(1u << 28)
#define INT_ERRORS		(INT_CMD_TIMEOUT | INT_CMD_CRC | INT_CMD_END_BIT | INT_CMD_INDEX | INT_DATA_TIMEOUT | \
				 INT_DATA_CRC | INT_DATA_END_BIT | INT_AUTO_CMD12 | INT_DMA)
#define INT_USED		(INT_COMMAND_COMPLETE | INT_TRANSFER_COMPLETE | INT_BUFFER_WRITE_READY | \
				 INT_BUFFER_READ_READY | INT_ERRORS)

#define AC12_TIMEOUT		(1u << 1)
#define AC12_CRC		(1u << 2)
#define AC12_END_BIT		(1u << 3)
#define AC12_INDEX		(1u << 4)
#define AC12_TUNING		(3u << 22)	/* EXE_TUNE, SMPCLK_SEL: standard tuning's state */

#define MIX_BLOCK_COUNT		(1u << 1)
#define MIX_AUTO_CMD12		(1u << 2)
#define MIX_READ		(1u << 4)
#define MIX_MULTI		(1u << 5)
#define MIX_TRANSFER_MASK	0x7fu	/* the SDHCI transfer mode bits, DDR and nibble position */

#define VEND_FORCE_CLOCK	(1u << 8)
#define VEND_IPG_CLOCK		(1u << 11)
#define VEND_AHB_CLOCK		(1u << 12)
#define VEND_PER_CLOCK		(1u << 13)
#define VEND_CARD_CLOCK		(1u << 14)

/* The data buffer holds 128 words: the watermark, in words, at which it says read or write ready. */
#define WATERMARK_MAX		128u
#define WTMK_READ_SHIFT		0
#define WTMK_WRITE_SHIFT	16
#define WTMK_MASK		(0xffu << WTMK_READ_SHIFT | 0xffu << WTMK_WRITE_SHIFT)

#define CLOCK_INIT_HZ		400000u
/* Faster needs UHS/HS200 timing and tuning, which this driver does not do. */
#define CLOCK_MAX_HZ		52000000u
#define PRESCALER_MAX		256u
#define DIVISOR_MAX		16u

static uint32_t read32(const struct usdhc *u, unsigned int off)
{
	return mmio_read32(u->config->regs, off);
}

static void write32(const struct usdhc *u, unsigned int off, uint32_t v)
{
	mmio_write32(u->config->regs, off, v);
}

static void update32(const struct usdhc *u, unsigned int off, uint32_t clear, uint32_t set)
{
	write32(u, off, (read32(u, off) & ~clear) | set);
}

static struct usdhc *to_usdhc(struct sdmmc_host *host)
{
	return (struct usdhc *)host;
}

static uint64_t deadline(const struct usdhc *u)
{
	return u->config->ticks() + (uint64_t)u->config->timeout_ms * u->config->ticks_per_ms;
}

static bool expired(const struct usdhc *u, uint64_t when)
{
	return u->config->ticks() > when;
}

/* Waits until (REG & MASK) == WANT: 0 or -SDMMC_E_TIMEOUT. */
static int poll32(const struct usdhc *u, unsigned int reg, uint32_t mask, uint32_t want)
{
	uint64_t when = deadline(u);

	while ((read32(u, reg) & mask) != want)
		if (expired(u, when))
			return -SDMMC_E_TIMEOUT;
	return 0;
}

/* A SYS_CTRL action bit (resets, INITA), which the controller clears when done. */
static int sys_ctrl_action(struct usdhc *u, uint32_t bit)
{
	update32(u, SYS_CTRL, 0, bit);
	return poll32(u, SYS_CTRL, bit, 0);
}

/* The error bits of STATUS as an sdmmc error; they are cleared. */
static int take_error(struct usdhc *u, uint32_t status)
{
	uint32_t errors = status & INT_ERRORS;

	write32(u, INT_STATUS, errors);
	if (errors & INT_AUTO_CMD12) {
		/* The command and data went through; the host's own CMD12 after them did not. */
		uint32_t ac12 = read32(u, AUTOCMD12_ERR_STATUS);

		if (ac12 & AC12_TIMEOUT)
			return -SDMMC_E_TIMEOUT;
		return ac12 & (AC12_CRC | AC12_END_BIT | AC12_INDEX) ? -SDMMC_E_CRC : -SDMMC_E_IO;
	}
	if (errors & (INT_CMD_TIMEOUT | INT_DATA_TIMEOUT))
		return -SDMMC_E_TIMEOUT;
	if (errors & (INT_CMD_CRC | INT_CMD_END_BIT | INT_CMD_INDEX | INT_DATA_CRC | INT_DATA_END_BIT))
		return -SDMMC_E_CRC;
	return -SDMMC_E_IO;
}

/* Waits for any of BITS in the interrupt status and clears them: 0 or -SDMMC_E_*. */
static int wait_status(struct usdhc *u, uint32_t bits, uint64_t when)
{
	for (;;) {
		uint32_t status = read32(u, INT_STATUS);

		if (status & INT_ERRORS)
			return take_error(u, status);
		if (status & bits) {
			write32(u, INT_STATUS, status & bits);
			return 0;
		}
		if (expired(u, when))
			return -SDMMC_E_TIMEOUT;
	}
}

static void read_response(struct usdhc *u, struct sdmmc_command *cmd)
{
	if (cmd->response == SDMMC_RSP_R2) {
		uint32_t r[4];

		for (int i = 0; i < 4; i++)
			r[i] = read32(u, CMD_RSP0 + 4 * i);
		sdhci_r2_response(r, cmd->resp);
	} else if (cmd->response != SDMMC_RSP_NONE) {
		cmd->resp[0] = read32(u, CMD_RSP0);
	}
}

/* The watermark for DATA's blocks, in words: a whole block when it fits the buffer. 0: none fits. */
static uint32_t watermark_for(const struct sdmmc_data *data)
{
	uint32_t words = data->block_size / 4;
	uint32_t wml = words < WATERMARK_MAX ? words : WATERMARK_MAX;

	return data->block_size % 4 == 0 && words % wml == 0 ? wml : 0;
}

/* The data of a command through the buffer port, WML words each time the buffer says ready. */
static int transfer_pio(struct usdhc *u, struct sdmmc_data *data, uint32_t wml)
{
	uint8_t *p = data->buf;
	uint32_t ready = data->write ? INT_BUFFER_WRITE_READY : INT_BUFFER_READ_READY;
	uint32_t chunks = data->blocks * (data->block_size / 4 / wml);

	for (uint32_t c = 0; c < chunks; c++) {
		int err = wait_status(u, ready, deadline(u));

		if (err)
			return err;
		/* Whole little-endian words (PROT_CTRL); the buffer may be anywhere, so byte by byte. */
		for (uint32_t i = 0; i < wml; i++, p += 4) {
			if (data->write)
				write32(u, DATA_BUFF_ACC_PORT, get_le32(p));
			else
				put_le32(p, read32(u, DATA_BUFF_ACC_PORT));
		}
	}
	/* With auto CMD12 this comes after the stop, or an auto CMD12 error does. */
	return wait_status(u, INT_TRANSFER_COMPLETE, deadline(u));
}

/* Block size and count, the watermark and MIX_CTRL's transfer mode for DATA: 0 or -SDMMC_E_RANGE. */
static int setup_data(struct usdhc *u, const struct sdmmc_data *data, uint32_t *wml)
{
	uint32_t mode = MIX_BLOCK_COUNT | (data->write ? 0 : MIX_READ);

	*wml = watermark_for(data);
	if (data->blocks == 0 || data->blocks > 0xffff || data->block_size == 0 || data->block_size > 4096 || !*wml)
		return -SDMMC_E_RANGE;
	if (data->blocks > 1)
		mode |= MIX_MULTI | (data->auto_stop ? MIX_AUTO_CMD12 : 0);
	update32(u, WTMK_LVL, WTMK_MASK, *wml << WTMK_READ_SHIFT | *wml << WTMK_WRITE_SHIFT);
	write32(u, BLK_ATT, data->blocks << 16 | data->block_size);
	update32(u, MIX_CTRL, MIX_TRANSFER_MASK, mode);
	return 0;
}

static int usdhc_send_command(struct sdmmc_host *host, struct sdmmc_command *cmd)
{
	struct usdhc *u = to_usdhc(host);
	struct sdmmc_data *data = cmd->data;
	uint32_t inhibit = STATE_CMD_INHIBIT | (data || cmd->response == SDMMC_RSP_R1B ? STATE_DAT_INHIBIT : 0);
	uint32_t xfr = XFR_INDEX(cmd->index) | (uint32_t)sdhci_response_flags(cmd->response) << XFR_SDHCI_SHIFT |
		       (cmd->index == 12 ? XFR_TYPE_ABORT : 0);
	uint32_t wml = 0;
	uint64_t when = deadline(u);
	int err;

	while (read32(u, PRES_STATE) & inhibit)
		if (expired(u, when))
			return -SDMMC_E_TIMEOUT;
	/* Stale status from an earlier command would read as this one's. */
	write32(u, INT_STATUS, INT_USED);
	if (data) {
		err = setup_data(u, data, &wml);
		if (err)
			return err;
		xfr |= XFR_DATA;
	}
	write32(u, CMD_ARG, cmd->arg);
	write32(u, CMD_XFR_TYP, xfr);
	err = wait_status(u, INT_COMMAND_COMPLETE, when);
	if (err)
		return err;
	read_response(u, cmd);
	if (data)
		return transfer_pio(u, data, wml);
	/* The end of busy is DAT0 going high; transfer complete is not reliable for it on the uSDHC. */
	if (cmd->response == SDMMC_RSP_R1B)
		return poll32(u, PRES_STATE, STATE_DAT0, STATE_DAT0);
	return 0;
}

/*
 * The prescaler (a power of two up to 256) and divisor (1 to 16) that give the fastest clock
 * of at most HZ from ROOT: the smallest prescaler whose divisor fits has the smallest product.
 */
static void divider_for(uint32_t root, uint32_t hz, uint16_t *prescaler, uint8_t *divisor)
{
	for (uint32_t p = 1; p <= PRESCALER_MAX; p *= 2) {
		uint64_t d = ((uint64_t)root + (uint64_t)p * hz - 1) / ((uint64_t)p * hz);

		if (d <= DIVISOR_MAX) {
			*prescaler = (uint16_t)p;
			*divisor = (uint8_t)(d ? d : 1);
			return;
		}
	}
	*prescaler = PRESCALER_MAX;	/* HZ is below the slowest the controller gives */
	*divisor = DIVISOR_MAX;
}

static int usdhc_set_clock(struct sdmmc_host *host, uint32_t hz)
{
	struct usdhc *u = to_usdhc(host);
	uint16_t prescaler;
	uint8_t divisor;
	int err;

	/* The card clock stops before its divider changes, and starts when the new one is stable. */
	update32(u, VEND_SPEC, VEND_CARD_CLOCK | VEND_FORCE_CLOCK, 0);
	u->clock_hz = 0;
	if (hz == 0)
		return 0;
	divider_for(u->config->root_clock_hz, hz, &prescaler, &divisor);
	update32(u, SYS_CTRL, SYS_CLOCK_MASK,
		 (uint32_t)(prescaler >> 1) << SYS_PRESCALER_SHIFT | (uint32_t)(divisor - 1) << SYS_DIVISOR_SHIFT);
	err = poll32(u, PRES_STATE, STATE_CLOCK_STABLE, STATE_CLOCK_STABLE);
	if (err)
		return err;
	update32(u, VEND_SPEC, 0, VEND_CARD_CLOCK | VEND_PER_CLOCK);
	u->prescaler = prescaler;
	u->divisor = divisor;
	u->clock_hz = u->config->root_clock_hz / prescaler / divisor;
	return 0;
}

static int usdhc_set_bus_width(struct sdmmc_host *host, unsigned int bits)
{
	struct usdhc *u = to_usdhc(host);
	uint32_t width;

	if (bits > u->config->bus_width)
		return -SDMMC_E_UNSUPPORTED;	/* more lines than the board wires */
	switch (bits) {
	case 1:
		width = 0;
		break;
	case 4:
		width = PROT_WIDTH_4;
		break;
	case 8:
		width = PROT_WIDTH_8;
		break;
	default:
		return -SDMMC_E_UNSUPPORTED;
	}
	update32(u, PROT_CTRL, PROT_WIDTH_MASK, width);
	return 0;
}

static bool usdhc_card_present(struct sdmmc_host *host)
{
	struct usdhc *u = to_usdhc(host);

	/* Unwired card detect: a missing card shows as commands that time out. */
	return u->config->non_removable || (read32(u, PRES_STATE) & STATE_CARD_INSERTED);
}

static void usdhc_recover(struct sdmmc_host *host)
{
	struct usdhc *u = to_usdhc(host);

	sys_ctrl_action(u, SYS_RESET_CMD);
	sys_ctrl_action(u, SYS_RESET_DAT);
	write32(u, INT_STATUS, INT_USED);
}

static const struct sdmmc_host_ops usdhc_ops = {
	.send_command = usdhc_send_command,
	.set_clock = usdhc_set_clock,
	.set_bus_width = usdhc_set_bus_width,
	.card_present = usdhc_card_present,
	.recover = usdhc_recover,
};

int usdhc_init(struct usdhc *u, const struct usdhc_config *config)
{
	int err;

	u->config = config;
	u->host.ops = &usdhc_ops;
	u->host.bus_4bit = config->bus_width >= 4;
	u->host.max_hz = config->root_clock_hz < CLOCK_MAX_HZ ? config->root_clock_hz : CLOCK_MAX_HZ;
	if (!config->root_clock_hz || (config->bus_width != 1 && config->bus_width != 4 && config->bus_width != 8))
		return -SDMMC_E_UNSUPPORTED;
	err = sys_ctrl_action(u, SYS_RESET_ALL);
	if (err)
		return err;
	/* What the boot ROM or U-Boot may have left that a reset of all does not clear. */
	write32(u, MMC_BOOT, 0);
	write32(u, MIX_CTRL, 0);
	write32(u, CLK_TUNE_CTRL_STATUS, 0);
	write32(u, DLL_CTRL, 0);
	update32(u, AUTOCMD12_ERR_STATUS, AC12_TUNING, 0);
	update32(u, VEND_SPEC, VEND_FORCE_CLOCK, VEND_IPG_CLOCK | VEND_AHB_CLOCK | VEND_PER_CLOCK);
	/* The data port in the CPU's byte order, no DMA, one data line until the card says more. */
	update32(u, PROT_CTRL, PROT_WIDTH_MASK | PROT_ENDIAN_MASK | PROT_DMA_MASK, PROT_ENDIAN_LITTLE);
	update32(u, SYS_CTRL, SYS_TIMEOUT_MASK, SYS_TIMEOUT_LONGEST);
	/* The statuses this driver waits on latch; none interrupts: the storage server polls. */
	write32(u, INT_STATUS_EN, INT_USED);
	write32(u, INT_SIGNAL_EN, 0);
	write32(u, INT_STATUS, INT_USED);
	err = usdhc_set_clock(&u->host, CLOCK_INIT_HZ);
	if (err)
		return err;
	/* The card clock runs only during commands, so the power-up clocks are asked for. */
	return sys_ctrl_action(u, SYS_INIT_CLOCKS);
}
