/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's console: the board's debug UART, through the driver the board selects, at CONFIG_DEBUG_UART_BASE. */
#include <arch/memory.h>
#include <drivers/uart.h>
#include <kernel/debug_uart.h>

#if defined(CONFIG_UART_PL011)
#define DEBUG_UART_API (&uart_pl011_api)
#elif defined(CONFIG_UART_IMX)
#define DEBUG_UART_API (&uart_imx_api)
#else
#error "the board selects no debug UART driver"
#endif

/* The boot page tables map the UART's physical block into the kernel window. */
static const struct uart_config debug_uart_config = {
	.base = KERNEL_WINDOW + CONFIG_DEBUG_UART_BASE,
};

void debug_uart_putc(char c)
{
	if (c == '\n')
		DEBUG_UART_API->putc(&debug_uart_config, '\r');
	DEBUG_UART_API->putc(&debug_uart_config, c);
}

void debug_uart_flush(void)
{
	DEBUG_UART_API->flush(&debug_uart_config);
}

const char *debug_uart_name(void)
{
	return DEBUG_UART_API->name;
}
