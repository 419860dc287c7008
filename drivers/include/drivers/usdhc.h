/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NXP's uSDHC (i.MX 8M Mini Reference Manual, chapter "Ultra Secured Digital Host Controller"):
 * an sdmmc_host for the protocol layer, by PIO through the data buffer port and polling, like
 * the SDHCI core. SDHCI-like but not SDHCI-compatible: the transfer mode lives in MIX_CTRL, the
 * clock divider and resets in SYS_CTRL, the clock gates in VEND_SPEC, and there is no power
 * control (the board's regulator feeds the card).
 */
#ifndef DRIVERS_USDHC_H
#define DRIVERS_USDHC_H

#include <stdbool.h>
#include <stdint.h>
#include <drivers/sdmmc.h>

/* Const configuration: the registers, the clock the board feeds the controller, the wiring. */
struct usdhc_config {
	volatile void *regs;
	uint32_t root_clock_hz;		/* USDHCn_CLK_ROOT, which the divider divides (CONFIG_USDHC_ROOT_CLOCK_HZ) */
	uint64_t (*ticks)(void);	/* a free-running counter */
	uint64_t ticks_per_ms;
	uint32_t timeout_ms;		/* a command's or a block's, CONFIG_SDMMC_CMD_TIMEOUT_MS */
	uint8_t bus_width;		/* data lines wired to the card: 1, 4 or 8 */
	bool non_removable;		/* soldered on (eMMC) or no card detect wired: assume a card */
};

/* Mutable data; host first, so the ops can find the rest. */
struct usdhc {
	struct sdmmc_host host;
	const struct usdhc_config *config;
	uint16_t prescaler;		/* of the clock set last: 1, 2, 4 .. 256 */
	uint8_t divisor;		/* 1 .. 16 */
	uint32_t clock_hz;		/* the card clock it gives: root / prescaler / divisor (0: off) */
};

/*
 * Resets the controller, undoes the modes a bootloader may have left (boot mode, DDR, tuning),
 * sets little-endian PIO, a 1-bit bus and the 400 kHz clock, and sends the card its 80
 * initialisation clocks: 0 or -SDMMC_E_*.
 */
int usdhc_init(struct usdhc *usdhc, const struct usdhc_config *config);

#endif
