/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench_protocol (make bench): a protocol call round trip through libkauri,
 * client and server in protection domains of their own, as apps make them.
 * "bench_protocol server" publishes bench_protocol and echoes; "bench_protocol
 * client" connects, times Calls of 0, 4 and 10 words, then stops the server.
 */
#include <string.h>
#include <kauri/bench.h>
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define WARMUP		64
#define ITERATIONS	256
#define LABEL_STOP	1

static int server(void)
{
	long ep = kauri_protocol_publish("bench_protocol");
	kauri_word_t badge, info;

	if (ep < 0) {
		kauri_printf("cannot publish bench_protocol: %s\n", kauri_lib_strerror(ep));
		return 1;
	}
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	while (kauri_msginfo_label(info) != LABEL_STOP)
		info = kauri_reply_recv((kauri_cptr_t)ep, kauri_msginfo(0, 0, 0, kauri_msginfo_length(info)), &badge);
	kauri_reply(kauri_msginfo(0, 0, 0, 0));
	return 0;
}

static int client(void)
{
	static const unsigned int words[] = { 0, 4, 10 };
	long ep = kauri_protocol_connect("bench_protocol");
	uint64_t samples[ITERATIONS], overhead = kauri_bench_overhead();

	if (ep < 0) {
		kauri_printf("cannot connect to bench_protocol: %s\n", kauri_lib_strerror(ep));
		return 1;
	}
	for (unsigned int w = 0; w < sizeof(words) / sizeof(words[0]); w++) {
		for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
			uint64_t t0 = kauri_cycles(), t1;

			kauri_call((kauri_cptr_t)ep, kauri_msginfo(0, 0, 0, words[w]));
			t1 = kauri_cycles();
			if (i >= WARMUP)
				samples[i - WARMUP] = t1 - t0 - overhead;
		}
		kauri_printf("bench: protocol call round trip through libkauri, %u words: %lu instructions\n",
			     words[w], (unsigned long)kauri_bench_median(samples, ITERATIONS));
	}
	kauri_call((kauri_cptr_t)ep, kauri_msginfo(LABEL_STOP, 0, 0, 0));
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	(void)envp;
	if (argc > 1 && !strcmp(argv[1], "server"))
		return server();
	if (argc > 1 && !strcmp(argv[1], "client"))
		return client();
	kauri_printf("usage: bench_protocol server|client\n");
	return 2;
}
