/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The network peer's frame handling (responder.h). Each handler is a flat list of "not a request
 * we answer" checks on untrusted bytes, every length checked before the read it allows, then the
 * reply is written and nothing can fail. Multi-byte fields are big-endian (network order) and read
 * a byte at a time, so nothing depends on alignment.
 */
#include <string.h>
#include "responder.h"

/* Ethernet header: destination, source, EtherType. */
#define ETH_DST		0u
#define ETH_SRC		6u
#define ETH_TYPE	12u

/* ARP (RFC 826) for Ethernet and IPv4, from the start of the ARP packet. */
#define ARP_HTYPE	0u
#define ARP_PTYPE	2u
#define ARP_HLEN	4u
#define ARP_PLEN	5u
#define ARP_OPER	6u
#define ARP_SHA		8u
#define ARP_SPA		14u
#define ARP_THA		18u
#define ARP_TPA		24u
#define ARP_HTYPE_ETHERNET	1u
#define ARP_OP_REQUEST	1u
#define ARP_OP_REPLY	2u

/* IPv4 header (RFC 791), from its start. */
#define IP_VER_IHL	0u
#define IP_TOTAL_LEN	2u
#define IP_FRAG		6u
#define IP_TTL		8u
#define IP_PROTO	9u
#define IP_CSUM		10u
#define IP_SRC		12u
#define IP_DST		16u
#define IP_VER_IHL_PLAIN	0x45u	/* version 4, 5 words: no options */
#define IP_FRAG_MF	0x2000u
#define IP_FRAG_OFFSET	0x1fffu
#define IP_PROTO_ICMP	1u

/* ICMP (RFC 792), from its start. */
#define ICMP_TYPE	0u
#define ICMP_CODE	1u
#define ICMP_CSUM	2u

static const uint8_t eth_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static int mac_is_group(const uint8_t *mac)
{
	return mac[0] & 1;	/* I/G bit: multicast or broadcast */
}

/* An address no unicast host has: 0.0.0.0, limited broadcast, multicast or class E. */
static int ipv4_is_unanswerable(const uint8_t *ip)
{
	return (ip[0] | ip[1] | ip[2] | ip[3]) == 0 || ip[0] >= 224;
}

uint16_t net_inet_checksum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static size_t arp_reply(const struct net_responder_addr *self, const uint8_t *frame, size_t len,
			uint8_t *reply, size_t max)
{
	const uint8_t *arp = frame + NET_ETH_HEADER;
	size_t out_len = NET_ETH_HEADER + NET_ARP_BYTES;
	uint8_t *out = reply + NET_ETH_HEADER;

	if (len < out_len || max < out_len)
		return 0;
	if (memcmp(frame + ETH_DST, eth_broadcast, 6) && memcmp(frame + ETH_DST, self->mac, 6))
		return 0;
	if (get16(arp + ARP_HTYPE) != ARP_HTYPE_ETHERNET || get16(arp + ARP_PTYPE) != NET_ETHERTYPE_IPV4 ||
	    arp[ARP_HLEN] != 6 || arp[ARP_PLEN] != 4 || get16(arp + ARP_OPER) != ARP_OP_REQUEST)
		return 0;
	if (memcmp(arp + ARP_TPA, self->ip, 4))
		return 0;
	/* The reply goes to the asker's hardware address, which must be one host's, and the same in both headers. */
	if (mac_is_group(arp + ARP_SHA) || memcmp(arp + ARP_SHA, frame + ETH_SRC, 6))
		return 0;

	memcpy(reply + ETH_DST, arp + ARP_SHA, 6);
	memcpy(reply + ETH_SRC, self->mac, 6);
	put16(reply + ETH_TYPE, NET_ETHERTYPE_ARP);
	memcpy(out, arp, ARP_OPER);		/* htype, ptype, hlen, plen as checked */
	put16(out + ARP_OPER, ARP_OP_REPLY);
	memcpy(out + ARP_THA, arp + ARP_SHA, 10);	/* asker's MAC and IPv4 become the target's */
	memcpy(out + ARP_SHA, self->mac, 6);
	memcpy(out + ARP_SPA, self->ip, 4);
	return out_len;
}

static size_t icmp_echo_reply(const struct net_responder_addr *self, const uint8_t *frame, size_t len,
			      uint8_t *reply, size_t max)
{
	const uint8_t *ip = frame + NET_ETH_HEADER, *icmp = ip + NET_IPV4_HEADER;
	uint8_t *out_ip = reply + NET_ETH_HEADER, *out_icmp = out_ip + NET_IPV4_HEADER;
	size_t total, out_len;

	if (len < NET_ETH_HEADER + NET_IPV4_HEADER + NET_ICMP_HEADER)
		return 0;
	/* Only to us, never to a group: a broadcast echo gets no answer. */
	if (memcmp(frame + ETH_DST, self->mac, 6) || mac_is_group(frame + ETH_SRC))
		return 0;
	/* IP options are not answered: rare, and an echo with them is no simpler to answer right. */
	if (ip[IP_VER_IHL] != IP_VER_IHL_PLAIN || ip[IP_PROTO] != IP_PROTO_ICMP)
		return 0;
	total = get16(ip + IP_TOTAL_LEN);
	/* The IP length must fit in the frame; what follows it is link padding and is not echoed. */
	if (total < NET_IPV4_HEADER + NET_ICMP_HEADER || total > len - NET_ETH_HEADER)
		return 0;
	out_len = NET_ETH_HEADER + total;
	if (max < out_len)
		return 0;
	if (get16(ip + IP_FRAG) & (IP_FRAG_MF | IP_FRAG_OFFSET))
		return 0;
	if (net_inet_checksum(ip, NET_IPV4_HEADER))
		return 0;
	if (memcmp(ip + IP_DST, self->ip, 4) || ipv4_is_unanswerable(ip + IP_SRC))
		return 0;
	if (icmp[ICMP_TYPE] != NET_ICMP_ECHO_REQUEST || icmp[ICMP_CODE] != 0)
		return 0;
	if (net_inet_checksum(icmp, total - NET_IPV4_HEADER))
		return 0;

	memcpy(reply + ETH_DST, frame + ETH_SRC, 6);
	memcpy(reply + ETH_SRC, self->mac, 6);
	put16(reply + ETH_TYPE, NET_ETHERTYPE_IPV4);
	memcpy(out_ip, ip, total);	/* header fields kept (TOS, id, DF), identifier, sequence and data echoed */
	out_ip[IP_TTL] = NET_REPLY_TTL;
	memcpy(out_ip + IP_SRC, self->ip, 4);
	memcpy(out_ip + IP_DST, ip + IP_SRC, 4);
	put16(out_ip + IP_CSUM, 0);
	put16(out_ip + IP_CSUM, net_inet_checksum(out_ip, NET_IPV4_HEADER));
	out_icmp[ICMP_TYPE] = NET_ICMP_ECHO_REPLY;
	put16(out_icmp + ICMP_CSUM, 0);
	put16(out_icmp + ICMP_CSUM, net_inet_checksum(out_icmp, total - NET_IPV4_HEADER));
	return out_len;
}

size_t net_responder_reply(const struct net_responder_addr *self, const uint8_t *frame, size_t len,
			   uint8_t *reply, size_t max)
{
	if (len < NET_ETH_HEADER || len > NET_ETH_MAX_FRAME)
		return 0;
	switch (get16(frame + ETH_TYPE)) {
	case NET_ETHERTYPE_ARP:
		return arp_reply(self, frame, len, reply, max);
	case NET_ETHERTYPE_IPV4:
		return icmp_echo_reply(self, frame, len, reply, max);
	default:
		return 0;
	}
}

/* Parses one byte's digits (base 16: at most 2, base 10: at most 3) ending at SEP; advances *S past SEP. 0 or -1. */
static int parse_field(const char **s, unsigned int base, char sep, uint8_t *out)
{
	const unsigned int max_digits = base == 16 ? 2 : 3;
	unsigned int v = 0, n = 0;
	const char *p = *s;

	for (;; p++, n++) {
		unsigned int d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned int)(*p - '0');
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = (unsigned int)(*p - 'a' + 10);
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = (unsigned int)(*p - 'A' + 10);
		else
			break;
		v = v * base + d;
		if (v > 255 || n >= max_digits)
			return -1;
	}
	if (n == 0 || *p != sep)
		return -1;
	*out = (uint8_t)v;
	*s = sep ? p + 1 : p;
	return 0;
}

static int parse_address(const char *s, uint8_t *out, unsigned int n, unsigned int base, char sep)
{
	for (unsigned int i = 0; i < n; i++)
		if (parse_field(&s, base, i + 1 < n ? sep : '\0', &out[i]))
			return -1;
	return 0;
}

int net_parse_mac(const char *s, uint8_t mac[6])
{
	return parse_address(s, mac, 6, 16, ':');
}

int net_parse_ipv4(const char *s, uint8_t ip[4])
{
	return parse_address(s, ip, 4, 10, '.');
}
