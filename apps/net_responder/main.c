/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net_responder: the network peer of a microVM. Run as "net_responder RX TX" by an app holding
 * READ and RECV on channel RX (frames from the guest, one diode record each) and WRITE and SIGNAL
 * on TX (the replies). It answers ARP requests for its IPv4 address and ICMP echo requests to it
 * (responder.c) and drops everything else. Its addresses come from environ MAC and IP (default
 * 52:54:00:12:34:02 and 10.0.2.2, the address the guest pings: kauri.ping=10.0.2.2).
 *
 * It prints one line of counts per 100 replies, and when it receives an empty record (no frame is
 * empty, so this is a request for them); with environ EXIT_ON_REPORT=1 it then ends (tests).
 */
#include <stdint.h>
#include <string.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/syscalls.h>
#include "responder.h"

#define REPORT_EVERY	100u

struct counts {
	uint64_t frames, replies, dropped, lost;
};

static const char *env(char **envp, const char *name)
{
	size_t n = strlen(name);

	for (; envp && *envp; envp++)
		if (!strncmp(*envp, name, n) && (*envp)[n] == '=')
			return *envp + n + 1;
	return NULL;
}

static int addresses(char **envp, struct net_responder_addr *self)
{
	const char *mac = env(envp, "MAC"), *ip = env(envp, "IP");

	if (net_parse_mac(mac ? mac : "52:54:00:12:34:02", self->mac)) {
		kauri_printf("bad MAC %s\n", mac);
		return -1;
	}
	if (net_parse_ipv4(ip ? ip : "10.0.2.2", self->ip)) {
		kauri_printf("bad IP %s\n", ip);
		return -1;
	}
	return 0;
}

static int open_diodes(const char *rx_name, const char *tx_name, struct kauri_diode_receiver *rx,
		       struct kauri_diode_sender *tx)
{
	struct kauri_channel rx_ch, tx_ch;
	long err;

	if ((err = kauri_channel_open(rx_name, &rx_ch)) || (err = kauri_diode_receiver_init(rx, &rx_ch))) {
		kauri_printf("cannot receive on %s: %s\n", rx_name, kauri_lib_strerror(err));
		return -1;
	}
	if ((err = kauri_channel_open(tx_name, &tx_ch)) || (err = kauri_diode_sender_init(tx, &tx_ch, NET_ETH_MAX_FRAME))) {
		kauri_printf("cannot send on %s: %s\n", tx_name, kauri_lib_strerror(err));
		return -1;
	}
	return 0;
}

static void report(const struct counts *c)
{
	kauri_printf("%lu frames, %lu replies, %lu dropped, %lu lost\n", (unsigned long)c->frames,
		     (unsigned long)c->replies, (unsigned long)c->dropped, (unsigned long)c->lost);
}

int main(int argc, char **argv, char **envp)
{
	static uint8_t frame[NET_ETH_MAX_FRAME], reply[NET_ETH_MAX_FRAME];
	const char *rx_name = argc > 1 ? argv[1] : "net_rx", *tx_name = argc > 2 ? argv[2] : "net_tx";
	const char *exit_on_report = env(envp, "EXIT_ON_REPORT");
	struct net_responder_addr self;
	struct kauri_diode_receiver rx;
	struct kauri_diode_sender tx;
	struct counts c = { 0 };

	if (addresses(envp, &self) || open_diodes(rx_name, tx_name, &rx, &tx))
		return 1;
	kauri_printf("answering ARP and ICMP echo for %u.%u.%u.%u (%02x:%02x:%02x:%02x:%02x:%02x) from %s to %s\n",
		     self.ip[0], self.ip[1], self.ip[2], self.ip[3], self.mac[0], self.mac[1], self.mac[2],
		     self.mac[3], self.mac[4], self.mac[5], rx_name, tx_name);
	for (;;) {
		long len = kauri_diode_receive_wait(&rx, frame, sizeof(frame), NULL);
		size_t out;

		c.lost = rx.lost;
		if (len == -KAURI_DIODE_TOO_BIG) {
			c.frames++;
			c.dropped++;
			continue;
		}
		if (len < 0) {
			kauri_printf("receiving on %s: %s\n", rx_name, kauri_lib_strerror(len));
			return 1;
		}
		if (len == 0) {
			report(&c);
			if (exit_on_report && !strcmp(exit_on_report, "1"))
				return 0;
			continue;
		}
		c.frames++;
		out = net_responder_reply(&self, frame, (size_t)len, reply, sizeof(reply));
		if (!out) {
			c.dropped++;
			continue;
		}
		kauri_diode_send(&tx, reply, out);
		if (++c.replies % REPORT_EVERY == 0)
			report(&c);
	}
}
