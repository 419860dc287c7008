/* SPDX-License-Identifier: BSD-2-Clause */
/* Faults of a child thread arrive as messages on its fault endpoint; the reply resumes or restarts it. */
#include <uapi/kauri/fault.h>
#include "kernel_test.h"

static volatile kauri_word_t reached;

static void recovered(void)
{
	reached = 1;
	park_forever();
}

static void null_deref(kauri_word_t unused, kauri_word_t unused2)
{
	reached = *(volatile kauri_word_t *)0;
}

/* A thread running FN with a fault endpoint; returns the endpoint the root receives faults on. */
static kauri_cptr_t faulting_thread(struct thread *t, thread_fn fn)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);

	reached = 0;
	if (!thread_new(t, fn, 0, 0, 100, ep, true))
		return 0;
	return ep;
}

KERNEL_TEST(fault_vm_null_dereference)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, null_deref);
	kauri_word_t info = kauri_recv(ep, 0);

	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(1) == 0);		/* the address */
	CHECK(kauri_get_mr(2) == 0);		/* a data access */
	CHECK(kauri_get_mr(0) >= 0x400000);	/* pc inside the test program */
	/* Resume it elsewhere. */
	kauri_set_mr(0, (kauri_word_t)recovered);
	kauri_reply(kauri_msginfo(0, 0, 0, 1));
	run_others();
	CHECK(reached == 1);
}

static void undefined_instruction(kauri_word_t unused, kauri_word_t unused2)
{
	__asm__ volatile("udf #0");
	reached = 2;
}

KERNEL_TEST(fault_undefined_instruction)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, undefined_instruction);
	kauri_word_t info = kauri_recv(ep, 0);

	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_USER_EXCEPTION);
	CHECK(kauri_get_mr(2) == 0);		/* exception class: unknown instruction */
	/* Step over it: resume at pc + 4. */
	kauri_set_mr(0, kauri_get_mr(0) + 4);
	kauri_reply(kauri_msginfo(0, 0, 0, 1));
	run_others();
	CHECK(reached == 2);
}

static void unknown_syscall(kauri_word_t unused, kauri_word_t unused2)
{
	register kauri_word_t x0 __asm__("x0") = 11;
	register kauri_word_t x7 __asm__("x7") = 999;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "memory");
	reached = 3 + x0;
}

KERNEL_TEST(fault_unknown_syscall)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, unknown_syscall);
	kauri_word_t info = kauri_recv(ep, 0);

	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_UNKNOWN_SYSCALL);
	CHECK(kauri_get_mr(2) == 999);
	CHECK(kauri_get_mr(3) == 11);		/* x0 at the call */
	/* Resume after the svc (pc is already past it) with x0 = 100. */
	kauri_set_mr(0, kauri_get_mr(0));
	kauri_set_mr(1, kauri_get_mr(1));
	kauri_set_mr(2, 100);
	kauri_reply(kauri_msginfo(0, 0, 0, 3));
	run_others();
	CHECK(reached == 103);
}

static void call_empty_slot(kauri_word_t unused, kauri_word_t unused2)
{
	kauri_call(4000, kauri_msginfo(1, 0, 0, 0));
	reached = 4;
}

KERNEL_TEST(fault_capability)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, call_empty_slot);
	kauri_word_t info = kauri_recv(ep, 0);

	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_CAP);
	CHECK(kauri_get_mr(1) == 4000);
	CHECK(kauri_get_mr(2) == 0);		/* not in a receive */
	kauri_reply(kauri_msginfo(0, 0, 0, 0));	/* resume: the call returns */
	run_others();
	CHECK(reached == 4);
}

KERNEL_TEST(fault_reply_refusal_then_restart)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, null_deref);
	kauri_word_t regs[KAURI_TCB_REG_COUNT];

	kauri_recv(ep, 0);
	kauri_reply(kauri_msginfo(1, 0, 0, 0));	/* label 1: leave it stopped */
	run_others();
	CHECK(reached == 0);
	/* Restart it at a new place with WriteRegisters. */
	CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, KAURI_TCB_REG_COUNT, regs));
	regs[KAURI_TCB_REG_PC] = (kauri_word_t)recovered;
	CHECK_OK(kauri_tcb_write_registers(t.tcb, 1, KAURI_TCB_REG_COUNT, regs));
	run_others();
	CHECK(reached == 1);
}

KERNEL_TEST(fault_without_handler_stops_thread)
{
	struct thread t;
	kauri_word_t regs[1];

	reached = 0;
	CHECK(thread_new(&t, null_deref, 0, 0, 100, 0, true));
	run_others();
	CHECK(reached == 0);
	CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, 1, regs));	/* still there, stopped */
}

/* An address nothing is mapped at, hidden from the compiler's bounds checks. */
static volatile kauri_word_t *volatile unmapped_word = (volatile kauri_word_t *)0x8;

static void fault_then_continue(kauri_word_t unused, kauri_word_t unused2)
{
	reached = *unmapped_word;
	reached = 5;
}

KERNEL_TEST(fault_resumed_retries_instruction)
{
	struct thread t;
	kauri_cptr_t ep = faulting_thread(&t, fault_then_continue);
	kauri_word_t regs[KAURI_TCB_REG_COUNT];

	kauri_recv(ep, 0);
	CHECK(kauri_get_mr(1) == 8);
	/* Resume without changing anything: it faults again at the same place. */
	kauri_reply(kauri_msginfo(0, 0, 0, 0));
	kauri_recv(ep, 0);
	CHECK(kauri_get_mr(1) == 8);
	/* Now point its base register at readable memory and let it retry. */
	CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, KAURI_TCB_REG_COUNT, regs));
	kauri_reply(kauri_msginfo(1, 0, 0, 0));
	run_others();
	for (unsigned int r = KAURI_TCB_REG_X0; r < KAURI_TCB_REG_X0 + 31; r++)
		if (regs[r] == 8)
			regs[r] = (kauri_word_t)&reached;
	CHECK_OK(kauri_tcb_write_registers(t.tcb, 1, KAURI_TCB_REG_COUNT, regs));
	run_others();
	CHECK(reached == 5);
}

static void wait_on_endpoint(kauri_word_t ep, kauri_word_t unused)
{
	kauri_recv(ep, 0);
	reached = 6;
}

KERNEL_TEST(endpoint_delete_restarts_blocked_threads)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), faults = object_new(KAURI_ENDPOINT, 0);
	struct thread a, b;
	unsigned int cap_faults = 0;

	reached = 0;
	CHECK(thread_new(&a, wait_on_endpoint, ep, 0, 100, faults, true));
	CHECK(thread_new(&b, wait_on_endpoint, ep, 0, 100, faults, true));
	run_others();
	/* Both wait on ep; deleting it restarts their Recv, which now faults (empty slot). */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, ep, DEPTH));
	for (int i = 0; i < 2; i++) {
		kauri_word_t info = kauri_recv(faults, 0);

		cap_faults += kauri_msginfo_label(info) == KAURI_FAULT_CAP && kauri_get_mr(1) == ep &&
			      kauri_get_mr(2) == 1;
	}
	CHECK(cap_faults == 2);
	CHECK(reached == 0);
}
