/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the diode receiver over channel memory a hostile sender
 * wrote. Whatever the bytes, it must stay inside the channel, return records
 * no longer than a slot, in strictly increasing sequence, and end; copied out,
 * read in place (peek, then release) or in place in batches.
 */
#include <stdlib.h>
#include <string.h>
#include <kauri/diode.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size heap copy, so that ASan sees any read past the channel. */
	uint8_t *memory = malloc(size ? size : 1);
	struct kauri_channel ch = { .base = memory, .size = size, .rights = KAURI_CHANNEL_READ };
	struct kauri_diode_receiver rx;
	uint8_t buf[256];
	uint64_t seq, last = 0;
	int have_last = 0;

	if (!memory)
		return 0;
	memcpy(memory, data, size);
	if (kauri_diode_receiver_init(&rx, &ch) == 0) {
		for (int i = 0; i < 4096; i++) {
			const void *record;
			struct kauri_diode_record batch[4];
			long n;

			/* In place in batches, every third time: each record inside the channel, in order. */
			if (i % 3 == 2) {
				n = kauri_diode_peek_batch(&rx, batch, 4);
				if (n < 0)
					break;
				for (long k = 0; k < n; k++)
					if ((const uint8_t *)batch[k].data < memory ||
					    (const uint8_t *)batch[k].data + batch[k].len > memory + size ||
					    batch[k].len > rx.slot_size - KAURI_DIODE_SLOT_HEADER)
						__builtin_trap();
				seq = rx.next + (uint64_t)n - 1;
				if (have_last && rx.next <= last)
					__builtin_trap();
				if (kauri_diode_release_batch(&rx) < 0)
					__builtin_trap();
				last = seq;
				have_last = 1;
				continue;
			}
			/* Both other ways of reading, in turn: copied out, and in place. */
			n = i & 1 ? kauri_diode_receive(&rx, buf, sizeof(buf), &seq) : kauri_diode_peek(&rx, &record, &seq);

			if (!(i & 1) && n >= 0) {
				/* Inside the channel, every byte of it. */
				if ((const uint8_t *)record < memory || (const uint8_t *)record + n > memory + size)
					__builtin_trap();
				memcpy(buf, record, n < (long)sizeof(buf) ? (size_t)n : sizeof(buf));
				if (kauri_diode_release(&rx) != 0)
					continue;
			}

			if (n == -KAURI_DIODE_TOO_BIG)
				continue;
			if (n < 0)
				break;
			if ((size_t)n > rx.slot_size - KAURI_DIODE_SLOT_HEADER || (have_last && seq <= last))
				__builtin_trap();
			last = seq;
			have_last = 1;
		}
	}
	free(memory);
	return 0;
}
