/* SPDX-License-Identifier: BSD-2-Clause */
/* The simulated uSDHC (usdhc_model.h): the registers' behaviour, bit facts as usdhc.c uses them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drivers/mmio.h>
#include "usdhc_model.h"

enum {
	BLK_ATT = 0x04, CMD_ARG = 0x08, CMD_XFR_TYP = 0x0c, CMD_RSP0 = 0x10, DATA_PORT = 0x20,
	PRES_STATE = 0x24, PROT_CTRL = 0x28, SYS_CTRL = 0x2c, INT_STATUS = 0x30, AUTOCMD12_ERR = 0x3c,
	WTMK_LVL = 0x44, MIX_CTRL = 0x48, VEND_SPEC = 0xc0,
};

#define STATE_STABLE		(1u << 3)
#define STATE_INSERTED		(1u << 16)
#define STATE_DAT0		(1u << 24)
#define SYS_ACTIONS		(0xfu << 24)	/* RSTA, RSTC, RSTD, INITA */
#define INT_CC			(1u << 0)
#define INT_TC			(1u << 1)
#define INT_BWR			(1u << 4)
#define INT_BRR			(1u << 5)
#define INT_CTOE		(1u << 16)
#define INT_DCE			(1u << 21)
#define INT_AC12E		(1u << 24)
#define AC12_TIMEOUT		(1u << 1)
#define MIX_BCEN		(1u << 1)
#define MIX_AC12EN		(1u << 2)
#define MIX_DTDSEL		(1u << 4)
#define MIX_MSBSEL		(1u << 5)
#define VEND_CKEN		(1u << 14)
#define ACTION_READS		3	/* a reset or INITA takes this many polls */

static struct usdhc_model *model;

struct usdhc_model *usdhc_model_new(struct sim_card *card)
{
	struct usdhc_model *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->card = card;
	/* Reset values: little-endian, clocks gated on by default (the manual's VEND_SPEC reset value). */
	m->reg[PROT_CTRL / 4] = 0x08800020;
	m->reg[VEND_SPEC / 4] = 0x20007809;
	model = m;
	return m;
}

void usdhc_model_free(struct usdhc_model *m)
{
	model = NULL;
	free(m);
}

uint32_t usdhc_model_reg(const struct usdhc_model *m, unsigned int offset)
{
	return m->reg[offset / 4];
}

void usdhc_model_set(struct usdhc_model *m, unsigned int offset, uint32_t value)
{
	m->reg[offset / 4] = value;
}

int usdhc_model_last_data_command(const struct usdhc_model *m)
{
	for (unsigned int i = m->nxfr; i-- > 0;)
		if (m->xfr[i] & (1u << 21))
			return (int)(m->xfr[i] >> 24 & 0x3f);
	return -1;
}

static struct usdhc_model *regs_model(volatile void *base, unsigned int offset)
{
	assert_non_null(model);
	assert_ptr_equal((void *)base, model->reg);
	assert_true(offset % 4 == 0 && offset < sizeof(model->reg));
	return model;
}

static uint32_t *r(struct usdhc_model *m, unsigned int offset)
{
	return &m->reg[offset / 4];
}

/* The end of a data transfer: the stop the host sends itself, then transfer complete. */
static void transfer_finished(struct usdhc_model *m)
{
	uint32_t resp[4];

	if (m->transfer_auto_cmd12) {
		bool answered = sim_card_command(m->card, 12, 0, resp);

		if (m->fail_auto_cmd12 || !answered) {
			if (m->fail_auto_cmd12)
				m->fail_auto_cmd12--;
			*r(m, AUTOCMD12_ERR) = AC12_TIMEOUT;
			*r(m, INT_STATUS) |= INT_AC12E;
			return;
		}
		*r(m, CMD_RSP0 + 12) = resp[0];	/* the auto CMD12's response lands in CMD_RSP3 */
	}
	*r(m, INT_STATUS) |= INT_TC;
}

static void transfer_step(struct usdhc_model *m, enum sim_step step)
{
	switch (step) {
	case SIM_MORE:
		break;
	case SIM_CHUNK_DONE:
		*r(m, INT_STATUS) |= m->transfer.write ? INT_BWR : INT_BRR;
		break;
	case SIM_DONE:
		transfer_finished(m);
		break;
	case SIM_FAILED:
		*r(m, INT_STATUS) |= INT_DCE;
		break;
	}
}

/* The data phase of command INDEX: checks MIX_CTRL and BLK_ATT as the command says, starts moving. */
static void start_data(struct usdhc_model *m, uint8_t index, uint32_t arg)
{
	uint32_t mix = *r(m, MIX_CTRL), blk = *r(m, BLK_ATT), wml_words;
	uint32_t blocks = blk >> 16, size = blk & 0x1fff;
	bool write = index == 24 || index == 25;
	uint8_t *data;

	assert_true(mix & MIX_BCEN);
	assert_int_equal(!!(mix & MIX_DTDSEL), !write);
	assert_int_equal(!!(mix & MIX_MSBSEL), blocks > 1);
	assert_int_equal(size, SIM_CARD_BLOCK);
	wml_words = write ? (*r(m, WTMK_LVL) >> 16 & 0xff) : (*r(m, WTMK_LVL) & 0xff);
	assert_true(wml_words > 0 && wml_words <= 128);
	data = sim_card_data(m->card, arg, blocks);
	assert_non_null(data);
	sim_transfer_start(&m->transfer, data, blocks * size, wml_words * 4, write,
			   m->fail_transfers ? blocks * size / 2 : 0);
	if (m->fail_transfers)
		m->fail_transfers--;
	m->transfer_auto_cmd12 = blocks > 1 && (mix & MIX_AC12EN);
	*r(m, INT_STATUS) |= write ? INT_BWR : INT_BRR;
}

static void command(struct usdhc_model *m, uint32_t xfr)
{
	uint8_t index = (uint8_t)(xfr >> 24 & 0x3f);
	uint32_t rsp_type = xfr >> 16 & 3;

	assert_true(m->nxfr < USDHC_MODEL_MAX_XFR);
	m->xfr[m->nxfr] = xfr;
	m->mix[m->nxfr] = *r(m, MIX_CTRL);
	m->blk_att[m->nxfr++] = *r(m, BLK_ATT);
	assert_int_equal(xfr & 0xffff, 0);	/* the transfer mode is MIX_CTRL's on the uSDHC */
	/* Without the card clock nothing reaches the card. */
	if (!(*r(m, VEND_SPEC) & VEND_CKEN) ||
	    !sim_card_respond(m->card, index, *r(m, CMD_ARG), rsp_type == 1, r(m, CMD_RSP0))) {
		*r(m, INT_STATUS) |= rsp_type ? INT_CTOE : INT_CC;
		return;
	}
	*r(m, INT_STATUS) |= INT_CC;
	if (rsp_type == 3)
		m->busy_left = m->busy_reads;
	if (xfr & (1u << 21))
		start_data(m, index, *r(m, CMD_ARG));
}

static void sys_ctrl(struct usdhc_model *m, uint32_t v)
{
	uint32_t old = *r(m, SYS_CTRL);

	if (v & (1u << 24)) {
		m->resets_all++;
		*r(m, INT_STATUS) = 0;
		*r(m, PROT_CTRL) = 0x08800020;
		m->transfer.active = false;
	}
	if (v & (1u << 25))
		m->resets_cmd++;
	if (v & (1u << 26)) {
		m->resets_dat++;
		m->transfer.active = false;
		*r(m, INT_STATUS) &= ~(INT_TC | INT_BRR | INT_BWR);
	}
	if (v & (1u << 27)) {
		m->init_clocks++;
		m->clock_on_at_init_clocks = *r(m, VEND_SPEC) & VEND_CKEN;
	}
	if (v & SYS_ACTIONS)
		m->action_reads = ACTION_READS;
	if ((v ^ old) & 0xfff0)
		m->unstable_reads = 2;
	*r(m, SYS_CTRL) = v;
}

uint32_t mmio_read32(volatile void *base, unsigned int offset)
{
	struct usdhc_model *m = regs_model(base, offset);
	uint32_t v = *r(m, offset), word = 0;

	switch (offset) {
	case SYS_CTRL:
		if (m->reset_stuck)
			return v;
		if (m->action_reads && --m->action_reads == 0)
			*r(m, SYS_CTRL) &= ~SYS_ACTIONS;
		return *r(m, SYS_CTRL);
	case PRES_STATE:
		v = m->card->present ? STATE_INSERTED : 0;
		if (m->unstable_reads)
			m->unstable_reads--;
		else if (!m->clock_never_stable)
			v |= STATE_STABLE;
		if (m->busy_forever)
			return v;
		if (m->busy_left) {
			m->busy_left--;
			return v;
		}
		return v | STATE_DAT0;
	case DATA_PORT:
		assert_false(m->transfer.active && m->transfer.write);
		transfer_step(m, sim_transfer_word(&m->transfer, &word));
		return word;
	default:
		return v;
	}
}

void mmio_write32(volatile void *base, unsigned int offset, uint32_t value)
{
	struct usdhc_model *m = regs_model(base, offset);

	switch (offset) {
	case INT_STATUS:
		*r(m, INT_STATUS) &= ~value;
		break;
	case SYS_CTRL:
		sys_ctrl(m, value);
		break;
	case CMD_XFR_TYP:
		*r(m, offset) = value;
		command(m, value);
		break;
	case DATA_PORT:
		assert_false(m->transfer.active && !m->transfer.write);
		transfer_step(m, sim_transfer_word(&m->transfer, &value));
		break;
	default:
		*r(m, offset) = value;
	}
}

/* Every uSDHC register is 32 bits: narrower accesses are a driver bug. */
uint8_t mmio_read8(volatile void *base, unsigned int offset)
{
	(void)base, (void)offset;
	fail_msg("8-bit read of uSDHC register 0x%x", offset);
	return 0;
}

uint16_t mmio_read16(volatile void *base, unsigned int offset)
{
	(void)base, (void)offset;
	fail_msg("16-bit read of uSDHC register 0x%x", offset);
	return 0;
}

void mmio_write8(volatile void *base, unsigned int offset, uint8_t value)
{
	(void)base, (void)value;
	fail_msg("8-bit write of uSDHC register 0x%x", offset);
}

void mmio_write16(volatile void *base, unsigned int offset, uint16_t value)
{
	(void)base, (void)value;
	fail_msg("16-bit write of uSDHC register 0x%x", offset);
}
