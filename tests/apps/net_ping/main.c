/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net_ping (test fixture): plays the microVM's side of net_responder's two channels. Run as
 * "net_ping TX RX" with WRITE and SIGNAL on TX (frames to the responder) and READ and RECV on RX
 * (its replies): sends an ARP request, an ICMP echo request, the same echo request to the
 * broadcast MAC (no answer), the ARP request again, then an empty record (the responder prints
 * its counts), and checks each reply byte by byte against frames made outside Kauri's code
 * (Python's struct), printing "PASS <what>" or "FAIL <what>: ..." for tests/system/app-test.sh.
 */
#include <stdint.h>
#include <string.h>
#include <kauri/debug.h>
#include <kauri/diode.h>

#define MAX_FRAME	1518u

static const uint8_t arp_request[42] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x52, 0x54,
	0x00, 0x12, 0x34, 0x56, 0x0a, 0x00, 0x02, 0x0f, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x0a, 0x00, 0x02, 0x02,
};
static const uint8_t arp_reply[42] = {
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x54, 0x00, 0x12, 0x34, 0x02,
	0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02, 0x52, 0x54,
	0x00, 0x12, 0x34, 0x02, 0x0a, 0x00, 0x02, 0x02, 0x52, 0x54, 0x00, 0x12,
	0x34, 0x56, 0x0a, 0x00, 0x02, 0x0f,
};
/* An echo request's Ethernet, IPv4 and ICMP headers (id 0x1235, TTL 17, identifier 0x4b41, sequence 1)... */
static const uint8_t echo_request_head[42] = {
	0x52, 0x54, 0x00, 0x12, 0x34, 0x02, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x35, 0x40, 0x00, 0x11, 0x01, 0x3f, 0x7c,
	0x0a, 0x00, 0x02, 0x0f, 0x0a, 0x00, 0x02, 0x02,
	0x08, 0x00, 0x15, 0xb7, 0x4b, 0x41, 0x00, 0x01,
};
/* ...the reply's: MACs and addresses swapped, TTL 64, type 0, both checksums new... */
static const uint8_t echo_reply_head[42] = {
	0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x54, 0x00, 0x12, 0x34, 0x02, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x35, 0x40, 0x00, 0x40, 0x01, 0x10, 0x7c,
	0x0a, 0x00, 0x02, 0x02, 0x0a, 0x00, 0x02, 0x0f,
	0x00, 0x00, 0x1d, 0xb7, 0x4b, 0x41, 0x00, 0x01,
};
/* ...and the data both carry: byte i is i * 7. */
#define ECHO_DATA	32u

/* Sends REQUEST and checks that the next reply is WANT (WANT_LEN bytes). */
static int exchange(struct kauri_diode_sender *tx, struct kauri_diode_receiver *rx, const char *what,
		    const uint8_t *request, size_t request_len, const uint8_t *want, size_t want_len)
{
	static uint8_t got[MAX_FRAME];
	long len;

	if (request)
		kauri_diode_send(tx, request, request_len);
	len = kauri_diode_receive_wait(rx, got, sizeof(got), NULL);
	if (len < 0) {
		kauri_printf("FAIL %s: %s\n", what, kauri_lib_strerror(len));
		return 1;
	}
	if ((size_t)len != want_len) {
		kauri_printf("FAIL %s: %ld bytes, not %lu\n", what, len, (unsigned long)want_len);
		return 1;
	}
	for (size_t i = 0; i < want_len; i++) {
		if (got[i] != want[i]) {
			kauri_printf("FAIL %s: byte %lu is 0x%02x, not 0x%02x\n", what, (unsigned long)i, got[i], want[i]);
			return 1;
		}
	}
	kauri_printf("PASS %s\n", what);
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	const char *tx_name = argc > 1 ? argv[1] : "net_rx", *rx_name = argc > 2 ? argv[2] : "net_tx";
	static uint8_t echo_request[sizeof(echo_request_head) + ECHO_DATA];
	static uint8_t echo_reply[sizeof(echo_reply_head) + ECHO_DATA];
	static uint8_t broadcast_echo[sizeof(echo_request)];
	struct kauri_channel tx_ch, rx_ch;
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	int failed = 0;
	long err;

	(void)envp;
	memcpy(echo_request, echo_request_head, sizeof(echo_request_head));
	memcpy(echo_reply, echo_reply_head, sizeof(echo_reply_head));
	for (unsigned int i = 0; i < ECHO_DATA; i++)
		echo_request[sizeof(echo_request_head) + i] = echo_reply[sizeof(echo_reply_head) + i] = (uint8_t)(i * 7);
	if ((err = kauri_channel_open(tx_name, &tx_ch)) || (err = kauri_diode_sender_init(&tx, &tx_ch, MAX_FRAME)) ||
	    (err = kauri_channel_open(rx_name, &rx_ch)) || (err = kauri_diode_receiver_init(&rx, &rx_ch))) {
		kauri_printf("FAIL channels %s and %s: %s\n", tx_name, rx_name, kauri_lib_strerror(err));
		return 1;
	}
	failed |= exchange(&tx, &rx, "ARP reply", arp_request, sizeof(arp_request), arp_reply, sizeof(arp_reply));
	failed |= exchange(&tx, &rx, "echo reply", echo_request, sizeof(echo_request), echo_reply,
			   sizeof(echo_reply));
	/* The same echo to the broadcast MAC gets no reply: the next one is the second ARP request's. */
	memcpy(broadcast_echo, echo_request, sizeof(echo_request));
	memset(broadcast_echo, 0xff, 6);
	kauri_diode_send(&tx, broadcast_echo, sizeof(broadcast_echo));
	failed |= exchange(&tx, &rx, "broadcast echo unanswered, next request answered", arp_request,
			   sizeof(arp_request), arp_reply, sizeof(arp_reply));
	kauri_diode_send(&tx, arp_request, 0);	/* empty: the responder prints its counts */
	return failed;
}
