/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A simulated SDHCI controller at a fixed address (as the Raspberry Pi 4's EMMC2): registers of
 * 8, 16 and 32 bits whose writes act as the SD Host Controller specification says for what
 * sdhci.c uses, the simulated card behind them, a card detect that can be unwired.
 */
#ifndef SDHCI_MODEL_H
#define SDHCI_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "sim_card.h"

struct sdhci_model {
	uint8_t reg[0x100];			/* the registers: the driver's regs */
	struct sim_card *card;
	struct sim_transfer transfer;
	bool card_detect_wired;			/* PRESENT_STATE shows the card */
	unsigned int fail_transfers;		/* this many data transfers end half-way with a data CRC error */
	unsigned int resets_all, resets_cmd, resets_dat;
	uint16_t last_transfer_mode;		/* at the last command with data */
	/* SDMA: the memory the controller may reach, as [dma_phys, dma_phys + dma_size) at dma_memory. */
	uint8_t *dma_memory;
	uint64_t dma_phys;
	uint32_t dma_size;
	uint32_t pause_every;			/* pause a DMA transfer every this many bytes (0: at the boundary) */
	unsigned int dma_transfers, dma_pauses, port_words;
	uint32_t dma_left, dma_at;		/* a paused transfer: bytes left, card offset */
	uint8_t *dma_card;
	bool dma_write;
};

/* SDMA in the capabilities, with MEMORY (SIZE bytes) seen by the controller at PHYS. */
void sdhci_model_dma(struct sdhci_model *m, uint8_t *memory, uint64_t phys, uint32_t size);

/* The model the mmio functions act on: version VERSION (2: 3.00), BASE_MHZ in the capabilities. */
struct sdhci_model *sdhci_model_new(struct sim_card *card, uint16_t version, uint8_t base_mhz);
void sdhci_model_free(struct sdhci_model *m);

uint16_t sdhci_model_reg16(const struct sdhci_model *m, unsigned int offset);

#endif
