/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * diode_example: 10000 sequenced records through a data diode. Run as
 * "diode_example send CHANNEL" by an app holding WRITE and SIGNAL on CHANNEL,
 * and as "diode_example receive CHANNEL" by one holding READ and RECV (in
 * another message-server domain); the receiver checks every record's sequence
 * number and content.
 *
 * For the isolation tests it also has roles that must fail: "write" (a
 * receiver writing to the channel), "signal" (a receiver signalling), "peek"
 * (an app without rights reading where a channel would be).
 */
#include <stdint.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define RECORDS		10000
#define RECORD_BYTES	64

/* Record N: its sequence number, then bytes that depend on it and on their position. */
static void make_record(uint64_t n, uint8_t *rec)
{
	memcpy(rec, &n, sizeof(n));
	for (unsigned int i = sizeof(n); i < RECORD_BYTES; i++)
		rec[i] = (uint8_t)(n * 31 + i * 7);
}

static int open_channel(const char *name, struct kauri_channel *ch)
{
	long err = kauri_channel_open(name, ch);

	if (err) {
		kauri_printf("cannot open channel %s: %s\n", name, kauri_lib_strerror(err));
		return -1;
	}
	return 0;
}

static int send(const struct kauri_channel *ch)
{
	struct kauri_diode_sender tx;
	uint8_t rec[RECORD_BYTES];
	long err = kauri_diode_sender_init(&tx, ch, RECORD_BYTES);

	if (err) {
		kauri_printf("cannot set up the diode: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	for (uint64_t n = 0; n < RECORDS; n++) {
		make_record(n, rec);
		kauri_diode_send(&tx, rec, sizeof(rec));
	}
	kauri_printf("sent %u records of %u bytes through %u slots\n", RECORDS, RECORD_BYTES, tx.nslots);
	return 0;
}

/*
 * Reads until the last record. Each must be whole, carry the content its
 * sequence number says, and come after the one before with exactly the
 * records the receiver counted as lost in between.
 */
static int receive(const struct kauri_channel *ch)
{
	struct kauri_diode_receiver rx;
	uint8_t rec[RECORD_BYTES], want[RECORD_BYTES];
	unsigned int good = 0, bad = 0;
	uint64_t seq = 0, expected = 0;
	long err = kauri_diode_receiver_init(&rx, ch);

	if (err) {
		kauri_printf("cannot read the diode: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	while (seq < RECORDS - 1 && bad < 10) {
		uint64_t lost_before = rx.lost;
		long len = kauri_diode_receive_wait(&rx, rec, sizeof(rec), &seq);

		if (len < 0) {
			kauri_printf("after record %lu: %s\n", (unsigned long)expected, kauri_lib_strerror(len));
			return 1;
		}
		make_record(seq, want);
		if (seq != expected + (rx.lost - lost_before) || len != RECORD_BYTES || memcmp(rec, want, sizeof(want))) {
			kauri_printf("record %lu: expected sequence %lu, %ld bytes%s\n", (unsigned long)seq,
				     (unsigned long)(expected + (rx.lost - lost_before)), len,
				     memcmp(rec, want, sizeof(want)) ? ", wrong content" : "");
			bad++;
		} else {
			good++;
		}
		expected = seq + 1;
	}
	kauri_printf("%u of %u records in order with the right content, %lu lost\n", good, RECORDS,
		     (unsigned long)rx.lost);
	return good == RECORDS && rx.lost == 0 ? 0 : 1;
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_channel ch;
	const char *role = argc > 1 ? argv[1] : "", *name = argc > 2 ? argv[2] : "diode0";
	long err;

	(void)envp;
	if (!strcmp(role, "peek")) {
		/* No rights: the root server refuses to say where the channel is, and nothing is mapped there. */
		err = kauri_channel_open(name, &ch);
		kauri_printf("open %s: %s\n", name, err ? kauri_lib_strerror(err) : "opened");
		kauri_printf("reading 0x%lx without rights on any channel\n", (unsigned long)KAURI_APP_CHANNELS);
		kauri_printf("read %lu\n", (unsigned long)*(volatile uint64_t *)KAURI_APP_CHANNELS);
		return 0;
	}
	if (open_channel(name, &ch))
		return 1;
	if (!strcmp(role, "send"))
		return send(&ch);
	if (!strcmp(role, "receive"))
		return receive(&ch);
	if (!strcmp(role, "write")) {
		kauri_printf("writing to %s at 0x%lx, mapped read-only\n", name, (unsigned long)ch.base);
		*(volatile uint64_t *)ch.base = 1;
		return 0;
	}
	if (!strcmp(role, "signal")) {
		kauri_printf("signalling %s with only RECV\n", name);
		kauri_signal(ch.notification);
		return 0;
	}
	kauri_printf("usage: diode_example send|receive|write|signal|peek [CHANNEL]\n");
	return 2;
}
