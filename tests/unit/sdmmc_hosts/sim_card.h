/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A simulated SD card for the host controller models: its answers to the commands the protocol
 * layer sends, a RAM disk behind them, a log of what it was sent; and a data transfer between a
 * controller's data port and that disk, word by word, which can fail half-way on request.
 */
#ifndef SIM_CARD_H
#define SIM_CARD_H

#include <stdbool.h>
#include <stdint.h>

#define SIM_CARD_RCA		0x4567
#define SIM_CARD_MAX_LOG	4096
#define SIM_CARD_BLOCK		512u

struct sim_card {
	bool present;			/* inserted: the controller's card detect says so */
	bool answers;			/* the card answers commands at all */
	bool high_capacity;
	uint64_t blocks;
	uint8_t *disk;
	unsigned int busy_rounds;	/* ACMD41 answers busy this often first */
	bool app;			/* the last command was CMD55 */
	uint8_t log[SIM_CARD_MAX_LOG];	/* command indexes, ACMDs as 100 + n */
	uint32_t args[SIM_CARD_MAX_LOG];
	unsigned int ncmds;
};

struct sim_card *sim_card_new(bool high_capacity, uint64_t blocks);
void sim_card_free(struct sim_card *card);

/*
 * The card's answer to command INDEX with ARG: false when it stays silent, else its response in
 * RESP (a 48-bit response's 32 bits in resp[0]; an R2's 128 bits with resp[0] holding 127:96).
 */
bool sim_card_command(struct sim_card *card, uint8_t index, uint32_t arg, uint32_t resp[4]);

/*
 * The same answer as a controller's four response registers hold it (SDHCI and uSDHC alike): an
 * R2's bits 127:8 from bit 0 of the first (R2 true), else the 32 bits in the first.
 */
bool sim_card_respond(struct sim_card *card, uint8_t index, uint32_t arg, bool r2, uint32_t regs[4]);

/* The disk bytes a block command with ARG moves for BLOCKS blocks, or NULL past the card's end. */
uint8_t *sim_card_data(struct sim_card *card, uint32_t arg, uint32_t blocks);

/* The last index the card was sent, and how often it was sent INDEX. */
uint8_t sim_card_last(const struct sim_card *card);
unsigned int sim_card_count(const struct sim_card *card, uint8_t index);

/* A data transfer between a data port and the disk, CHUNK bytes per buffer-ready. */
struct sim_transfer {
	uint8_t *data;
	uint32_t len, pos, chunk;
	bool write, active;
	uint32_t fail_at;		/* a data error once this many bytes have moved (0: none) */
};

enum sim_step {
	SIM_MORE,			/* within a chunk */
	SIM_CHUNK_DONE,			/* a chunk moved; the buffer is ready again */
	SIM_DONE,			/* the last word moved */
	SIM_FAILED,			/* the injected data error */
};

void sim_transfer_start(struct sim_transfer *t, uint8_t *data, uint32_t len, uint32_t chunk, bool write,
			uint32_t fail_at);
/* One word through the port: *WORD written to the disk, or read from it. */
enum sim_step sim_transfer_word(struct sim_transfer *t, uint32_t *word);

#endif
