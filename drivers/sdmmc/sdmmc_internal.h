/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the SD (sdmmc.c) and eMMC (mmc.c) protocols share: commands both have, the card status
 * bits, one command sent with its response checked, status polling and the CSD's bit fields.
 * Not for host drivers: they see only drivers/sdmmc.h.
 */
#ifndef DRIVERS_SDMMC_INTERNAL_H
#define DRIVERS_SDMMC_INTERNAL_H

#include <drivers/sdmmc.h>

/* Commands both protocols number alike. */
#define CMD_GO_IDLE		0
#define CMD_ALL_SEND_CID	2
#define CMD_SELECT_CARD		7
#define CMD_SEND_CSD		9
#define CMD_STOP_TRANSMISSION	12
#define CMD_SEND_STATUS		13
#define CMD_SET_BLOCKLEN	16

/* The OCR's bit 31 (ACMD41's and CMD1's answer): powered up. */
#define OCR_BUSY_DONE		(1u << 31)

/* Card status (R1) bits. */
#define STATUS_ERRORS		0xfdf90008u	/* out of range .. AKE_SEQ_ERROR */
#define STATUS_READY		(1u << 8)
#define STATUS_STATE(s)		(((s) >> 9) & 0xf)
#define STATE_TRAN		4

/*
 * Sends command INDEX with ARG and DATA (NULL: none); RESP (may be NULL) gets the response. A
 * host error resets the lines (ops->recover) and is returned; an R1 with an error bit is
 * -SDMMC_E_CARD.
 */
int sdmmc_command(struct sdmmc_card *card, uint8_t index, uint32_t arg, enum sdmmc_response rsp, uint32_t *resp,
		  struct sdmmc_data *data);

/*
 * Polls CMD13 until the card is ready in the transfer state: 0, -SDMMC_E_CARD if a status had
 * any of ERROR_BITS (beyond the R1 errors always checked), or -SDMMC_E_TIMEOUT.
 */
int sdmmc_wait_ready(struct sdmmc_card *card, uint32_t error_bits);

/* Bits [start + len - 1 : start] of a 128-bit register as R2 delivers it (r[0] holds 127:96). */
uint32_t sdmmc_bits128(const uint32_t r[4], unsigned int start, unsigned int len);

/* The size in blocks a CSD of the original layout gives: SD's version 1.0, any MMC's. */
uint64_t sdmmc_csd_v1_blocks(const uint32_t csd[4]);

#endif
