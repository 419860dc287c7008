/* SPDX-License-Identifier: BSD-2-Clause */
/* UART driver interface: a const per-instance config and an ops table per driver. */
#ifndef DRIVERS_UART_H
#define DRIVERS_UART_H

#include <stdint.h>

/* What is fixed for one UART instance: where its registers are. */
struct uart_config {
	uintptr_t base;
};

struct uart_driver_api {
	const char *name;
	void (*putc)(const struct uart_config *config, char c);
	/* Returns once everything written has left the transmitter. */
	void (*flush)(const struct uart_config *config);
};

extern const struct uart_driver_api uart_pl011_api;
extern const struct uart_driver_api uart_imx_api;

#endif
