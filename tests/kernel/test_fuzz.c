/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Robustness: an untrusted thread with a handful of capabilities makes 100000
 * random system calls (random capabilities, labels, registers, IPC buffer
 * contents). The root server handles its faults and resumes it; afterwards the
 * kernel must still work normally.
 */
#include <kauri/fault.h>
#include "env.h"

#define FUZZ_CALLS	100000
#define FUZZ_RADIX	5
#define FUZZ_DONE	0xdead

static volatile kauri_word_t fuzz_issued;

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic, so a failure can be replayed with the same seed. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

/* Mostly plausible values with some wild ones, to get past the first checks. */
static kauri_word_t fuzz_word(void)
{
	switch (rng() % 6) {
	case 0:
		return rng();
	case 1:
		return rng() % 64;
	case 2:
		return rng() % (1UL << FUZZ_RADIX);
	case 3:
		return 0x10000000UL + (rng() % 64) * 4096;
	default:
		return rng() % 8;
	}
}

static const enum kauri_syscall calls[] = {
	KAURI_SYS_CALL, KAURI_SYS_NB_SEND, KAURI_SYS_NB_RECV, KAURI_SYS_REPLY, KAURI_SYS_YIELD,
	KAURI_SYS_CALL, KAURI_SYS_CALL, KAURI_SYS_SEND,
};

static void fuzzer(kauri_word_t seed, kauri_word_t unused)
{
	struct kauri_ipc_buffer *b = kauri_ipc_buffer();

	rng_state = seed;
	for (kauri_word_t i = 0; i < FUZZ_CALLS; i++) {
		kauri_word_t x0 = rng() % 8 ? rng() % (1UL << FUZZ_RADIX) : rng();
		kauri_word_t label = rng() % 4 ? rng() % 60 : rng();
		kauri_word_t info = kauri_msginfo(label, 0, rng() % 4, rng() % 8 ? rng() % 8 : rng() % 128);

		for (unsigned int m = 0; m < 8; m++)
			b->msg[m] = fuzz_word();
		for (unsigned int c = 0; c < 3; c++)
			b->caps_or_badges[c] = rng() % (1UL << FUZZ_RADIX);
		b->receive_cnode = 0;
		b->receive_index = rng() % (1UL << FUZZ_RADIX);
		b->receive_depth = rng() % 4 ? 64 : rng() % 70;
		if (rng() % 64 == 0) {
			/* An unknown number (faults); not the debug calls, which may end the run. */
			kauri_word_t number = rng() % 200 + 9;

			if (number >= KAURI_SYS_DEBUG_PUTCHAR && number <= KAURI_SYS_DEBUG_WRITE)
				number += KAURI_SYS_DEBUG_WRITE - KAURI_SYS_DEBUG_PUTCHAR + 1;
			kauri_syscall((enum kauri_syscall)number, &x0, &info);
		}
		else
			kauri_syscall(calls[rng() % (sizeof(calls) / sizeof(calls[0]))], &x0, &info);
		fuzz_issued = i + 1;
	}
	{
		kauri_word_t x0 = fuzz_issued, x1 = 0;

		kauri_syscall((enum kauri_syscall)FUZZ_DONE, &x0, &x1);
	}
}

static void echo_once(kauri_word_t ep, kauri_word_t unused)
{
	kauri_word_t info = kauri_recv(ep, 0);

	kauri_set_mr(0, kauri_get_mr(0) + 1);
	kauri_reply(info);
}

KERNEL_TEST(fuzz_random_invocations)
{
	kauri_cptr_t cnode = object_new(KAURI_CNODE, FUZZ_RADIX), guarded = slot_alloc();
	kauri_cptr_t faults = object_new(KAURI_ENDPOINT, 0), ep = object_new(KAURI_ENDPOINT, 0);
	kauri_cptr_t ut = object_new(KAURI_UNTYPED, 18), own_vspace = object_new(KAURI_VSPACE, 0);
	struct thread fuzz, echo;
	kauri_word_t handled = 0, unstuck = 0, regs[1];
	bool finished = false;

	/* Its CSpace: a small CNode (guard so depth 64 resolves) with a few things in it. */
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, guarded, DEPTH, ROOT_CNODE, cnode, DEPTH, KAURI_ALL_RIGHTS,
				  (kauri_word_t)(64 - FUZZ_RADIX) << 58));
	CHECK_OK(kauri_cnode_copy(cnode, 1, FUZZ_RADIX, ROOT_CNODE, guarded, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_move(cnode, 2, FUZZ_RADIX, ROOT_CNODE, ut, DEPTH));
	CHECK_OK(kauri_cnode_move(cnode, 3, FUZZ_RADIX, ROOT_CNODE, object_new(KAURI_NOTIFICATION, 0), DEPTH));
	CHECK_OK(kauri_cnode_move(cnode, 4, FUZZ_RADIX, ROOT_CNODE, object_new(KAURI_FRAME_4K, 0), DEPTH));
	CHECK_OK(kauri_cnode_move(cnode, 5, FUZZ_RADIX, ROOT_CNODE, object_new(KAURI_PAGE_TABLE, 0), DEPTH));
	CHECK_OK(kauri_cnode_move(cnode, 6, FUZZ_RADIX, ROOT_CNODE, own_vspace, DEPTH));
	CHECK_OK(kauri_cnode_copy(cnode, 7, FUZZ_RADIX, ROOT_CNODE, faults, DEPTH, KAURI_RIGHT_WRITE | KAURI_RIGHT_GRANT));

	/* It runs in the root VSpace (for its code) with its own CSpace and faults to us. */
	CHECK(thread_new(&fuzz, fuzzer, 0x9e3779b97f4a7c15ULL, 0, 100, 7, false));
	CHECK_OK(kauri_tcb_configure(fuzz.tcb, 7, guarded, ROOT_VSPACE, (kauri_word_t)fuzz.ipc_buffer,
				     fuzz.ipc_frame));
	CHECK_OK(kauri_tcb_resume(fuzz.tcb));

	/*
	 * We run just below it, so we only run while it is blocked: on a fault
	 * (its message is waiting for us) or in some IPC of its own making, where
	 * we push it on past the system call.
	 */
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 99);
	while (!finished) {
		kauri_word_t before = fuzz_issued;
		kauri_word_t info = kauri_nbrecv(faults, 0);
		kauri_word_t label = kauri_msginfo_label(info);

		if (label == KAURI_FAULT_UNKNOWN_SYSCALL && kauri_get_mr(2) == FUZZ_DONE) {
			finished = true;
		} else if (label >= KAURI_FAULT_CAP && label <= KAURI_FAULT_VM && kauri_msginfo_length(info) >= 4) {
			handled++;
			/* Faults in memory would repeat: skip the instruction; the rest resume as they are. */
			if (label == KAURI_FAULT_VM || label == KAURI_FAULT_USER_EXCEPTION) {
				kauri_set_mr(0, kauri_get_mr(0) + 4);
				kauri_reply(kauri_msginfo(0, 0, 0, 1));
			} else {
				kauri_reply(kauri_msginfo(0, 0, 0, 0));
			}
		} else if (fuzz_issued == before) {
			/* Blocked in an IPC of its own: resume it where it is (after the svc). */
			kauri_word_t pc;

			kauri_reply(kauri_msginfo(0, 0, 0, 0));
			if (kauri_tcb_read_registers(fuzz.tcb, 0, 1, &pc) == KAURI_OK)
				kauri_tcb_write_registers(fuzz.tcb, 1, 1, &pc);
			unstuck++;
		}
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
	CHECK(fuzz_issued == FUZZ_CALLS);
	CHECK(handled > 0);
	kauri_printf("    fuzz: %lu system calls, %lu faults handled, %lu blocking calls cut short\n",
		     (unsigned long)fuzz_issued, (unsigned long)handled, (unsigned long)unstuck);

	/* The kernel still works: a fresh thread answers a call. */
	CHECK(thread_new(&echo, echo_once, ep, 0, 100, 0, true));
	kauri_set_mr(0, 41);
	kauri_call(ep, kauri_msginfo(0, 0, 0, 1));
	CHECK(kauri_get_mr(0) == 42);
	CHECK_OK(kauri_tcb_read_registers(fuzz.tcb, 1, 1, regs));
}

KERNEL_TEST(memory_fully_reclaimed_after_fuzz)
{
	kauri_cptr_t whole = slot_alloc(), n = slot_alloc();

	/*
	 * The cleanup after the fuzz test revoked the tests' untyped: only if every
	 * object the fuzzer made (in CNodes of its own, in TCBs, in any depth) is gone
	 * does the untyped have no children, and only then can it be retyped whole.
	 */
	CHECK_OK(kauri_untyped_retype(env.untyped, KAURI_UNTYPED, env.untyped_bits, ROOT_CNODE, 0, 0, whole, 1));
	CHECK_OK(kauri_untyped_retype(whole, KAURI_NOTIFICATION, 0, ROOT_CNODE, 0, 0, n, 1));
	kauri_signal(n);
	CHECK(kauri_poll(n) == 0);
}
