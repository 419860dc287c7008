/* SPDX-License-Identifier: BSD-2-Clause */
/* net_responder's frame handling: ARP and ICMP echo replies byte by byte, and every frame it must not answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "responder.h"

static const struct net_responder_addr self = {
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x02 }, { 10, 0, 2, 2 },
};
static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t guest_ip[4] = { 10, 0, 2, 15 };

static uint8_t frame[NET_ETH_MAX_FRAME + 64], reply[NET_ETH_MAX_FRAME + 64];

/* Checked independently of responder.c: the one's-complement sum of 16-bit words folds to 0xffff. */
static int checksum_ok(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;

	for (size_t i = 0; i < len; i++)
		sum += i % 2 ? p[i] : (uint64_t)p[i] << 8;
	while (sum > 0xffff)
		sum = (sum >> 16) + (sum & 0xffff);
	return sum == 0xffff;
}

static void set_checksum(uint8_t *p, size_t len, size_t at)
{
	uint64_t sum = 0;

	p[at] = p[at + 1] = 0;
	for (size_t i = 0; i < len; i++)
		sum += i % 2 ? p[i] : (uint64_t)p[i] << 8;
	while (sum > 0xffff)
		sum = (sum >> 16) + (sum & 0xffff);
	p[at] = (uint8_t)(~sum >> 8);
	p[at + 1] = (uint8_t)~sum;
}

static size_t answer(size_t len)
{
	return net_responder_reply(&self, frame, len, reply, sizeof(reply));
}

/* Who has 10.0.2.2? Tell 10.0.2.15, broadcast: 42 bytes. */
static size_t arp_request(void)
{
	static const uint8_t head[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56,
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x01,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 2, 15, 0, 0, 0, 0, 0, 0, 10, 0, 2, 2 };

	memset(frame, 0, sizeof(frame));
	memcpy(frame, head, sizeof(head));
	return sizeof(head);
}

/* An echo request from the guest with PAYLOAD bytes of data (i * 3), checksums right. */
#define IP 14
#define ICMP 34
static size_t echo_request(size_t payload)
{
	size_t total = 20 + 8 + payload;

	memset(frame, 0, sizeof(frame));
	memcpy(frame, self.mac, 6);
	memcpy(frame + 6, guest_mac, 6);
	frame[12] = 0x08;
	frame[IP] = 0x45;
	frame[IP + 1] = 0x10;	/* TOS, echoed */
	frame[IP + 2] = (uint8_t)(total >> 8);
	frame[IP + 3] = (uint8_t)total;
	frame[IP + 4] = 0xbe;	/* id */
	frame[IP + 5] = 0xef;
	frame[IP + 6] = 0x40;	/* DF */
	frame[IP + 8] = 17;	/* TTL */
	frame[IP + 9] = 1;
	memcpy(frame + IP + 12, guest_ip, 4);
	memcpy(frame + IP + 16, self.ip, 4);
	set_checksum(frame + IP, 20, 10);
	frame[ICMP] = 8;
	frame[ICMP + 4] = 0x12;	/* identifier */
	frame[ICMP + 5] = 0x34;
	frame[ICMP + 6] = 0x00;	/* sequence */
	frame[ICMP + 7] = 0x07;
	for (size_t i = 0; i < payload; i++)
		frame[ICMP + 8 + i] = (uint8_t)(i * 3);
	set_checksum(frame + ICMP, 8 + payload, 2);
	return 14 + total;
}

static void test_checksum_known_header(void **state)
{
	/* An IPv4 header with its checksum 0xb861 (RFC 1071's method, a commonly worked example). */
	uint8_t h[20] = { 0x45, 0, 0x00, 0x73, 0, 0, 0x40, 0, 0x40, 0x11, 0, 0, 192, 168, 0, 1, 192, 168, 0, 199 };

	(void)state;
	assert_int_equal(net_inet_checksum(h, sizeof(h)), 0xb861);
	h[10] = 0xb8;
	h[11] = 0x61;
	assert_int_equal(net_inet_checksum(h, sizeof(h)), 0);
	assert_int_equal(net_inet_checksum((const uint8_t *)"\x01", 1), 0xfeff);	/* odd length: pad with a zero */
}

static void test_arp_request_answered(void **state)
{
	static const uint8_t want[] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 0x52, 0x54, 0x00, 0x12, 0x34, 0x02,
		0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 6, 4, 0x00, 0x02,
		0x52, 0x54, 0x00, 0x12, 0x34, 0x02, 10, 0, 2, 2, 0x52, 0x54, 0x00, 0x12, 0x34, 0x56, 10, 0, 2, 15 };
	size_t len = arp_request();

	(void)state;
	assert_int_equal(answer(len), sizeof(want));
	assert_memory_equal(reply, want, sizeof(want));
	/* Padded to Ethernet's minimum, and sent to our MAC rather than broadcast: the same reply. */
	memcpy(frame, self.mac, 6);
	assert_int_equal(answer(60), sizeof(want));
	assert_memory_equal(reply, want, sizeof(want));
}

static void test_arp_refused(void **state)
{
	static const struct { size_t at; uint8_t value; const char *what; } bad[] = {
		{ 0, 0x02, "to another host's MAC" }, { 15, 0x06, "not Ethernet" }, { 17, 0xdd, "not IPv4" },
		{ 18, 8, "hardware address length" }, { 19, 16, "protocol address length" },
		{ 21, 2, "a reply, not a request" }, { 21, 3, "RARP" }, { 41, 3, "for another IPv4 address" },
		{ 22, 0x53, "sender MAC a group address" }, { 27, 0x57, "sender MAC not the frame's source" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = arp_request();

		frame[bad[i].at] = bad[i].value;
		if (answer(len))
			fail_msg("answered an ARP request %s", bad[i].what);
	}
	assert_int_equal(answer(arp_request() - 1), 0);	/* truncated */
	arp_request();
	assert_int_equal(net_responder_reply(&self, frame, 42, reply, 41), 0);	/* no room for the reply */
}

static void test_echo_answered(void **state)
{
	size_t len = echo_request(56), total = len - 14;

	(void)state;
	memcpy(frame + len, "padding", 7);	/* link-layer padding past the IP length is not echoed */
	assert_int_equal(answer(len + 7), len);
	assert_memory_equal(reply, guest_mac, 6);
	assert_memory_equal(reply + 6, self.mac, 6);
	assert_memory_equal(reply + 12, frame + 12, 2);
	/* IP: version, TOS, length, id, DF kept; TTL ours; addresses swapped; checksum right. */
	assert_memory_equal(reply + IP, frame + IP, 8);
	assert_int_equal(reply[IP + 8], NET_REPLY_TTL);
	assert_int_equal(reply[IP + 9], 1);
	assert_memory_equal(reply + IP + 12, self.ip, 4);
	assert_memory_equal(reply + IP + 16, guest_ip, 4);
	assert_true(checksum_ok(reply + IP, 20));
	/* ICMP: an echo reply, code 0, identifier, sequence and data echoed, checksum right. */
	assert_int_equal(reply[ICMP], 0);
	assert_int_equal(reply[ICMP + 1], 0);
	assert_memory_equal(reply + ICMP + 4, frame + ICMP + 4, total - 20 - 4);
	assert_true(checksum_ok(reply + ICMP, total - 20));
	/* The exact checksums, worked out by hand from the request's: type 8 → 0 adds 0x0800. */
	assert_int_equal(reply[ICMP + 2] << 8 | reply[ICMP + 3],
			 ((frame[ICMP + 2] << 8 | frame[ICMP + 3]) + 0x0800) % 0xffff);

	/* Odd payload lengths, no payload, and the largest frame all answered. */
	assert_int_equal(answer(echo_request(1)), 14 + 29);
	assert_true(checksum_ok(reply + ICMP, 9));
	assert_int_equal(answer(echo_request(0)), 42);
	assert_int_equal(answer(echo_request(NET_ETH_MAX_FRAME - 42)), NET_ETH_MAX_FRAME);
	assert_true(checksum_ok(reply + ICMP, NET_ETH_MAX_FRAME - 34));
}

static void test_echo_refused(void **state)
{
	static const struct { size_t at; uint8_t value; int fix_ip; const char *what; } bad[] = {
		{ 0, 0xff, 0, "broadcast" }, { 0, 0x53, 0, "to another MAC" }, { 6, 0x01, 0, "from a group MAC" },
		{ 12, 0x86, 0, "IPv6 EtherType" }, { 12, 0x81, 0, "VLAN-tagged" },
		{ IP, 0x46, 1, "with IP options" }, { IP, 0x65, 1, "IP version 6" }, { IP, 0x44, 1, "header too short" },
		{ IP + 6, 0x20, 1, "more fragments" }, { IP + 7, 0x01, 1, "a fragment at an offset" },
		{ IP + 9, 17, 1, "UDP" }, { IP + 10, 0x00, 0, "a bad IP checksum" },
		{ IP + 19, 255, 1, "to another address" }, { IP + 12, 255, 1, "from the limited broadcast" },
		{ IP + 12, 224, 1, "from a multicast address" }, { IP + 12, 0, 2, "from 0.0.0.0" },
		{ ICMP, 0, 0, "an echo reply" }, { ICMP, 13, 0, "a timestamp request" }, { ICMP + 1, 1, 0, "code 1" },
		{ ICMP + 20, 0xaa, 0, "a bad ICMP checksum" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t len = echo_request(56);

		frame[bad[i].at] = bad[i].value;
		if (bad[i].fix_ip == 2)
			memset(frame + IP + 12, 0, 4);
		if (bad[i].fix_ip)
			set_checksum(frame + IP, 20, 10);
		if (answer(len))
			fail_msg("answered an echo request %s", bad[i].what);
	}
}

static void test_lengths_that_lie(void **state)
{
	size_t len = echo_request(56);

	(void)state;
	assert_int_equal(answer(len - 1), 0);	/* IP length one past the frame */
	frame[IP + 2] = 0;
	frame[IP + 3] = 27;	/* shorter than IP + ICMP headers */
	set_checksum(frame + IP, 20, 10);
	assert_int_equal(answer(len), 0);
	frame[IP + 2] = 0xff;	/* 65535: far past the frame */
	frame[IP + 3] = 0xff;
	set_checksum(frame + IP, 20, 10);
	assert_int_equal(answer(len), 0);
	echo_request(0);
	for (size_t n = 0; n < 42; n++)
		assert_int_equal(answer(n), 0);	/* every truncation of the smallest echo request */
	echo_request(NET_ETH_MAX_FRAME - 42);
	assert_int_equal(answer(NET_ETH_MAX_FRAME + 1), 0);	/* longer than any frame */
	assert_int_equal(net_responder_reply(&self, frame, NET_ETH_MAX_FRAME, reply, NET_ETH_MAX_FRAME - 1), 0);
}

static void test_parse_addresses(void **state)
{
	uint8_t mac[6], ip[4];
	static const char *bad_macs[] = { "", "52:54:00:12:34", "52:54:00:12:34:02:", "52:54:00:12:34:0g",
		"152:54:00:12:34:02", "52-54-00-12-34-02", "52:54:00:12:34:002" };
	static const char *bad_ips[] = { "", "10.0.2", "10.0.2.2.", "10.0.2.256", "10.0.2.2x", "10..2.2", "0010.0.2.2" };

	(void)state;
	assert_int_equal(net_parse_mac("52:54:00:12:34:0A", mac), 0);
	assert_memory_equal(mac, ((uint8_t[]){ 0x52, 0x54, 0, 0x12, 0x34, 0x0a }), 6);
	assert_int_equal(net_parse_ipv4("192.168.0.255", ip), 0);
	assert_memory_equal(ip, ((uint8_t[]){ 192, 168, 0, 255 }), 4);
	for (size_t i = 0; i < sizeof(bad_macs) / sizeof(bad_macs[0]); i++)
		if (!net_parse_mac(bad_macs[i], mac))
			fail_msg("parsed MAC '%s'", bad_macs[i]);
	for (size_t i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++)
		if (!net_parse_ipv4(bad_ips[i], ip))
			fail_msg("parsed IPv4 '%s'", bad_ips[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_checksum_known_header),
		cmocka_unit_test(test_arp_request_answered),
		cmocka_unit_test(test_arp_refused),
		cmocka_unit_test(test_echo_answered),
		cmocka_unit_test(test_echo_refused),
		cmocka_unit_test(test_lengths_that_lie),
		cmocka_unit_test(test_parse_addresses),
	};

	return cmocka_run_group_tests_name("net_responder", tests, NULL, NULL);
}
