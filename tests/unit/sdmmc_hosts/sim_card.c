/* SPDX-License-Identifier: BSD-2-Clause */
/* The simulated SD card and its data transfers (sim_card.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "sim_card.h"

#define STATUS_TRAN_READY	(4u << 9 | 1u << 8)
#define STATUS_APP_CMD		(1u << 5)
#define OCR_READY		(1u << 31)
#define OCR_CCS			(1u << 30)
#define OCR_VOLTAGES		0x00ff8000u

struct sim_card *sim_card_new(bool high_capacity, uint64_t blocks)
{
	struct sim_card *card = calloc(1, sizeof(*card));

	assert_non_null(card);
	card->present = card->answers = true;
	card->high_capacity = high_capacity;
	card->blocks = blocks;
	card->busy_rounds = 2;
	card->disk = calloc(blocks, SIM_CARD_BLOCK);
	assert_non_null(card->disk);
	return card;
}

void sim_card_free(struct sim_card *card)
{
	free(card->disk);
	free(card);
}

/* Sets bit BIT of the 128-bit register R (r[0] holds bits 127:96) to the low bit of V. */
static void set_bits(uint32_t r[4], unsigned int start, unsigned int len, uint64_t v)
{
	for (unsigned int i = 0; i < len; i++)
		if ((v >> i) & 1)
			r[3 - (start + i) / 32] |= 1u << ((start + i) % 32);
}

/* CSD 2.0 (SDHC) or 1.0 with 512-byte blocks (SDSC) for the card's size. */
static void csd(const struct sim_card *card, uint32_t r[4])
{
	memset(r, 0, 16);
	if (card->high_capacity) {
		set_bits(r, 126, 2, 1);
		set_bits(r, 48, 22, card->blocks / 1024 - 1);
	} else {
		set_bits(r, 80, 4, 9);		/* READ_BL_LEN 512 */
		set_bits(r, 47, 3, 7);		/* C_SIZE_MULT: x 512 */
		set_bits(r, 62, 12, card->blocks / 512 - 1);
	}
}

bool sim_card_command(struct sim_card *card, uint8_t index, uint32_t arg, uint32_t resp[4])
{
	bool app = card->app;

	assert_true(card->ncmds < SIM_CARD_MAX_LOG);
	card->log[card->ncmds] = (uint8_t)(app ? 100 + index : index);
	card->args[card->ncmds++] = arg;
	card->app = false;
	memset(resp, 0, 16);
	if (!card->answers || !card->present)
		return false;
	if (app && index == 41) {
		resp[0] = OCR_VOLTAGES | (card->busy_rounds ? 0 : OCR_READY) |
			  (card->high_capacity && (arg & OCR_CCS) ? OCR_CCS : 0);
		if (card->busy_rounds)
			card->busy_rounds--;
		return true;
	}
	switch (index) {
	case 0:
		return true;
	case 2:
		/* Manufacturer 0x1b, OEM "SM", product name "EB1QT" (bits 103:64). */
		resp[0] = 0x1b534d45;
		resp[1] = 0x42315154;
		resp[2] = 0x30000000;
		return true;
	case 3:
		resp[0] = (uint32_t)SIM_CARD_RCA << 16;
		return true;
	case 8:
		resp[0] = arg & 0xfff;
		return true;
	case 9:
		csd(card, resp);
		return true;
	case 55:
		card->app = true;
		resp[0] = STATUS_TRAN_READY | STATUS_APP_CMD;
		return true;
	case 6:
	case 7:
	case 12:
	case 13:
	case 16:
	case 17:
	case 18:
	case 24:
	case 25:
		resp[0] = STATUS_TRAN_READY;
		return true;
	default:
		return false;
	}
}

bool sim_card_respond(struct sim_card *card, uint8_t index, uint32_t arg, bool r2, uint32_t regs[4])
{
	uint32_t resp[4];

	if (!sim_card_command(card, index, arg, resp))
		return false;
	for (int i = 0; i < 4; i++)
		regs[i] = r2 ? resp[3 - i] >> 8 | (i < 3 ? resp[2 - i] << 24 : 0) : (i ? 0 : resp[0]);
	return true;
}

uint8_t *sim_card_data(struct sim_card *card, uint32_t arg, uint32_t blocks)
{
	uint64_t lba = card->high_capacity ? arg : arg / SIM_CARD_BLOCK;

	if (!card->high_capacity)
		assert_int_equal(arg % SIM_CARD_BLOCK, 0);
	if (lba > card->blocks || blocks > card->blocks - lba)
		return NULL;
	return card->disk + lba * SIM_CARD_BLOCK;
}

uint8_t sim_card_last(const struct sim_card *card)
{
	return card->ncmds ? card->log[card->ncmds - 1] : 0xff;
}

unsigned int sim_card_count(const struct sim_card *card, uint8_t index)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < card->ncmds; i++)
		n += card->log[i] == index;
	return n;
}

void sim_transfer_start(struct sim_transfer *t, uint8_t *data, uint32_t len, uint32_t chunk, bool write,
			uint32_t fail_at)
{
	assert_true(chunk > 0 && len % chunk == 0);
	*t = (struct sim_transfer){ .data = data, .len = len, .chunk = chunk, .write = write, .active = true,
				    .fail_at = fail_at };
}

enum sim_step sim_transfer_word(struct sim_transfer *t, uint32_t *word)
{
	/* After the end or an error the port moves nothing (the driver finds out from the status). */
	if (!t->active) {
		*word = t->write ? *word : 0;
		return SIM_MORE;
	}
	if (t->write)
		memcpy(t->data + t->pos, word, 4);	/* the port is little-endian, as the host */
	else
		memcpy(word, t->data + t->pos, 4);
	t->pos += 4;
	if (t->fail_at && t->pos == t->fail_at) {
		t->active = false;
		return SIM_FAILED;
	}
	if (t->pos == t->len) {
		t->active = false;
		return SIM_DONE;
	}
	return t->pos % t->chunk == 0 ? SIM_CHUNK_DONE : SIM_MORE;
}
