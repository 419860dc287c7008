/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SD Host Controller Interface core (SD Host Controller Simplified Specification, v2/v3
 * registers): an sdmmc_host for the protocol layer. A front end finds the registers and calls
 * sdhci_init: sdhci_pci.c for QEMU's sdhci-pci, sdhci_mmio.c for a controller at a fixed address. Transfers go through the buffer data
 * port (PIO): no DMA, so the controller reaches no memory but its registers. Polled.
 */
#ifndef DRIVERS_SDHCI_H
#define DRIVERS_SDHCI_H

#include <stdbool.h>
#include <stdint.h>
#include <drivers/sdmmc.h>

/*
 * A bounce buffer the controller may reach by SDMA: physically contiguous, SIZE a power of two
 * from 4 KiB to 512 KiB, aligned to its size and below 4 GiB (SDMA addresses are 32 bits). The
 * controller then writes memory: whoever gives it one lets the driver's owner reach that memory,
 * and with no IOMMU only this driver's care keeps the controller to it.
 */
struct sdhci_dma_buffer {
	void *virt;
	uint64_t phys;
	uint32_t size;
};

/* Const configuration: where the registers are and how time is read (for timeouts). */
struct sdhci_config {
	volatile void *regs;
	uint64_t (*ticks)(void);	/* a free-running counter */
	uint64_t ticks_per_ms;
	uint32_t timeout_ms;		/* a command's or a block's, CONFIG_SDMMC_CMD_TIMEOUT_MS */
	bool bus_8bit;			/* the platform wires the slot's DAT4-7 (an eMMC); sdhci-pci: false */
	bool broken_card_detect;	/* the slot's card detect is not wired to the controller: assume a card */
	const struct sdhci_dma_buffer *dma;	/* NULL: PIO through the buffer data port */
};

/* Mutable data; host first, so the ops can find the rest. */
struct sdhci {
	struct sdmmc_host host;
	const struct sdhci_config *config;
	uint8_t version;		/* the spec version field: 0 (1.00), 1 (2.00), 2 (3.00) */
	uint32_t base_clock_hz;
	uint16_t clock_divider;		/* of the clock set last (0: the base clock) */
	bool sdma;			/* transfers go through config->dma by SDMA */
	uint8_t sdma_boundary;		/* the buffer's size as the block size register's boundary field */
};

/*
 * Resets the controller, powers the slot at 3.3 V and sets the 400 kHz clock: 0 or -SDMMC_E_*.
 * With config->dma usable (as above, and the controller has SDMA), transfers use it, at most the
 * buffer's size a command (host.max_blocks); otherwise PIO.
 */
int sdhci_init(struct sdhci *sdhci, const struct sdhci_config *config);

/*
 * What the SDHCI-like controllers share (the i.MX uSDHC's CMD_XFR_TYP bits 31:16 are SDHCI's
 * command register, its response registers SDHCI's). The command register's response type and
 * checks for RESPONSE:
 */
static inline uint16_t sdhci_response_flags(enum sdmmc_response response)
{
	enum { RSP_136 = 1, RSP_48 = 2, RSP_48_BUSY = 3, CRC_CHECK = 1 << 3, INDEX_CHECK = 1 << 4 };

	switch (response) {
	case SDMMC_RSP_R1:
		return RSP_48 | CRC_CHECK | INDEX_CHECK;
	case SDMMC_RSP_R1B:
		return RSP_48_BUSY | CRC_CHECK | INDEX_CHECK;
	case SDMMC_RSP_R2:
		return RSP_136 | CRC_CHECK;
	case SDMMC_RSP_R3:
		return RSP_48;
	case SDMMC_RSP_NONE:
	default:
		return 0;
	}
}

/* An R2 from the four response registers REG, which hold its bits 127:8 from bit 0, in place. */
static inline void sdhci_r2_response(const uint32_t reg[4], uint32_t resp[4])
{
	for (int i = 0; i < 4; i++)
		resp[i] = reg[3 - i] << 8 | (i < 3 ? reg[2 - i] >> 24 : 0);
}

#endif
