/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The SD protocol (SD Physical Layer Simplified Specification v9.00, sections 4.2 and 4.3):
 * a card from idle to transfer state, its capacity from the CSD, and block reads and writes
 * with a stop and a status check, retried whole on failure. Host-independent: every register
 * access is behind struct sdmmc_host_ops.
 */
#include <stddef.h>
#include "sdmmc_internal.h"

/* Commands of SD's own (CMDn; ACMDn after CMD55) and the block transfers. */
#define CMD_SEND_RELATIVE_ADDR	3
#define CMD_SEND_IF_COND	8
#define CMD_READ_SINGLE		17
#define CMD_READ_MULTIPLE	18
#define CMD_WRITE_SINGLE	24
#define CMD_WRITE_MULTIPLE	25
#define CMD_APP_CMD		55
#define ACMD_SET_BUS_WIDTH	6
#define ACMD_SD_SEND_OP_COND	41

/* CMD8: 2.7-3.6 V and a check pattern the card echoes. */
#define IF_COND_ARG		0x1aa
/* ACMD41: host capacity support and the 3.2-3.4 V window. */
#define OCR_HCS			(1u << 30)
#define OCR_VOLTAGES		0x00ff8000u
/* ACMD41 is repeated for up to a second (the spec's initialisation timeout). */
#define OP_COND_TRIES		1000

#define DEFAULT_SPEED_HZ	25000000u
#define STATUS_POLLS		100000

static const char *const error_names[SDMMC_E_MAX] = {
	[SDMMC_OK] = "no error",
	[SDMMC_E_TIMEOUT] = "timed out",
	[SDMMC_E_CRC] = "CRC or end bit error",
	[SDMMC_E_NO_CARD] = "no card",
	[SDMMC_E_UNSUPPORTED] = "card or host not supported",
	[SDMMC_E_IO] = "I/O error",
	[SDMMC_E_RANGE] = "out of the card's range",
	[SDMMC_E_CARD] = "the card reports an error",
};

const char *sdmmc_strerror(int err)
{
	if (err < 0)
		err = -err;
	return err < SDMMC_E_MAX && error_names[err] ? error_names[err] : "unknown SD/MMC error";
}

int sdmmc_command(struct sdmmc_card *card, uint8_t index, uint32_t arg, enum sdmmc_response rsp, uint32_t *resp,
		  struct sdmmc_data *data)
{
	struct sdmmc_command cmd = { .index = index, .arg = arg, .response = rsp, .data = data };
	int err = card->host->ops->send_command(card->host, &cmd);

	if (err) {
		card->host->ops->recover(card->host);
		return err;
	}
	if (resp)
		for (int i = 0; i < (rsp == SDMMC_RSP_R2 ? 4 : 1); i++)
			resp[i] = cmd.resp[i];
	/* An R1's error bits fail the command as surely as a host error (SD's R6 and R7 have none). */
	if ((rsp == SDMMC_RSP_R1 || rsp == SDMMC_RSP_R1B) &&
	    !(card->type == SDMMC_CARD_SD && (index == CMD_SEND_RELATIVE_ADDR || index == CMD_SEND_IF_COND)) &&
	    (cmd.resp[0] & STATUS_ERRORS))
		return -SDMMC_E_CARD;
	return 0;
}

static int command(struct sdmmc_card *card, uint8_t index, uint32_t arg, enum sdmmc_response rsp, uint32_t *resp)
{
	return sdmmc_command(card, index, arg, rsp, resp, NULL);
}

static int app_command(struct sdmmc_card *card, uint8_t index, uint32_t arg, enum sdmmc_response rsp,
		       uint32_t *resp)
{
	int err = command(card, CMD_APP_CMD, (uint32_t)card->rca << 16, SDMMC_RSP_R1, NULL);

	return err ? err : command(card, index, arg, rsp, resp);
}

uint32_t sdmmc_bits128(const uint32_t r[4], unsigned int start, unsigned int len)
{
	uint32_t v = 0;

	for (unsigned int i = 0; i < len; i++) {
		unsigned int bit = start + i;

		v |= ((r[3 - bit / 32] >> (bit % 32)) & 1u) << i;
	}
	return v;
}

uint64_t sdmmc_csd_v1_blocks(const uint32_t csd[4])
{
	uint64_t c_size = sdmmc_bits128(csd, 62, 12), mult = sdmmc_bits128(csd, 47, 3);
	uint64_t bl_len = sdmmc_bits128(csd, 80, 4);

	return ((c_size + 1) << (mult + 2) << bl_len) / SDMMC_BLOCK_SIZE;
}

/* The card's size in 512-byte blocks, from CSD version 1.0 (SDSC) or 2.0 (SDHC/SDXC). */
static int capacity(struct sdmmc_card *card)
{
	const uint32_t *csd = card->csd;

	switch (sdmmc_bits128(csd, 126, 2)) {
	case 0:
		card->blocks = sdmmc_csd_v1_blocks(csd);
		return 0;
	case 1:
		card->blocks = ((uint64_t)sdmmc_bits128(csd, 48, 22) + 1) * 1024;
		return 0;
	default:
		return -SDMMC_E_UNSUPPORTED;
	}
}

int sdmmc_sd_init(struct sdmmc_card *card, struct sdmmc_host *host)
{
	uint32_t resp[4], ocr = 0;
	bool v2;
	int err, i;

	*card = (struct sdmmc_card){ .host = host, .bus_width = 1 };
	if (!host->ops->card_present(host))
		return -SDMMC_E_NO_CARD;
	err = command(card, CMD_GO_IDLE, 0, SDMMC_RSP_NONE, NULL);
	if (err)
		return err;
	/* CMD8: a card of spec 2.00 or later answers, echoing the pattern; an older one times out. */
	err = command(card, CMD_SEND_IF_COND, IF_COND_ARG, SDMMC_RSP_R1, resp);
	v2 = !err;
	if (v2 && (resp[0] & 0xfff) != IF_COND_ARG)
		return -SDMMC_E_UNSUPPORTED;	/* not our voltage, or a garbled echo */
	for (i = 0; i < OP_COND_TRIES; i++) {
		err = app_command(card, ACMD_SD_SEND_OP_COND, OCR_VOLTAGES | (v2 ? OCR_HCS : 0), SDMMC_RSP_R3, &ocr);
		if (err)
			return err == -SDMMC_E_TIMEOUT ? -SDMMC_E_NO_CARD : err;
		if (ocr & OCR_BUSY_DONE)
			break;
	}
	if (!(ocr & OCR_BUSY_DONE))
		return -SDMMC_E_TIMEOUT;
	card->high_capacity = v2 && (ocr & OCR_HCS);
	err = command(card, CMD_ALL_SEND_CID, 0, SDMMC_RSP_R2, card->cid);
	if (!err)
		err = command(card, CMD_SEND_RELATIVE_ADDR, 0, SDMMC_RSP_R1, resp);
	if (err)
		return err;
	card->rca = (uint16_t)(resp[0] >> 16);
	err = command(card, CMD_SEND_CSD, (uint32_t)card->rca << 16, SDMMC_RSP_R2, card->csd);
	if (!err)
		err = capacity(card);
	if (!err)
		err = command(card, CMD_SELECT_CARD, (uint32_t)card->rca << 16, SDMMC_RSP_R1B, NULL);
	if (!err && !card->high_capacity)
		err = command(card, CMD_SET_BLOCKLEN, SDMMC_BLOCK_SIZE, SDMMC_RSP_R1, NULL);
	if (!err && host->bus_4bit) {
		err = app_command(card, ACMD_SET_BUS_WIDTH, 2, SDMMC_RSP_R1, NULL);
		if (!err)
			err = host->ops->set_bus_width(host, 4);
		if (!err)
			card->bus_width = 4;
	}
	if (err)
		return err;
	card->clock_hz = host->max_hz < DEFAULT_SPEED_HZ ? host->max_hz : DEFAULT_SPEED_HZ;
	return host->ops->set_clock(host, card->clock_hz);
}

/* Waits until the card is back in the transfer state (a write is programmed, a switch done). */
int sdmmc_wait_ready(struct sdmmc_card *card, uint32_t error_bits)
{
	uint32_t status;

	for (int i = 0; i < STATUS_POLLS; i++) {
		int err = command(card, CMD_SEND_STATUS, (uint32_t)card->rca << 16, SDMMC_RSP_R1, &status);

		if (err)
			return err;
		if (status & error_bits)
			return -SDMMC_E_CARD;
		if ((status & STATUS_READY) && STATUS_STATE(status) == STATE_TRAN)
			return 0;
	}
	return -SDMMC_E_TIMEOUT;
}

static int transfer(struct sdmmc_card *card, uint64_t lba, uint32_t count, void *buf, bool write)
{
	struct sdmmc_data data = { .buf = buf, .block_size = SDMMC_BLOCK_SIZE, .blocks = count, .write = write,
				   .auto_stop = true };
	uint8_t index = (uint8_t)(write ? (count > 1 ? CMD_WRITE_MULTIPLE : CMD_WRITE_SINGLE) :
					  (count > 1 ? CMD_READ_MULTIPLE : CMD_READ_SINGLE));
	uint32_t arg = (uint32_t)(card->high_capacity ? lba : lba * SDMMC_BLOCK_SIZE);
	int err = sdmmc_command(card, index, arg, SDMMC_RSP_R1, NULL, &data);

	/* After a host error the card may still be sending or receiving: stop it before anything else. */
	if (err && err != -SDMMC_E_CARD && count > 1)
		command(card, CMD_STOP_TRANSMISSION, 0, SDMMC_RSP_R1B, NULL);
	if (err)
		return err;
	return write ? sdmmc_wait_ready(card, 0) : 0;
}

/* At most this many blocks a command (the SDHCI block count is 16 bits). */
#define MAX_BLOCKS_PER_COMMAND	0xffffu

uint64_t sdmmc_partition_blocks(const struct sdmmc_card *card)
{
	return card->partition == SDMMC_PART_USER ? card->blocks : card->boot_blocks;
}

static int transfer_all(struct sdmmc_card *card, uint64_t lba, uint32_t count, void *buf, bool write)
{
	uint64_t blocks = sdmmc_partition_blocks(card);
	uint8_t *p = buf;

	if (lba > blocks || count > blocks - lba)
		return -SDMMC_E_RANGE;
	/* SDSC cards take byte addresses in 32 bits. */
	if (!card->high_capacity && (lba + count) * SDMMC_BLOCK_SIZE > UINT32_MAX + 1ull)
		return -SDMMC_E_RANGE;
	while (count) {
		uint32_t most = card->host->max_blocks && card->host->max_blocks < MAX_BLOCKS_PER_COMMAND ?
				card->host->max_blocks : MAX_BLOCKS_PER_COMMAND;
		uint32_t n = count < most ? count : most;
		int err = -SDMMC_E_IO;

		for (int attempt = 0; attempt <= CONFIG_SDMMC_RETRIES; attempt++) {
			err = transfer(card, lba, n, p, write);
			if (!err)
				break;
			card->retries++;
		}
		if (err)
			return err;
		lba += n;
		count -= n;
		p += (uint64_t)n * SDMMC_BLOCK_SIZE;
	}
	return 0;
}

int sdmmc_read_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, void *buf)
{
	return transfer_all(card, lba, count, buf, false);
}

int sdmmc_write_blocks(struct sdmmc_card *card, uint64_t lba, uint32_t count, const void *buf)
{
	/* The host only reads a write's buffer; the one transfer path takes it as void *. */
	return transfer_all(card, lba, count, (void *)(uintptr_t)buf, true);
}

void sdmmc_card_name(const struct sdmmc_card *card, char name[SDMMC_CARD_NAME_SIZE])
{
	/* CID bits from 103 down: the product name, five ASCII characters on SD, six on eMMC. */
	int length = card->type == SDMMC_CARD_EMMC ? 6 : 5;

	for (int i = 0; i < length; i++) {
		uint32_t c = sdmmc_bits128(card->cid, 96 - 8 * i, 8);

		name[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	name[length] = '\0';
}
