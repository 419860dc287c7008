/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Register access for the host controller drivers (drivers/sdmmc): one volatile load or store
 * of the width named, at BASE + OFFSET. The drivers reach their registers through these alone,
 * so a host unit test can put its own drivers/mmio.h first on the include path and run a driver
 * against a simulated controller (tests/unit/sdmmc_hosts).
 */
#ifndef DRIVERS_MMIO_H
#define DRIVERS_MMIO_H

#include <stdint.h>

static inline uint8_t mmio_read8(volatile void *base, unsigned int offset)
{
	return *((volatile uint8_t *)base + offset);
}

static inline uint16_t mmio_read16(volatile void *base, unsigned int offset)
{
	return *(volatile uint16_t *)((volatile uint8_t *)base + offset);
}

static inline uint32_t mmio_read32(volatile void *base, unsigned int offset)
{
	return *(volatile uint32_t *)((volatile uint8_t *)base + offset);
}

static inline void mmio_write8(volatile void *base, unsigned int offset, uint8_t value)
{
	*((volatile uint8_t *)base + offset) = value;
}

static inline void mmio_write16(volatile void *base, unsigned int offset, uint16_t value)
{
	*(volatile uint16_t *)((volatile uint8_t *)base + offset) = value;
}

static inline void mmio_write32(volatile void *base, unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)((volatile uint8_t *)base + offset) = value;
}

#endif
