/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Console lines. Each app line gets a timestamp from the generic timer and the
 * app's name, and is written in one piece, so lines never mix. When the
 * manifest has a "console" channel, its console server app owns the UART and
 * the root server is the sender of a data diode to it: the supervisor never
 * waits for the console, and lines the console could not keep up with are
 * counted by it as lost rather than holding anyone up.
 */
#include <string.h>
#include <klib/printf.h>
#include <kauri/console.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/invoke.h>
#include <uapi/kauri/bootinfo.h>
#include <kauri/syscalls.h>
#include "channel.h"
#include "console.h"

#define CONSOLE_VADDR	0x3e000000UL	/* where the root server maps the console channel */
#define LINE_MAX	(KAURI_CONSOLE_LINE_MAX + 64)	/* timestamp and name, then the app's text */

static struct kauri_diode_sender ring;
static int attached;
static uint64_t attach_seq;	/* the ring's first record of ours */
static uint64_t frequency;
static char own_line[LINE_MAX];
static size_t own_used;

static void write_line(const char *line, size_t len)
{
	if (!attached || kauri_diode_send(&ring, line, len) != 0)
		kauri_machine_write(KAURI_CAP_MACHINE, line, len);
}

/* The root server's own kauri_printf, a line at a time. */
static void own_putchar(char c)
{
	own_line[own_used++] = c;
	if (c == '\n' || own_used == sizeof(own_line)) {
		write_line(own_line, own_used);
		own_used = 0;
	}
}

int console_attach(uint64_t timer_frequency)
{
	struct kauri_channel ch;

	frequency = timer_frequency;
	if (channel_map_into_root(CONSOLE_CHANNEL, CONSOLE_VADDR, &ch) != 0)
		return 0;	/* no console channel: the kernel's console it stays */
	if (kauri_diode_sender_init(&ring, &ch, LINE_MAX) != 0) {
		kauri_printf("rootserver: console: channel %s holds no two %u-byte lines; staying on the kernel's\n",
			     CONSOLE_CHANNEL, LINE_MAX);
		return 0;
	}
	kauri_printf("rootserver: console: lines go to the console server from here on (%u lines buffered)\n",
		     ring.nslots);
	attached = 1;
	attach_seq = ring.seq;
	kauri_console_putchar = own_putchar;
	return 0;
}

/*
 * Boot stops: the console server has not run yet (the root server is above every app and
 * has not waited for anything since it started them), so the lines waiting for it, the
 * reason among them, would go with the machine: they go to the kernel's console, from the
 * ring itself (all of them unless it wrapped).
 */
void console_stop(void)
{
	uint64_t first = ring.seq > ring.nslots ? ring.seq - ring.nslots : 0;

	if (!attached)
		return;
	attached = 0;
	if (first < attach_seq)
		first = attach_seq;
	for (uint64_t s = first; s < ring.seq; s++) {
		const uint8_t *slot = ring.slots + (s % ring.nslots) * ring.slot_size;
		const struct kauri_diode_slot_header *h = (const struct kauri_diode_slot_header *)slot;

		if (h->stamp == s + 1)
			kauri_machine_write(KAURI_CAP_MACHINE, (const char *)slot + KAURI_DIODE_SLOT_HEADER, h->len);
	}
}

void console_detach(void)
{
	if (!attached)
		return;
	attached = 0;
	kauri_printf("rootserver: console: the console server ended; lines go to the kernel's console again\n");
}

void console_app_line(struct app *app, kauri_word_t info)
{
	static char out[LINE_MAX];
	uint64_t ticks = kauri_counter();
	long len;
	int n;

	n = snprintf(out, sizeof(out), "[%5lu.%06lu] %s: ", (unsigned long)(ticks / frequency),
		     (unsigned long)(ticks % frequency * 1000000 / frequency), app->entry->name);
	/*
	 * out has room for the prefix and a full line; a malformed line is printed
	 * empty. A line is one line: an app cannot forge another app's, the root
	 * server's or the kernel's (kauri-log and the tests trust the prefixes).
	 */
	len = kauri_get_text(info, out + n, KAURI_CONSOLE_LINE_MAX);
	if (len > 0) {
		kauri_text_neutralise(out + n, (size_t)len);
		n += (int)len;
	}
	out[n++] = '\n';
	write_line(out, (size_t)n);
	kauri_reply(kauri_msginfo(0, 0, 0, 0));
}
