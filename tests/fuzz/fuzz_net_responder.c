/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: net_responder's frame handling (apps/net_responder/responder.c) with whatever
 * frame a hostile guest sends. The frame is copied to a buffer of exactly its length and the reply
 * goes to one of exactly the largest frame's, so ASan sees any read or write past either. A reply
 * is never longer than the frame, always from our MAC, and an echo reply's checksums are right.
 */
#include <stdlib.h>
#include <string.h>
#include "responder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct net_responder_addr self = {
	{ 0x52, 0x54, 0x00, 0x12, 0x34, 0x02 }, { 10, 0, 2, 2 },
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *frame = malloc(size ? size : 1), *reply = malloc(NET_ETH_MAX_FRAME);
	size_t out;

	if (!frame || !reply)
		goto done;
	memcpy(frame, data, size);
	out = net_responder_reply(&self, frame, size, reply, NET_ETH_MAX_FRAME);
	if (out > size || (out && memcmp(reply + 6, self.mac, 6)))
		__builtin_trap();
	if (out && reply[12] == 0x08 && reply[13] == 0x00 &&
	    (net_inet_checksum(reply + NET_ETH_HEADER, NET_IPV4_HEADER) ||
	     net_inet_checksum(reply + NET_ETH_HEADER + NET_IPV4_HEADER, out - NET_ETH_HEADER - NET_IPV4_HEADER)))
		__builtin_trap();
	/* The same frame with one byte too few for the reply gets none, and nothing is written. */
	if (out && net_responder_reply(&self, frame, size, reply, out - 1))
		__builtin_trap();
done:
	free(frame);
	free(reply);
	return 0;
}
