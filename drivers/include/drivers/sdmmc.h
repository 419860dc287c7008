/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SD/MMC protocol layer (drivers/sdmmc/sdmmc.c for SD cards, mmc.c for eMMC) and what it
 * needs from a host controller driver: one ops table (Zephyr's shape), which the SDHCI core and
 * the uSDHC driver implement. The protocol layer knows commands and card states; a host knows
 * registers. User space: the storage server runs both.
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

/* Bus timing: how the host drives the lines relative to the clock. */
enum sdmmc_timing {
	SDMMC_TIMING_LEGACY,	/* up to 25 MHz (SD) or 26 MHz (eMMC) */
	SDMMC_TIMING_HS,	/* eMMC high speed, up to 52 MHz */
};

struct sdmmc_host;

/* What the protocol layer asks of a host controller driver. Each returns 0 or -SDMMC_E_*. */
struct sdmmc_host_ops {
	int (*send_command)(struct sdmmc_host *host, struct sdmmc_command *cmd);
	int (*set_clock)(struct sdmmc_host *host, uint32_t hz);	/* 0: clock off */
	int (*set_bus_width)(struct sdmmc_host *host, unsigned int bits);	/* 1, 4 or 8 (if bus_8bit) */
	bool (*card_present)(struct sdmmc_host *host);
	/* After an error: the command and data lines back to idle. */
	void (*recover)(struct sdmmc_host *host);
	/* Only asked for when high_speed is set; NULL: the host needs no setting for it. */
	int (*set_timing)(struct sdmmc_host *host, enum sdmmc_timing timing);
};

struct sdmmc_host {
	const struct sdmmc_host_ops *ops;
	uint32_t max_hz;		/* the fastest clock the host can give */
	bool bus_4bit;			/* the host can do a 4-bit bus */
	bool bus_8bit;			/* the slot is wired 8 bits wide (eMMC) and the host can drive it */
	bool high_speed;		/* the host can drive high-speed timing */
	uint32_t max_blocks;		/* the most blocks one command may move (0: the 65535 of a block count) */
	bool dma;			/* data moves by DMA (else by the CPU through a data port) */
};

enum sdmmc_card_type {
	SDMMC_CARD_SD,
	SDMMC_CARD_EMMC,
};

/* An eMMC's hardware partitions, numbered as EXT_CSD PARTITION_CONFIG's PARTITION_ACCESS field. */
enum sdmmc_partition {
	SDMMC_PART_USER = 0,		/* the user data area (an SD card's only one) */
	SDMMC_PART_BOOT0 = 1,
	SDMMC_PART_BOOT1 = 2,
};

/* A card the protocol layer has brought to the transfer state. */
struct sdmmc_card {
	struct sdmmc_host *host;
	enum sdmmc_card_type type;
	uint16_t rca;			/* relative card address */
	bool high_capacity;		/* SDHC/SDXC or eMMC in sector mode: block addresses, else byte addresses */
	uint8_t bus_width;
	uint32_t clock_hz;
	uint64_t blocks;		/* of SDMMC_BLOCK_SIZE, in the user data area */
	uint32_t cid[4], csd[4];
	uint32_t retries;		/* commands retried since init (a transfer that failed and then succeeded) */
	/* eMMC only (zero on an SD card): */
	uint64_t boot_blocks;		/* the size of boot0 and of boot1 (each), 0: none */
	enum sdmmc_partition partition;	/* the partition reads and writes go to */
	uint8_t partition_config;	/* EXT_CSD PARTITION_CONFIG as last written: its boot bits stay */
};

/* Brings the SD card in HOST's slot up (CMD0 .. CMD7, 4-bit bus, full speed): 0 or -SDMMC_E_*. */
int sdmmc_sd_init(struct sdmmc_card *card, struct sdmmc_host *host);

/*
 * Brings the eMMC in HOST's slot up (JESD84-B51: CMD0, CMD1 in sector mode, CID, RCA, CSD, select,
 * EXT_CSD; 8-bit bus if the host has one, else 4; high speed at 52 MHz if both sides can), the
 * user data area selected: 0 or -SDMMC_E_*. Devices older than MMC 4.0 (no EXT_CSD) are not
 * driven (-SDMMC_E_UNSUPPORTED). CONFIG_SDMMC_EMMC.
 */
int sdmmc_mmc_init(struct sdmmc_card *card, struct sdmmc_host *host);

/*
 * Whatever is in HOST's slot: an SD card first, and when nothing answers as one (no reply to
 * CMD55/ACMD41, or one with an error bit), an eMMC from CMD0; if no eMMC answers either, the SD
 * attempt's error. CONFIG_SDMMC_EMMC.
 */
int sdmmc_card_init(struct sdmmc_card *card, struct sdmmc_host *host);

/*
 * Makes PART the partition reads and writes go to (an eMMC's CMD6 to PARTITION_CONFIG; the boot
 * enable and ack bits kept), its size their range: 0, or -SDMMC_E_UNSUPPORTED for a partition
 * the card does not have, or the switch's error (the previous partition stays selected).
 * CONFIG_SDMMC_EMMC.
 */
int sdmmc_select_partition(struct sdmmc_card *card, enum sdmmc_partition part);

/* The selected partition's size in blocks. */
uint64_t sdmmc_partition_blocks(const struct sdmmc_card *card);

/*
 * COUNT blocks from block LBA into BUF, or from BUF to the card. A transfer that fails is retried
 * (CONFIG_SDMMC_RETRIES) from its first block; it never returns short: 0, or -SDMMC_E_* and
 * nothing can be assumed of the blocks.
 */
int sdmmc_read_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, void *buf);
int sdmmc_write_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, const void *buf);

/* The card's product name from its CID: 5 characters (SD) or 6 (eMMC) and a NUL. */
#define SDMMC_CARD_NAME_SIZE	7
void sdmmc_card_name(const struct sdmmc_card *card, char name[SDMMC_CARD_NAME_SIZE]);

#endif
