/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A fake host controller for the protocol layer's tests: it records every command and the clock,
 * bus width and timing it is set to, and hands each command to a simulated card (SD in
 * test_sdmmc.c, eMMC in test_mmc.c).
 */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <drivers/sdmmc.h>

#define MAX_LOG		4096

struct fake_host {
	struct sdmmc_host host;		/* first: the ops get this pointer */
	/* The simulated card: answers CMD (logged already) as the card would, 0 or -SDMMC_E_*. */
	int (*card)(struct fake_host *fake, struct sdmmc_command *cmd);
	bool present;
	uint8_t log[MAX_LOG];		/* command indexes (the SD card marks ACMDs as 100 + n) */
	uint32_t args[MAX_LOG];
	unsigned int ncmds;
	unsigned int recovers;
	uint32_t clock_hz;
	unsigned int bus_width;
	enum sdmmc_timing timing;
};

/* A present card behind a host of 50 MHz with a 4-bit bus; CARD answers its commands. */
void fake_host_init(struct fake_host *fake, int (*card)(struct fake_host *fake, struct sdmmc_command *cmd));

/* How often command INDEX was sent from log entry FROM on. */
unsigned int fake_host_count(const struct fake_host *fake, unsigned int from, uint8_t index);

/* Bits [start + len - 1 : start] of a 128-bit register as R2 delivers it (r[0] holds 127:96) set to VALUE. */
void set_bits128(uint32_t r[4], unsigned int start, unsigned int len, uint64_t value);

/* LEN bytes of a pattern SEED picks. */
void fill(uint8_t *buf, size_t len, unsigned int seed);

#endif
