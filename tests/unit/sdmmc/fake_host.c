/* SPDX-License-Identifier: BSD-2-Clause */
/* The fake host controller the protocol layer's tests drive their simulated cards through. */
#include <stdarg.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "fake_host.h"

static struct fake_host *to_fake(struct sdmmc_host *host)
{
	return (struct fake_host *)host;
}

static int fake_send(struct sdmmc_host *host, struct sdmmc_command *cmd)
{
	struct fake_host *fake = to_fake(host);

	assert_true(fake->ncmds < MAX_LOG);
	fake->log[fake->ncmds] = cmd->index;
	fake->args[fake->ncmds++] = cmd->arg;
	memset(cmd->resp, 0, sizeof(cmd->resp));
	return fake->card(fake, cmd);
}

static int fake_clock(struct sdmmc_host *host, uint32_t hz)
{
	assert_true(hz <= host->max_hz);
	to_fake(host)->clock_hz = hz;
	return 0;
}

static int fake_width(struct sdmmc_host *host, unsigned int bits)
{
	/* Only what the host said it can. */
	assert_true(bits == 1 || (bits == 4 && host->bus_4bit) || (bits == 8 && host->bus_8bit));
	to_fake(host)->bus_width = bits;
	return 0;
}

static bool fake_present(struct sdmmc_host *host)
{
	return to_fake(host)->present;
}

static void fake_recover(struct sdmmc_host *host)
{
	to_fake(host)->recovers++;
}

static int fake_timing(struct sdmmc_host *host, enum sdmmc_timing timing)
{
	assert_true(timing == SDMMC_TIMING_LEGACY || host->high_speed);
	to_fake(host)->timing = timing;
	return 0;
}

static const struct sdmmc_host_ops fake_ops = {
	.send_command = fake_send,
	.set_clock = fake_clock,
	.set_bus_width = fake_width,
	.card_present = fake_present,
	.recover = fake_recover,
	.set_timing = fake_timing,
};

void fake_host_init(struct fake_host *fake, int (*card)(struct fake_host *fake, struct sdmmc_command *cmd))
{
	memset(fake, 0, sizeof(*fake));
	fake->host = (struct sdmmc_host){ .ops = &fake_ops, .max_hz = 50000000, .bus_4bit = true };
	fake->card = card;
	fake->present = true;
	fake->bus_width = 1;
}

unsigned int fake_host_count(const struct fake_host *fake, unsigned int from, uint8_t index)
{
	unsigned int n = 0;

	for (unsigned int i = from; i < fake->ncmds; i++)
		n += fake->log[i] == index;
	return n;
}

void set_bits128(uint32_t r[4], unsigned int start, unsigned int len, uint64_t value)
{
	for (unsigned int i = 0; i < len; i++) {
		unsigned int bit = start + i;
		uint32_t mask = 1u << (bit % 32);

		r[3 - bit / 32] = (value >> i) & 1 ? r[3 - bit / 32] | mask : r[3 - bit / 32] & ~mask;
	}
}

void fill(uint8_t *buf, size_t len, unsigned int seed)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 31 + seed * 7 + (i >> 9));
}
