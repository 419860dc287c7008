/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_diode (make bench): data-diode throughput from sender to receiver, in
 * bytes per 1000 instructions, next to a plain memcpy of the same records in
 * the same image. "bench_diode rx CHANNEL" (higher priority, READ + RECV)
 * drains the ring whenever it is signalled; "bench_diode tx CHANNEL" (WRITE +
 * SIGNAL) times sending 256 KiB in records of 64 and 1024 bytes, signalling
 * after every record or every 32. The receiver reads each record in place
 * (peek, check, release: the one copy is the sender's) or copies it out
 * (kauri_diode_receive), as the run says. A zero-length record ends it.
 *
 * What a record costs is split three ways: the sender's writing, the
 * receiver's reading (it counts its own instructions from waking to waiting),
 * and the signalling (the sender's time in kauri_diode_signal, which includes
 * the receiver's reading, since the receiver runs at once, less that reading).
 */
#include <string.h>
#include <kauri/bench.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define TOTAL_BYTES	(256 * 1024)
#define RECORD_MAX	1024

/* Each record's first and last bytes are its run's index, which tells the receiver the run. */
static const struct run {
	unsigned int size, batch;
	int copy_out;
} runs[] = {
	{ 64, 1, 0 }, { 64, 32, 0 }, { 1024, 1, 0 }, { 1024, 32, 0 }, { 64, 32, 1 }, { 1024, 32, 1 },
};
#define RUNS	(sizeof(runs) / sizeof(runs[0]))

static uint8_t record[RECORD_MAX], copy_to[64 * 1024];

/* bytes per 1000 instructions */
static unsigned long rate(uint64_t bytes, uint64_t instructions)
{
	return (unsigned long)(bytes * 1000 / (instructions ? instructions : 1));
}

static const char *way(const struct run *r)
{
	return r->copy_out ? "copied out" : "read in place";
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
	struct kauri_diode_sender sender;

	for (unsigned int r = 0; r < RUNS; r++) {
		unsigned int size = runs[r].size, batch = runs[r].batch, count = TOTAL_BYTES / size;
		uint64_t t0, t1, diode, plain, signalling = 0;
		long err = kauri_diode_sender_init(&sender, ch, size);

		if (err) {
			kauri_printf("cannot set up the diode for %u-byte records: %s\n", size, kauri_lib_strerror(err));
			return 1;
		}
		memset(record, (int)r, size);
		t0 = kauri_cycles();
		for (unsigned int i = 0, unsignalled = 0; i < count; i++) {
			kauri_diode_write(&sender, record, size);
			if (++unsignalled == batch) {
				unsignalled = 0;
				t1 = kauri_cycles();
				kauri_diode_signal(&sender);
				signalling += kauri_cycles() - t1;
			}
		}
		diode = kauri_cycles() - t0;
		plain = time_memcpy(size, count);
		kauri_printf("bench: diode, %u-byte records, signal every %u, %s: %lu bytes per 1000 instructions "
			     "(memcpy of the same records: %lu)\n", size, batch, way(&runs[r]), rate(TOTAL_BYTES, diode),
			     rate(TOTAL_BYTES, plain));
		kauri_printf("bench: diode run %u: %u records, %lu instructions a record in all, %lu of them in signal calls\n",
			     r, count, (unsigned long)(diode / count), (unsigned long)(signalling / count));
	}
	kauri_diode_send(&sender, record, 0);
	return 0;
}

/* A record that is its run's: its first and last byte are the run's index. */
static int run_of(const uint8_t *at, long len)
{
	return at[0] < RUNS && at[len - 1] == at[0] ? at[0] : -1;
}

/* The run every record of the batch is of (the common case: one pass, no per-record state), or -1. */
static int run_of_batch(const struct kauri_diode_record *batch, long n)
{
	int run = batch[0].len ? run_of(batch[0].data, batch[0].len) : -1;

	for (long k = 1; k < n && run >= 0; k++) {
		const uint8_t *at = batch[k].data;
		uint32_t len = batch[k].len;

		if (!len || at[0] != run || at[len - 1] != run)
			return -1;
	}
	return run;
}

static int rx(const struct kauri_channel *ch)
{
	static uint8_t buf[RECORD_MAX];
	static uint64_t reading[RUNS];
	static unsigned long records[RUNS];
	struct kauri_diode_record batch[32];
	struct kauri_diode_receiver receiver;
	unsigned long wrong = 0;
	unsigned int run = 0;
	uint64_t awake;
	long len = 1, n, err = kauri_diode_receiver_init(&receiver, ch);

	if (err || !receiver.notification) {
		kauri_printf("cannot read the diode: %s\n", err ? kauri_lib_strerror(err) : "no RECV right");
		return 1;
	}
	kauri_wait(receiver.notification);
	awake = kauri_cycles();
	while (len > 0) {
		/* Copy out, or read in place in batches, as the last record's run said (the first: in place). */
		if (runs[run].copy_out) {
			len = kauri_diode_receive(&receiver, buf, sizeof(buf), NULL);
			n = len < 0 ? len : 1;		/* one record, or what receive said */
			batch[0].data = buf;
			batch[0].len = len < 0 ? 0 : (uint32_t)len;
		} else {
			n = kauri_diode_peek_batch(&receiver, batch, sizeof(batch) / sizeof(batch[0]));
		}
		if (n == -KAURI_DIODE_EMPTY) {
			reading[run] += kauri_cycles() - awake;
			kauri_wait(receiver.notification);
			awake = kauri_cycles();
			len = 1;
			continue;
		}
		if (n < 0)
			break;
		/* Each record's bytes are read before the release, and counted only after it. */
		if (!runs[run].copy_out) {
			int all = run_of_batch(batch, n);

			if (all >= 0) {
				records[all] += (unsigned long)(n - kauri_diode_release_batch(&receiver));
				run = (unsigned int)all;
				continue;
			}
		}
		{
			int seen[32];
			long dropped = 0, k;

			for (k = 0; k < n; k++) {
				len = batch[k].len;
				if (len == 0)
					break;		/* the sender's last record */
				seen[k] = run_of(batch[k].data, len);
			}
			if (!runs[run].copy_out)
				dropped = kauri_diode_release_batch(&receiver);
			for (k = dropped; k < n && batch[k].len; k++) {
				if (seen[k] < 0) {
					wrong++;
					continue;
				}
				run = (unsigned int)seen[k];
				records[run]++;
			}
		}
	}
	for (unsigned int r = 0; r < RUNS; r++)
		kauri_printf("bench: diode run %u: the receiver read %lu records, %lu instructions a record (%s)\n", r,
			     records[r], (unsigned long)(reading[r] / (records[r] ? records[r] : 1)), way(&runs[r]));
	for (unsigned int r = 1; r < RUNS; r++)
		records[0] += records[r];
	kauri_printf("bench: diode receiver: %lu records, %lu lost, %lu wrong\n", records[0],
		     (unsigned long)receiver.lost, wrong);
	return len == 0 && receiver.lost == 0 && wrong == 0 ? 0 : 1;
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
