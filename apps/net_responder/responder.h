/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network peer's frame handling: given one Ethernet frame (no FCS) received from a microVM,
 * the reply it gets, if any. Answers an ARP request for the responder's IPv4 address and an ICMP
 * echo request sent to it; everything else gets no reply. Freestanding (mem* only), no state: the
 * app (main.c) does the channels, the host unit tests and tests/fuzz/fuzz_net_responder.c the rest.
 */
#ifndef NET_RESPONDER_H
#define NET_RESPONDER_H

#include <stddef.h>
#include <stdint.h>

#define NET_ETH_HEADER		14u
#define NET_ETH_MAX_FRAME	1518u	/* with one VLAN tag, without FCS: virtio-net's largest */
#define NET_ETHERTYPE_IPV4	0x0800u
#define NET_ETHERTYPE_ARP	0x0806u
#define NET_ARP_BYTES		28u	/* Ethernet/IPv4 ARP: 8-byte header, two MAC + IPv4 pairs */
#define NET_IPV4_HEADER		20u	/* the only header length answered: no options */
#define NET_ICMP_HEADER		8u
#define NET_ICMP_ECHO_REPLY	0u
#define NET_ICMP_ECHO_REQUEST	8u
#define NET_REPLY_TTL		64u

struct net_responder_addr {
	uint8_t mac[6];
	uint8_t ip[4];
};

/*
 * Writes the reply to FRAME (LEN bytes) into REPLY (MAX bytes) and returns its length, or 0 when
 * there is none (not for us, not a request we answer, malformed, or REPLY too small). A reply is
 * never longer than LEN, nothing of FRAME past LEN is read, and REPLY must not overlap FRAME.
 */
size_t net_responder_reply(const struct net_responder_addr *self, const uint8_t *frame, size_t len,
			   uint8_t *reply, size_t max);

/* The Internet checksum (RFC 1071) of LEN bytes: the one's complement of their one's-complement sum. */
uint16_t net_inet_checksum(const uint8_t *p, size_t len);

/* "52:54:00:12:34:02" into MAC; "10.0.2.2" into IP. 0, or -1 when the text is not one exactly. */
int net_parse_mac(const char *s, uint8_t mac[6]);
int net_parse_ipv4(const char *s, uint8_t ip[4]);

#endif
