/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rng_server: publishes kos_rng_protocol (kauri/rng.h) and answers each request
 * with bytes from a ChaCha20 DRBG (kauri/chacha20.h), whose key is replaced
 * after every request.
 *
 * The seed is WEAK: no board entropy source is wired yet, so it comes from the
 * generic timer's counter sampled around work of varying length. On QEMU and on
 * a freshly booted board that is a few guessable bits, not a secret; the server
 * says so when it starts. A board entropy source is pending.
 */
#include <stdint.h>
#include <format/chacha20.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/rng.h>
#include <kauri/syscalls.h>

#define SEED_SAMPLES	512

static struct chacha20_drbg drbg;

/* Timer samples taken around ChaCha20 blocks whose number depends on the previous sample's low bits. */
static void seed_from_timer_jitter(void)
{
	static const uint8_t nonce[CHACHA20_NONCE_LEN];
	static uint64_t samples[SEED_SAMPLES];
	uint8_t scratch[CHACHA20_BLOCK_LEN] = { 0 };

	for (unsigned int i = 0; i < SEED_SAMPLES; i++) {
		unsigned int rounds = 1 + (i ? samples[i - 1] & 7 : 0);

		for (unsigned int r = 0; r < rounds; r++)
			chacha20_block(scratch, i, nonce, scratch);
		samples[i] = kauri_counter();
	}
	chacha20_drbg_init(&drbg, samples, sizeof(samples));
	chacha20_wipe(samples, sizeof(samples));
	chacha20_wipe(scratch, sizeof(scratch));
}

/* Checks a request; 0 and the byte count in *COUNT, or a KAURI_RNG_* code with WHY. */
static enum kauri_lib_error decode_request(kauri_word_t info, kauri_word_t *count, const char **why)
{
	if (kauri_msginfo_label(info) != KAURI_RNG_GET || kauri_msginfo_length(info) < 1) {
		*why = "unknown label or no byte count";
		return KAURI_RNG_MALFORMED;
	}
	*count = kauri_get_mr(0);
	if (*count < 1 || *count > KAURI_RNG_MAX_BYTES) {
		*why = "byte count is 0 or above KAURI_RNG_MAX_BYTES";
		return KAURI_RNG_BAD_LENGTH;
	}
	return 0;
}

/* COUNT bytes into MR1.., the count in MR0; returns the reply's info. */
static kauri_word_t answer(kauri_word_t count)
{
	static uint8_t bytes[KAURI_RNG_MAX_BYTES];
	uint64_t now = kauri_counter();
	unsigned int words;

	/* Each request's time goes into the state too: cheap, and it can only add. */
	chacha20_drbg_reseed(&drbg, &now, sizeof(now));
	chacha20_drbg_generate(&drbg, bytes, count);
	kauri_set_mr(0, count);
	words = kauri_set_mr_text(1, (const char *)bytes, count);
	chacha20_wipe(bytes, count);
	return kauri_msginfo(0, 0, 0, 1 + words);
}

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_publish(KAURI_RNG_PROTOCOL);
	kauri_word_t badge, info, count = 0;

	if (ep < 0) {
		kauri_printf("cannot publish %s: %s\n", KAURI_RNG_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	seed_from_timer_jitter();
	kauri_printf("serving %s (ChaCha20 DRBG, up to %u bytes a request)\n", KAURI_RNG_PROTOCOL,
		     (unsigned int)KAURI_RNG_MAX_BYTES);
	kauri_printf("WARNING: weak seed: timer jitter only (%u samples); no board entropy source yet (pending), "
		     "so these bytes are not fit for keys\n", SEED_SAMPLES);
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;) {
		const char *why = 0;
		enum kauri_lib_error err = decode_request(info, &count, &why);
		kauri_word_t reply;

		if (err) {
			kauri_printf("refused a request from badge %lu: %s\n", (unsigned long)badge, why);
			reply = kauri_msginfo(err, 0, 0, 0);
		} else {
			reply = answer(count);
		}
		info = kauri_reply_recv((kauri_cptr_t)ep, reply, &badge);
		/* The bytes sent are the client's alone: clear those the new request did not overwrite. */
		for (unsigned int i = kauri_msginfo_length(info); i < kauri_msginfo_length(reply); i++)
			kauri_set_mr(i, 0);
	}
}
