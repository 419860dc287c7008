/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A simulated i.MX uSDHC: a register file whose writes act as the controller's do for what the
 * driver uses (commands with the simulated card's responses, PIO data through the buffer port
 * by watermark, auto CMD12, resets, the clock divider and stable bit, DAT0 busy), with errors
 * to inject, and a record of the writes the tests check.
 */
#ifndef USDHC_MODEL_H
#define USDHC_MODEL_H

#include <stdbool.h>
#include <stdint.h>
#include "sim_card.h"

#define USDHC_MODEL_WORDS	(0x100 / 4)
#define USDHC_MODEL_MAX_XFR	4096

struct usdhc_model {
	uint32_t reg[USDHC_MODEL_WORDS];	/* the registers, by offset / 4: the driver's regs */
	struct sim_card *card;
	struct sim_transfer transfer;
	bool transfer_auto_cmd12;
	/* Injected: */
	bool reset_stuck;			/* reset bits never clear */
	bool clock_never_stable;
	unsigned int fail_transfers;		/* this many data transfers end half-way with a data CRC error */
	unsigned int fail_auto_cmd12;		/* this many auto CMD12s time out */
	unsigned int busy_reads;		/* DAT0 stays low this many PRES_STATE reads after an R1b */
	bool busy_forever;
	/* Seen: */
	unsigned int resets_all, resets_cmd, resets_dat, init_clocks;
	unsigned int busy_left;			/* PRES_STATE reads with DAT0 low still due */
	unsigned int action_reads;		/* reads of SYS_CTRL left before an action bit clears */
	unsigned int unstable_reads;		/* reads of PRES_STATE left before the clock is stable */
	uint32_t xfr[USDHC_MODEL_MAX_XFR];	/* CMD_XFR_TYP as written, command by command */
	uint32_t mix[USDHC_MODEL_MAX_XFR];	/* MIX_CTRL when each was written */
	uint32_t blk_att[USDHC_MODEL_MAX_XFR];
	unsigned int nxfr;
	bool clock_on_at_init_clocks;		/* the card clock ran when INITA was set */
};

/* The model the mmio functions act on (one at a time), reset to the controller's reset values. */
struct usdhc_model *usdhc_model_new(struct sim_card *card);
void usdhc_model_free(struct usdhc_model *m);

uint32_t usdhc_model_reg(const struct usdhc_model *m, unsigned int offset);
void usdhc_model_set(struct usdhc_model *m, unsigned int offset, uint32_t value);

/* The index of the last command with a data phase, or -1. */
int usdhc_model_last_data_command(const struct usdhc_model *m);

#endif
