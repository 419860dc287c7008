/* SPDX-License-Identifier: BSD-2-Clause */
/* TCBs and scheduling: registers, suspend/resume, priorities and MCP, preemption, round-robin, yield. */
#include "kernel_test.h"

static volatile kauri_word_t flag;
static volatile kauri_word_t counts[4];
static volatile char trace[16];
static volatile unsigned int trace_len;

static void set_flag(kauri_word_t value, kauri_word_t unused)
{
	flag = value;
}

KERNEL_TEST(tcb_write_and_read_registers)
{
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0);
	kauri_word_t in[KAURI_TCB_REG_COUNT], out[KAURI_TCB_REG_COUNT];
	bool same = true;

	for (unsigned int i = 0; i < KAURI_TCB_REG_COUNT; i++)
		in[i] = 0x1000 + i;
	in[KAURI_TCB_REG_SPSR] = 0xffffffffUL;		/* only the condition flags may change */
	CHECK_OK(kauri_tcb_write_registers(tcb, 0, KAURI_TCB_REG_COUNT, in));
	CHECK_OK(kauri_tcb_read_registers(tcb, 0, KAURI_TCB_REG_COUNT, out));
	for (unsigned int i = 0; i < KAURI_TCB_REG_COUNT; i++)
		if (i != KAURI_TCB_REG_SPSR)
			same = same && in[i] == out[i];
	CHECK(same);
	CHECK(out[KAURI_TCB_REG_SPSR] == 0xf0000000UL);	/* EL0, interrupts on */
}

KERNEL_TEST(tcb_register_count_checked)
{
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0);
	kauri_word_t regs[KAURI_TCB_REG_COUNT + 1];

	CHECK_ERR(kauri_tcb_read_registers(tcb, 0, 0, regs), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_tcb_read_registers(tcb, 0, KAURI_TCB_REG_COUNT + 1, regs), KAURI_RANGE_ERROR);
}

KERNEL_TEST(tcb_read_own_registers_refused)
{
	kauri_word_t regs[1];

	CHECK_ERR(kauri_tcb_read_registers(ROOT_TCB, 0, 1, regs), KAURI_ILLEGAL_OPERATION);
}

static void count_forever(kauri_word_t i, kauri_word_t unused)
{
	for (;;)
		counts[i]++;
}

KERNEL_TEST(tcb_suspend_and_resume)
{
	struct thread t;
	kauri_word_t before;

	counts[0] = 0;
	CHECK(thread_new(&t, count_forever, 0, 0, 10, 0, true));
	share_cpu(10, 15);
	CHECK(counts[0] > 0);
	CHECK_OK(kauri_tcb_suspend(t.tcb));
	before = counts[0];
	share_cpu(10, 15);
	CHECK(counts[0] == before);
	CHECK_OK(kauri_tcb_resume(t.tcb));
	share_cpu(10, 15);
	CHECK(counts[0] > before);
}

KERNEL_TEST(tcb_set_priority_within_mcp)
{
	kauri_cptr_t t = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_tcb_set_priority(t, ROOT_TCB, 200));
	CHECK_OK(kauri_tcb_set_priority(t, ROOT_TCB, 0));
	CHECK_ERR(kauri_tcb_set_priority(t, ROOT_TCB, 256), KAURI_RANGE_ERROR);
}

KERNEL_TEST(tcb_priority_above_authority_mcp_refused)
{
	kauri_cptr_t authority = object_new(KAURI_TCB, 0), t = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_tcb_set_mc_priority(authority, ROOT_TCB, 10));
	CHECK_OK(kauri_tcb_set_priority(t, authority, 10));
	CHECK_ERR(kauri_tcb_set_priority(t, authority, 11), KAURI_RANGE_ERROR);
	CHECK(kauri_get_mr(1) == 10);	/* the most this authority allows */
}

KERNEL_TEST(tcb_mcp_above_authority_refused)
{
	kauri_cptr_t authority = object_new(KAURI_TCB, 0), t = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_tcb_set_mc_priority(authority, ROOT_TCB, 20));
	CHECK_ERR(kauri_tcb_set_mc_priority(t, authority, 21), KAURI_RANGE_ERROR);
	CHECK_OK(kauri_tcb_set_mc_priority(t, authority, 20));
	/* A thread cannot raise itself past its own MCP either. */
	CHECK_ERR(kauri_tcb_set_priority(authority, authority, 21), KAURI_RANGE_ERROR);
}

KERNEL_TEST(sched_higher_priority_preempts)
{
	struct thread t;

	flag = 0;
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 50);
	CHECK(thread_new(&t, set_flag, 1, 0, 100, 0, true));
	CHECK(flag == 1);	/* it ran before Resume returned to us */
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
}

KERNEL_TEST(sched_lower_priority_waits)
{
	struct thread t;

	flag = 0;
	CHECK(thread_new(&t, set_flag, 1, 0, 100, 0, true));
	spin_ms(2);
	CHECK(flag == 0);	/* we are higher and never blocked */
	run_others();
	CHECK(flag == 1);
}

static volatile kauri_word_t turns[4];
static volatile kauri_word_t last_runner;

#define FAIR_TURNS	3	/* each spinner must get the CPU back this often */

static bool all_had_turns(void)
{
	for (unsigned int i = 0; i < 3; i++)
		if (turns[i] < FAIR_TURNS)
			return false;
	return true;
}

/*
 * Spins until every spinner has had the CPU FAIR_TURNS times (or, if the scheduler never takes
 * the CPU away, until DEADLINE), counting how often it got the CPU back after another had it.
 */
static void count_until(kauri_word_t i, kauri_word_t deadline)
{
	while (!all_had_turns() && kauri_counter() < deadline) {
		counts[i]++;
		if (last_runner != i) {
			turns[i]++;
			last_runner = i;
		}
	}
}

KERNEL_TEST(sched_round_robin_is_fair)
{
	struct thread t[3];
	/* Far more than the 5 ms timeslices need; only a scheduler that never preempts reaches it. */
	kauri_word_t deadline = kauri_counter() + env.bootinfo->timer_frequency * 10;

	last_runner = 99;
	for (unsigned int i = 0; i < 3; i++) {
		counts[i] = turns[i] = 0;
		CHECK(thread_new(&t[i], count_until, i, deadline, 50, 0, false));
	}
	for (unsigned int i = 0; i < 3; i++)
		CHECK_OK(kauri_tcb_resume(t[i].tcb));
	/*
	 * None of them ever blocks, so only round-robin timeslices take the CPU from one to the
	 * next: each must get it back FAIR_TURNS times before the deadline. Nothing depends on
	 * how fast the host runs QEMU (a 60 ms window did, and failed on a loaded machine).
	 */
	run_others();
	for (unsigned int i = 0; i < 3; i++)
		CHECK(counts[i] > 0 && turns[i] >= FAIR_TURNS);
	CHECK(kauri_counter() < deadline);
}

static void yield_and_trace(kauri_word_t letter, kauri_word_t times)
{
	for (kauri_word_t i = 0; i < times; i++) {
		trace[trace_len++] = (char)letter;
		kauri_yield();
	}
}

KERNEL_TEST(sched_yield_alternates)
{
	struct thread a, b;

	trace_len = 0;
	CHECK(thread_new(&a, yield_and_trace, 'A', 3, 50, 0, true));
	CHECK(thread_new(&b, yield_and_trace, 'B', 3, 50, 0, true));
	run_others();
	trace[trace_len] = 0;
	CHECK(trace_len == 6);
	CHECK(trace[0] == 'A' && trace[1] == 'B' && trace[2] == 'A' && trace[3] == 'B' && trace[4] == 'A' &&
	      trace[5] == 'B');
}

KERNEL_TEST(tcb_configure_checks_capabilities)
{
	kauri_cptr_t t = object_new(KAURI_TCB, 0), frame;
	void *buffer = frame_new_mapped(&frame);

	CHECK(buffer != 0);
	CHECK_ERR(kauri_tcb_configure(t, 0, ROOT_VSPACE, ROOT_VSPACE, 0, frame), KAURI_INVALID_CAPABILITY);
	CHECK(kauri_get_mr(0) == 1);
	CHECK_ERR(kauri_tcb_configure(t, 0, ROOT_CNODE, ROOT_CNODE, 0, frame), KAURI_INVALID_CAPABILITY);
	CHECK(kauri_get_mr(0) == 2);
	CHECK_ERR(kauri_tcb_configure(t, 0, ROOT_CNODE, ROOT_VSPACE, (kauri_word_t)buffer, ROOT_TCB),
		  KAURI_INVALID_CAPABILITY);
	CHECK(kauri_get_mr(0) == 3);
	CHECK_ERR(kauri_tcb_configure(t, 0, ROOT_CNODE, ROOT_VSPACE, (kauri_word_t)buffer + 8, frame),
		  KAURI_ALIGNMENT_ERROR);
	CHECK_OK(kauri_tcb_configure(t, 0, ROOT_CNODE, ROOT_VSPACE, (kauri_word_t)buffer, frame));
}

static volatile kauri_word_t fpu_errors;

/* Keeps VALUE in d8 across yields to another thread doing the same with its own value. */
static void fpu_keeper(kauri_word_t value, kauri_word_t rounds)
{
	__asm__ volatile("fmov d8, %0" : : "r"(value) : "d8");
	for (kauri_word_t i = 0; i < rounds; i++) {
		kauri_word_t seen;

		kauri_yield();
		__asm__ volatile("fmov %0, d8" : "=r"(seen));
		if (seen != value)
			fpu_errors++;
		__asm__ volatile("fmov d8, %0" : : "r"(value + i + 1) : "d8");
		value += i + 1;
	}
}

KERNEL_TEST(fpu_registers_follow_their_thread)
{
	struct thread a, b;

	fpu_errors = 0;
	CHECK(thread_new(&a, fpu_keeper, 0x1111111111111111UL, 20, 50, 0, true));
	CHECK(thread_new(&b, fpu_keeper, 0x2222222222222222UL, 20, 50, 0, true));
	run_others();
	CHECK(fpu_errors == 0);
}
