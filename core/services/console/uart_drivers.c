/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's UART drivers, one implementation, compiled into the console server as they are. */
#include "../../../drivers/serial/uart_pl011.c"
#include "../../../drivers/serial/uart_imx.c"
