/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The eMMC protocol (JEDEC JESD84-B51, eMMC 5.1): a device from idle to the transfer state in
 * sector mode, its EXT_CSD read for the capacity and what it can do, the widest bus and the
 * fastest timing both sides have, and its hardware partitions (user area, boot0, boot1) switched
 * through PARTITION_CONFIG. Block reads and writes are sdmmc.c's, for both protocols.
 */
#include <stddef.h>
#include <format/byteorder.h>
#include "sdmmc_internal.h"

/* eMMC's own commands. */
#define CMD_SEND_OP_COND	1
#define CMD_SET_RELATIVE_ADDR	3
#define CMD_SWITCH		6
#define CMD_SEND_EXT_CSD	8

/* CMD1: sector mode asked (access mode, bits 30:29 = 10b), 2.7-3.6 V and 1.70-1.95 V. */
#define OCR_ACCESS_MODE		(3u << 29)
#define OCR_SECTOR_MODE		(2u << 29)
#define OCR_VOLTAGES		0x00ff8080u
/*
 * JESD84 gives a device 1 s to power up. This layer has no clock; at 400 kHz a CMD1 and its
 * answer take about 0.25 ms, so 4000 tries last at least that long.
 */
#define OP_COND_TRIES		4000

/* eMMC takes its relative address from the host (CMD3); any but 0, which deselects. */
#define EMMC_RCA		1

/* CSD SPEC_VERS [125:122]: 4.0 brought EXT_CSD and CMD6. */
#define CSD_SPEC_VERS_START	122
#define SPEC_VERS_EXT_CSD	4

/* EXT_CSD bytes (JESD84-B51 section 7.4). */
#define EXT_CSD_PARTITION_CONFIG	179
#define EXT_CSD_BUS_WIDTH		183
#define EXT_CSD_HS_TIMING		185
#define EXT_CSD_DEVICE_TYPE		196
#define EXT_CSD_SEC_COUNT		212	/* 4 bytes, little-endian: 512-byte sectors */
#define EXT_CSD_BOOT_SIZE_MULT		226	/* in 128 KiB */

#define PARTITION_ACCESS_MASK	7u
#define BUS_WIDTH_4		1
#define BUS_WIDTH_8		2
#define HS_TIMING_HIGH_SPEED	1
#define DEVICE_TYPE_HS_52	(1u << 1)
#define BOOT_SIZE_UNIT_BLOCKS	(128u * 1024 / SDMMC_BLOCK_SIZE)

/* CMD6 in "write byte" access mode: EXT_CSD[index] = value. */
#define SWITCH_WRITE_BYTE	(3u << 24)
#define SWITCH_ARG(index, value)	(SWITCH_WRITE_BYTE | (uint32_t)(index) << 16 | (uint32_t)(value) << 8)
/* Card status bit 7: the device refused the last switch. */
#define STATUS_SWITCH_ERROR	(1u << 7)

#define LEGACY_HZ		26000000u
#define HIGH_SPEED_HZ		52000000u

/* EXT_CSD[INDEX] = VALUE, and the device back in the transfer state: 0 or -SDMMC_E_*. */
static int switch_byte(struct sdmmc_card *card, uint8_t index, uint8_t value)
{
	int err = sdmmc_command(card, CMD_SWITCH, SWITCH_ARG(index, value), SDMMC_RSP_R1B, NULL, NULL);

	/* A refused switch shows only in the status after it. */
	return err ? err : sdmmc_wait_ready(card, STATUS_SWITCH_ERROR);
}

/* CMD1 until the device is powered up (its OCR's busy bit set): 0 or -SDMMC_E_*. */
static int power_up(struct sdmmc_card *card, uint32_t *ocr)
{
	for (int i = 0; i < OP_COND_TRIES; i++) {
		int err = sdmmc_command(card, CMD_SEND_OP_COND, OCR_SECTOR_MODE | OCR_VOLTAGES, SDMMC_RSP_R3, ocr,
					NULL);

		if (err)
			return err == -SDMMC_E_TIMEOUT ? -SDMMC_E_NO_CARD : err;
		if (*ocr & OCR_BUSY_DONE)
			return 0;
	}
	return -SDMMC_E_TIMEOUT;
}

static int read_ext_csd(struct sdmmc_card *card, uint8_t ext_csd[SDMMC_BLOCK_SIZE])
{
	struct sdmmc_data data = { .buf = ext_csd, .block_size = SDMMC_BLOCK_SIZE, .blocks = 1 };

	return sdmmc_command(card, CMD_SEND_EXT_CSD, 0, SDMMC_RSP_R1, NULL, &data);
}

/* A device over 2 GiB is in sector mode and counts its sectors in EXT_CSD; a smaller one in its CSD. */
static int capacity(struct sdmmc_card *card, const uint8_t *ext_csd)
{
	if (!card->high_capacity) {
		card->blocks = sdmmc_csd_v1_blocks(card->csd);
		return 0;
	}
	card->blocks = get_le32(ext_csd + EXT_CSD_SEC_COUNT);
	return card->blocks ? 0 : -SDMMC_E_UNSUPPORTED;
}

static int select_bus_width(struct sdmmc_card *card, struct sdmmc_host *host)
{
	unsigned int bits = host->bus_8bit ? 8 : host->bus_4bit ? 4 : 1;
	int err;

	if (bits == 1)
		return 0;
	err = switch_byte(card, EXT_CSD_BUS_WIDTH, bits == 8 ? BUS_WIDTH_8 : BUS_WIDTH_4);
	if (!err)
		err = host->ops->set_bus_width(host, bits);
	if (!err)
		card->bus_width = (uint8_t)bits;
	return err;
}

/* High speed when the device, the host and the host's clock all allow it; then the clock raised. */
static int select_timing(struct sdmmc_card *card, struct sdmmc_host *host, const uint8_t *ext_csd)
{
	bool high_speed = (ext_csd[EXT_CSD_DEVICE_TYPE] & DEVICE_TYPE_HS_52) && host->high_speed &&
			  host->max_hz > LEGACY_HZ;
	uint32_t top = high_speed ? HIGH_SPEED_HZ : LEGACY_HZ;

	if (high_speed) {
		int err = switch_byte(card, EXT_CSD_HS_TIMING, HS_TIMING_HIGH_SPEED);

		if (!err && host->ops->set_timing)
			err = host->ops->set_timing(host, SDMMC_TIMING_HS);
		if (err)
			return err;
	}
	card->clock_hz = host->max_hz < top ? host->max_hz : top;
	return host->ops->set_clock(host, card->clock_hz);
}

/* PARTITION_CONFIG with PART's access bits, the boot enable and ack bits as they were. */
static int switch_partition(struct sdmmc_card *card, enum sdmmc_partition part)
{
	uint8_t config = (uint8_t)((card->partition_config & ~PARTITION_ACCESS_MASK) | (unsigned int)part);
	int err = switch_byte(card, EXT_CSD_PARTITION_CONFIG, config);

	if (err)
		return err;
	card->partition_config = config;
	card->partition = part;
	return 0;
}

int sdmmc_mmc_init(struct sdmmc_card *card, struct sdmmc_host *host)
{
	const uint32_t rca_arg = (uint32_t)EMMC_RCA << 16;
	uint8_t ext_csd[SDMMC_BLOCK_SIZE];
	uint32_t ocr;
	int err;

	*card = (struct sdmmc_card){ .host = host, .type = SDMMC_CARD_EMMC, .rca = EMMC_RCA, .bus_width = 1 };
	if (!host->ops->card_present(host))
		return -SDMMC_E_NO_CARD;
	err = sdmmc_command(card, CMD_GO_IDLE, 0, SDMMC_RSP_NONE, NULL, NULL);
	if (!err)
		err = power_up(card, &ocr);
	if (err)
		return err;
	card->high_capacity = (ocr & OCR_ACCESS_MODE) == OCR_SECTOR_MODE;
	err = sdmmc_command(card, CMD_ALL_SEND_CID, 0, SDMMC_RSP_R2, card->cid, NULL);
	if (!err)
		err = sdmmc_command(card, CMD_SET_RELATIVE_ADDR, rca_arg, SDMMC_RSP_R1, NULL, NULL);
	if (!err)
		err = sdmmc_command(card, CMD_SEND_CSD, rca_arg, SDMMC_RSP_R2, card->csd, NULL);
	if (err)
		return err;
	if (sdmmc_bits128(card->csd, CSD_SPEC_VERS_START, 4) < SPEC_VERS_EXT_CSD)
		return -SDMMC_E_UNSUPPORTED;
	err = sdmmc_command(card, CMD_SELECT_CARD, rca_arg, SDMMC_RSP_R1B, NULL, NULL);
	if (!err)
		err = read_ext_csd(card, ext_csd);
	if (!err)
		err = capacity(card, ext_csd);
	if (!err && !card->high_capacity)
		err = sdmmc_command(card, CMD_SET_BLOCKLEN, SDMMC_BLOCK_SIZE, SDMMC_RSP_R1, NULL, NULL);
	if (err)
		return err;
	card->boot_blocks = (uint64_t)ext_csd[EXT_CSD_BOOT_SIZE_MULT] * BOOT_SIZE_UNIT_BLOCKS;
	card->partition_config = ext_csd[EXT_CSD_PARTITION_CONFIG];
	/* CMD0 clears PARTITION_ACCESS; a device that kept it is put back on the user area. */
	if (card->partition_config & PARTITION_ACCESS_MASK)
		err = switch_partition(card, SDMMC_PART_USER);
	if (!err)
		err = select_bus_width(card, host);
	return err ? err : select_timing(card, host, ext_csd);
}

int sdmmc_card_init(struct sdmmc_card *card, struct sdmmc_host *host)
{
	int sd_err = sdmmc_sd_init(card, host), err;

	/*
	 * An eMMC gives no answer to CMD55/ACMD41 (-SDMMC_E_NO_CARD) or one with ILLEGAL_COMMAND
	 * (-SDMMC_E_CARD). When it does not answer CMD1 either, the SD attempt's error says more.
	 */
	if ((sd_err != -SDMMC_E_NO_CARD && sd_err != -SDMMC_E_CARD) || !host->ops->card_present(host))
		return sd_err;
	err = sdmmc_mmc_init(card, host);
	return err == -SDMMC_E_NO_CARD ? sd_err : err;
}

static bool has_partition(const struct sdmmc_card *card, enum sdmmc_partition part)
{
	switch (part) {
	case SDMMC_PART_USER:
		return true;
	case SDMMC_PART_BOOT0:
	case SDMMC_PART_BOOT1:
		return card->type == SDMMC_CARD_EMMC && card->boot_blocks;
	default:
		return false;
	}
}

int sdmmc_select_partition(struct sdmmc_card *card, enum sdmmc_partition part)
{
	if (!has_partition(card, part))
		return -SDMMC_E_UNSUPPORTED;
	return part == card->partition ? 0 : switch_partition(card, part);
}
