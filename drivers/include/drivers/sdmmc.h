/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SD/MMC protocol layer (drivers/sdmmc/sdmmc.c) and what it needs from a host controller
 * driver: one ops table (Zephyr's shape), which the SDHCI core and the uSDHC driver implement.
 * The protocol layer knows commands and card states; a host knows registers. User space: the storage server runs
 * both.
 */
#ifndef DRIVERS_SDMMC_H
#define DRIVERS_SDMMC_H

#include <stdbool.h>
#include <stdint.h>

#define SDMMC_BLOCK_SIZE	512u

/* Errors, as negative return values. */
enum sdmmc_error {
	SDMMC_OK = 0,
	SDMMC_E_TIMEOUT = 1,		/* the host or the card did not answer in time */
	SDMMC_E_CRC = 2,		/* a command's or the data's CRC failed, or an end bit */
	SDMMC_E_NO_CARD = 3,		/* no card in the slot, or none answered */
	SDMMC_E_UNSUPPORTED = 4,	/* a card or host this layer does not drive */
	SDMMC_E_IO = 5,			/* any other error the host reports */
	SDMMC_E_RANGE = 6,		/* blocks past the card's end */
	SDMMC_E_CARD = 7,		/* the card's status has an error bit */
	SDMMC_E_MAX
};

const char *sdmmc_strerror(int err);

/* A command's response, as the host delivers it (R2: 128 bits, CRC stripped, resp[0] bits 127:96). */
enum sdmmc_response {
	SDMMC_RSP_NONE,
	SDMMC_RSP_R1,		/* 48 bits, index and CRC checked; also R6, R7 */
	SDMMC_RSP_R1B,		/* R1, then busy on DAT0 */
	SDMMC_RSP_R2,		/* 136 bits: CID, CSD */
	SDMMC_RSP_R3,		/* 48 bits, no index, no CRC: OCR */
};

/* Blocks to move with a command: BUF holds BLOCKS * BLOCK_SIZE bytes. */
struct sdmmc_data {
	void *buf;
	uint32_t block_size;
	uint32_t blocks;
	bool write;
	bool auto_stop;		/* the host sends CMD12 after the last block (multi-block commands) */
};

struct sdmmc_command {
	uint8_t index;
	uint32_t arg;
	enum sdmmc_response response;
	uint32_t resp[4];		/* filled in: resp[0] for 48-bit responses */
	struct sdmmc_data *data;	/* NULL: no data */
};

struct sdmmc_host;

/* What the protocol layer asks of a host controller driver. Each returns 0 or -SDMMC_E_*. */
struct sdmmc_host_ops {
	int (*send_command)(struct sdmmc_host *host, struct sdmmc_command *cmd);
	int (*set_clock)(struct sdmmc_host *host, uint32_t hz);	/* 0: clock off */
	int (*set_bus_width)(struct sdmmc_host *host, unsigned int bits);	/* 1 or 4 */
	bool (*card_present)(struct sdmmc_host *host);
	/* After an error: the command and data lines back to idle. */
	void (*recover)(struct sdmmc_host *host);
};

struct sdmmc_host {
	const struct sdmmc_host_ops *ops;
	uint32_t max_hz;		/* the fastest clock the host can give */
	bool bus_4bit;			/* the host can do a 4-bit bus */
};

/* A card the protocol layer has brought to the transfer state. */
struct sdmmc_card {
	struct sdmmc_host *host;
	uint16_t rca;			/* relative card address */
	bool high_capacity;		/* SDHC/SDXC: block addresses, else byte addresses */
	uint8_t bus_width;
	uint32_t clock_hz;
	uint64_t blocks;		/* of SDMMC_BLOCK_SIZE */
	uint32_t cid[4], csd[4];
	uint32_t retries;		/* commands retried since init (a transfer that failed and then succeeded) */
};

/* Brings the SD card in HOST's slot up (CMD0 .. CMD7, 4-bit bus, full speed): 0 or -SDMMC_E_*. */
int sdmmc_sd_init(struct sdmmc_card *card, struct sdmmc_host *host);

/*
 * COUNT blocks from block LBA into BUF, or from BUF to the card. A transfer that fails is retried
 * (CONFIG_SDMMC_RETRIES) from its first block; it never returns short: 0, or -SDMMC_E_* and
 * nothing can be assumed of the blocks.
 */
int sdmmc_read_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, void *buf);
int sdmmc_write_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, const void *buf);

/* The card's product name from its CID (5 characters and a NUL). */
void sdmmc_card_name(const struct sdmmc_card *card, char name[6]);

#endif
