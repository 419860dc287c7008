/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's console on the board's debug UART (a UART driver from drivers/serial). */
#ifndef KERNEL_DEBUG_UART_H
#define KERNEL_DEBUG_UART_H

void debug_uart_putc(char c);
/* Returns once everything written has left the transmitter. */
void debug_uart_flush(void);
const char *debug_uart_name(void);

#endif
