/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * self_test: checks at start-up that the base layer's services answer, one
 * "PASS <check>" or "FAIL <check>: <why>" line each, then "N of M checks
 * passed"; exits 0 only if every check passed. A check is one function in
 * checks[]: it returns 0, or writes why it failed into WHY and returns -1.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/diode.h>
#include <kauri/keystore.h>
#include <kauri/log.h>
#include <kauri/protocol.h>
#include <kauri/rng.h>
#include <kauri/syscalls.h>

#define WHY_MAX	160
#define DRAW	32

static int failed(char *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failed(char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, WHY_MAX, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The message server hands out a send capability through the supervisor (or,
 * with no log server configured, says that nobody publishes the protocol).
 */
static int check_msg_server(char *why)
{
	long ep = kauri_protocol_connect(KAURI_LOG_PROTOCOL);

#ifndef CONFIG_LOG_SERVER
	if (ep == -KAURI_PROTOCOL_NOT_PUBLISHED)
		return 0;
#endif
	if (ep < 0)
		return failed(why, "connect to " KAURI_LOG_PROTOCOL " refused: %s", kauri_lib_strerror(ep));
	if (ep < KAURI_APP_FIRST_FREE)
		return failed(why, "connect returned slot %ld, below the first free slot %d", ep, KAURI_APP_FIRST_FREE);
	return 0;
}

#ifdef CONFIG_LOG_SERVER
static int check_log_record(char *why)
{
	long err = kauri_log_open();

	if (err < 0)
		return failed(why, "cannot connect: %s", kauri_lib_strerror(err));
	err = kauri_log(KAURI_LOG_INFO, "self test record");
	if (err < 0)
		return failed(why, "record refused: %s", kauri_lib_strerror(err));
	return 0;
}

/* The server checks what it is sent: a record with no valid level is refused. */
static int check_log_bad_level(char *why)
{
	long err = kauri_log_open();

	if (err < 0)
		return failed(why, "cannot connect: %s", kauri_lib_strerror(err));
	err = kauri_log(KAURI_LOG_DEBUG + 1, "a record with no valid level");
	if (err == 0)
		return failed(why, "a record with level %d was accepted", KAURI_LOG_DEBUG + 1);
	if (err != -KAURI_LOG_BAD_LEVEL)
		return failed(why, "refused, but not as a bad level: %s", kauri_lib_strerror(err));
	return 0;
}

#endif

#ifdef CONFIG_RNG_SERVER
static int all_zero(const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (p[i])
			return 0;
	return 1;
}

static int check_rng(char *why)
{
	unsigned char one[DRAW], two[DRAW];
	long err = kauri_rng_bytes(one, sizeof(one));

	if (err == 0)
		err = kauri_rng_bytes(two, sizeof(two));
	if (err < 0)
		return failed(why, "no bytes: %s", kauri_lib_strerror(err));
	if (all_zero(one, sizeof(one)) || all_zero(two, sizeof(two)))
		return failed(why, "a %d-byte draw is all zero", DRAW);
	if (!memcmp(one, two, sizeof(one)))
		return failed(why, "two %d-byte draws are the same", DRAW);
	return 0;
}

#endif

#ifdef CONFIG_KEY_STORE
static int check_key_store(char *why)
{
	long ep = kauri_protocol_connect(KAURI_KEYSTORE_PROTOCOL);
	kauri_word_t label;

	if (ep < 0)
		return failed(why, "connect refused: %s", kauri_lib_strerror(ep));
	label = kauri_msginfo_label(kauri_call((kauri_cptr_t)ep, kauri_msginfo(1, 0, 0, 0)));
	if (label != KAURI_KEYSTORE_NOT_PROVISIONED)
		return failed(why, "answered with label %lu, not not-provisioned (%d)", (unsigned long)label,
			      KAURI_KEYSTORE_NOT_PROVISIONED);
	return 0;
}

#endif

#ifdef CONFIG_CHANNELS
/*
 * A record through a diode on the loopback channel self_test holds every
 * right on: set up, sent (with a signal), waited for, read back whole, and the
 * ring empty afterwards.
 */
static int check_channel(char *why)
{
	static const char record[] = "self test record through the diode";
	struct kauri_channel ch;
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	char back[sizeof(record)];
	uint64_t seq = ~0ULL;
	long err = kauri_channel_open("self_test_loop", &ch);

	if (err)
		return failed(why, "cannot open self_test_loop: %s", kauri_lib_strerror(err));
	if (ch.rights != (KAURI_CHANNEL_READ | KAURI_CHANNEL_WRITE | KAURI_CHANNEL_SIGNAL | KAURI_CHANNEL_RECV))
		return failed(why, "rights 0x%x, not READ WRITE SIGNAL RECV", ch.rights);
	err = kauri_diode_sender_init(&tx, &ch, sizeof(record));
	if (!err)
		err = kauri_diode_receiver_init(&rx, &ch);
	if (!err)
		err = kauri_diode_send(&tx, record, sizeof(record));
	if (err)
		return failed(why, "diode set-up or send: %s", kauri_lib_strerror(err));
	err = kauri_diode_receive_wait(&rx, back, sizeof(back), &seq);
	if (err != (long)sizeof(record) || memcmp(back, record, sizeof(record)))
		return failed(why, "read back %ld bytes, not the %zu sent", err, sizeof(record));
	if (seq != 0 || rx.lost)
		return failed(why, "sequence %lu and %lu lost, not 0 and 0", (unsigned long)seq, (unsigned long)rx.lost);
	if (kauri_diode_receive(&rx, back, sizeof(back), &seq) != -KAURI_DIODE_EMPTY)
		return failed(why, "a second record where none was sent");
	return 0;
}

#endif

/* The checks of the services this image has (menuconfig's "Services"). */
static const struct check {
	const char *name;
	int (*run)(char *why);
} checks[] = {
	{ "message server: connect through the supervisor", check_msg_server },
#ifdef CONFIG_LOG_SERVER
	{ "log server: a record is accepted", check_log_record },
	{ "log server: a record with a bad level is refused", check_log_bad_level },
#endif
#ifdef CONFIG_RNG_SERVER
	{ "rng server: two 32-byte draws differ and are not all zero", check_rng },
#endif
#ifdef CONFIG_KEY_STORE
	{ "key store: answers not-provisioned", check_key_store },
#endif
#ifdef CONFIG_CHANNELS
	{ "channel: a record round trip through a diode", check_channel },
#endif
};

int main(int argc, char **argv, char **envp)
{
	unsigned int total = sizeof(checks) / sizeof(checks[0]), passed = 0;

	for (unsigned int i = 0; i < total; i++) {
		char why[WHY_MAX] = "";

		if (checks[i].run(why) == 0) {
			kauri_printf("PASS %s\n", checks[i].name);
			passed++;
		} else {
			kauri_printf("FAIL %s: %s\n", checks[i].name, why);
		}
	}
	kauri_printf("%u of %u checks passed\n", passed, total);
	return passed == total ? 0 : 1;
}
