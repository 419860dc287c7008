/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: the client side of kos_rng_protocol (kauri/rng.h). */
#include <stdint.h>
#include <kauri/protocol.h>
#include <kauri/rng.h>
#include <kauri/syscalls.h>

static kauri_cptr_t rng_endpoint;

long kauri_rng_bytes(void *buf, size_t len)
{
	uint8_t *out = buf;

	if (!rng_endpoint) {
		long ep = kauri_protocol_connect(KAURI_RNG_PROTOCOL);

		if (ep < 0)
			return ep;
		rng_endpoint = (kauri_cptr_t)ep;
	}
	while (len) {
		size_t n = len < KAURI_RNG_MAX_BYTES ? len : KAURI_RNG_MAX_BYTES;
		kauri_word_t info;
		long got;

		kauri_set_mr(0, n);
		info = kauri_call(rng_endpoint, kauri_msginfo(KAURI_RNG_GET, 0, 0, 1));
		if (kauri_msginfo_label(info) != 0)
			return -(long)kauri_msginfo_label(info);
		got = kauri_get_text(info, (char *)out, n);
		/* The bytes are the caller's now: none stay behind in the IPC buffer. */
		for (unsigned int i = 0; i < kauri_msginfo_length(info); i++)
			kauri_set_mr(i, 0);
		if (got != (long)n)
			return -KAURI_RNG_BAD_REPLY;
		out += n;
		len -= n;
	}
	return 0;
}
