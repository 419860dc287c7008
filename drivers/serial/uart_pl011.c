/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm PrimeCell PL011 UART, transmit side (QEMU virt, Raspberry Pi 4). */
#include <drivers/uart.h>

/* Register offsets and flags, from the PL011 Technical Reference Manual. */
#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_FR_BUSY	(1u << 3)
#define PL011_FR_TXFF	(1u << 5)

static inline volatile uint32_t *pl011_reg(const struct uart_config *config, unsigned int offset)
{
	return (volatile uint32_t *)(config->base + offset);
}

static void pl011_putc(const struct uart_config *config, char c)
{
	while (*pl011_reg(config, PL011_FR) & PL011_FR_TXFF)
		;
	*pl011_reg(config, PL011_DR) = (uint8_t)c;
}

static void pl011_flush(const struct uart_config *config)
{
	while (*pl011_reg(config, PL011_FR) & PL011_FR_BUSY)
		;
}

const struct uart_driver_api uart_pl011_api = {
	.name = "pl011",
	.putc = pl011_putc,
	.flush = pl011_flush,
};
