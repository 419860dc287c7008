/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_diode (make bench): data-diode throughput from sender to receiver, in
 * bytes per 1000 instructions, next to a plain memcpy of the same records in
 * the same image. "bench_diode rx CHANNEL" (higher priority, READ + RECV)
 * drains the ring whenever it is signalled; "bench_diode tx CHANNEL" (WRITE +
 * SIGNAL) times sending 256 KiB in records of 64 and 1024 bytes, signalling
 * after every record or every 32. A zero-length record ends the receiver.
 */
#include <string.h>
#include <kauri/bench.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define TOTAL_BYTES	(256 * 1024)
#define RECORD_MAX	1024

static uint8_t record[RECORD_MAX], copy_to[64 * 1024];

/* bytes per 1000 instructions */
static unsigned long rate(uint64_t bytes, uint64_t instructions)
{
	return (unsigned long)(bytes * 1000 / (instructions ? instructions : 1));
}

static uint64_t time_memcpy(size_t size, unsigned int count)
{
	size_t per_ring = sizeof(copy_to) / size;
	uint64_t t0 = kauri_cycles();

	for (unsigned int i = 0; i < count; i++)
		memcpy(copy_to + (i % per_ring) * size, record, size);
	return kauri_cycles() - t0;
}

static int tx(const struct kauri_channel *ch)
{
	static const struct { unsigned int size, batch; } runs[] = { { 64, 1 }, { 64, 32 }, { 1024, 1 }, { 1024, 32 } };
	struct kauri_diode_sender sender;

	for (unsigned int r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
		unsigned int size = runs[r].size, batch = runs[r].batch, count = TOTAL_BYTES / size;
		uint64_t t0, diode, plain;
		long err = kauri_diode_sender_init(&sender, ch, size);

		if (err) {
			kauri_printf("cannot set up the diode for %u-byte records: %s\n", size, kauri_lib_strerror(err));
			return 1;
		}
		memset(record, (int)r, size);
		t0 = kauri_cycles();
		for (unsigned int i = 0; i < count; i++) {
			kauri_diode_write(&sender, record, size);
			if ((i + 1) % batch == 0)
				kauri_diode_signal(&sender);
		}
		diode = kauri_cycles() - t0;
		plain = time_memcpy(size, count);
		kauri_printf("bench: diode, %u-byte records, signal every %u: %lu bytes per 1000 instructions "
			     "(memcpy of the same records: %lu)\n", size, batch, rate(TOTAL_BYTES, diode),
			     rate(TOTAL_BYTES, plain));
	}
	kauri_diode_send(&sender, record, 0);
	return 0;
}

static int rx(const struct kauri_channel *ch)
{
	static uint8_t buf[RECORD_MAX];
	struct kauri_diode_receiver receiver;
	unsigned long records = 0;
	long len, err = kauri_diode_receiver_init(&receiver, ch);

	if (err) {
		kauri_printf("cannot read the diode: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	while ((len = kauri_diode_receive_wait(&receiver, buf, sizeof(buf), NULL)) > 0)
		records++;
	kauri_printf("bench: diode receiver: %lu records, %lu lost\n", records, (unsigned long)receiver.lost);
	return len == 0 && receiver.lost == 0 ? 0 : 1;
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_channel ch;
	long err;

	(void)envp;
	if (argc < 3 || (strcmp(argv[1], "tx") && strcmp(argv[1], "rx"))) {
		kauri_printf("usage: bench_diode tx|rx CHANNEL\n");
		return 2;
	}
	err = kauri_channel_open(argv[2], &ch);
	if (err) {
		kauri_printf("cannot open channel %s: %s\n", argv[2], kauri_lib_strerror(err));
		return 1;
	}
	return argv[1][0] == 't' ? tx(&ch) : rx(&ch);
}
