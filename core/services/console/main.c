/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console: the console server. It owns the UART (its manifest entry's device
 * "uart") and prints the lines the root server sends it through a data diode
 * on the "console" channel (READ and RECV), each whole, in order. It never
 * writes to the channel; lines it could not keep up with are counted, and it
 * says so in a line of its own.
 * Usage: console [DRIVER]: DRIVER is the name of one of the UART drivers the configuration
 * builds (drivers/serial: pl011, imx-uart); the first one built when none is given.
 */
#include <string.h>
#include <drivers/uart.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/diode.h>
#include <kauri/protocol.h>
#include <klib/printf.h>

#define LINE_MAX	(KAURI_CONSOLE_LINE_MAX + 64)	/* as the root server sends them */

/* The same driver sources the kernel's debug console links, built for user space. */
static const struct uart_driver_api *const uart_drivers[] = {
#ifdef CONFIG_UART_PL011
	&uart_pl011_api,
#endif
#ifdef CONFIG_UART_IMX
	&uart_imx_api,
#endif
};

static const struct uart_driver_api *uart;
static struct uart_config config;

static void put(const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\n')
			uart->putc(&config, '\r');
		uart->putc(&config, text[i]);
	}
}

int main(int argc, char **argv, char **envp)
{
	static char line[LINE_MAX];
	struct kauri_device dev;
	struct kauri_channel ch;
	struct kauri_diode_receiver rx;
	uint64_t lost = 0;
	long err;
	int n;

	(void)envp;
	for (size_t i = 0; i < sizeof(uart_drivers) / sizeof(uart_drivers[0]) && !uart; i++)
		if (argc < 2 || !strcmp(argv[1], uart_drivers[i]->name))
			uart = uart_drivers[i];
	if (!uart) {
		kauri_printf("no UART driver '%s' in this configuration (drivers/serial)\n",
			     argc < 2 ? "" : argv[1]);
		return 1;
	}
	err = kauri_device_open("uart", &dev);
	if (!err)
		err = kauri_channel_open("console", &ch);
	if (err) {
		kauri_printf("no uart device or console channel: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	err = kauri_diode_receiver_init(&rx, &ch);
	if (err) {
		kauri_printf("cannot read the console channel: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	config.base = (uintptr_t)dev.base;
	n = snprintf(line, sizeof(line), "console: %s at %p owns the console from here on\n", uart->name,
		     (void *)dev.base);
	put(line, (size_t)n);
	for (;;) {
		long len = kauri_diode_receive_wait(&rx, line, sizeof(line), NULL);

		if (rx.lost != lost) {
			char note[80];

			n = snprintf(note, sizeof(note), "console: %lu lines lost (the console fell behind)\n",
				     (unsigned long)(rx.lost - lost));
			put(note, (size_t)n);
			lost = rx.lost;
		}
		if (len > 0)
			put(line, (size_t)len);
	}
}
