/* SPDX-License-Identifier: BSD-2-Clause */
/* i.MX UART, transmit side (i.MX 8M Mini: EVK and Portenta X8). */
#include <drivers/uart.h>

/* Register offsets and flags, from the i.MX 8M Mini reference manual. */
#define IMX_UTXD		0x40
#define IMX_USR2		0x98
#define IMX_USR2_TXDC		(1u << 3)
#define IMX_UTS			0xb4
#define IMX_UTS_TXFULL		(1u << 4)

static inline volatile uint32_t *imx_reg(const struct uart_config *config, unsigned int offset)
{
	return (volatile uint32_t *)(config->base + offset);
}

static void imx_putc(const struct uart_config *config, char c)
{
	while (*imx_reg(config, IMX_UTS) & IMX_UTS_TXFULL)
		;
	*imx_reg(config, IMX_UTXD) = (uint8_t)c;
}

static void imx_flush(const struct uart_config *config)
{
	while (!(*imx_reg(config, IMX_USR2) & IMX_USR2_TXDC))
		;
}

const struct uart_driver_api uart_imx_api = {
	.name = "imx-uart",
	.putc = imx_putc,
	.flush = imx_flush,
};
