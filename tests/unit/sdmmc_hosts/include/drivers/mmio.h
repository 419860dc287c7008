/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The host tests' drivers/mmio.h, found before drivers/include's: the drivers' register
 * accesses go to the simulated controller the test links (usdhc_model.c, sdhci_model.c).
 */
#ifndef DRIVERS_MMIO_H
#define DRIVERS_MMIO_H

#include <stdint.h>

uint8_t mmio_read8(volatile void *base, unsigned int offset);
uint16_t mmio_read16(volatile void *base, unsigned int offset);
uint32_t mmio_read32(volatile void *base, unsigned int offset);
void mmio_write8(volatile void *base, unsigned int offset, uint8_t value);
void mmio_write16(volatile void *base, unsigned int offset, uint16_t value);
void mmio_write32(volatile void *base, unsigned int offset, uint32_t value);

#endif
