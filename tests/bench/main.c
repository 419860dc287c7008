/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * make bench: kernel operations measured with the PMU cycle counter, which
 * under QEMU's -icount shift=0 advances once per instruction, so every figure
 * is an exact, repeatable instruction count. Each row: warm-up, then ITERATIONS
 * samples; the median is printed, with the cost of reading the counter taken off.
 * The seL4 column is seL4's own benchmark suite measured the same way.
 */
#include <kauri/bench.h>
#include <kauri/counter.h>
#include <kauri/syscalls.h>
#include "../rootserver/env.h"
#include "vcpu.h"

#define WARMUP		64
#define ITERATIONS	256

extern char __image_start[], __data_start[], _end[];


/* Raw system calls with message registers in registers only, as a fast-path client would. */
static inline uint64_t raw_call(kauri_cptr_t ep, kauri_word_t info, kauri_word_t *mr0)
{
	register kauri_word_t x0 __asm__("x0") = ep, x1 __asm__("x1") = info, x2 __asm__("x2") = *mr0;
	register kauri_word_t x7 __asm__("x7") = KAURI_SYS_CALL;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : "r"(x7) : "x3", "x4", "x5", "memory");
	*mr0 = x2;
	return x1;
}

static inline kauri_word_t raw_reply_recv(kauri_cptr_t ep, kauri_word_t info, kauri_word_t *mr0)
{
	register kauri_word_t x0 __asm__("x0") = ep, x1 __asm__("x1") = info, x2 __asm__("x2") = *mr0;
	register kauri_word_t x7 __asm__("x7") = KAURI_SYS_REPLY_RECV;

	__asm__ volatile("svc #0" : "+r"(x0), "+r"(x1), "+r"(x2) : "r"(x7) : "x3", "x4", "x5", "memory");
	*mr0 = x2;
	return x1;
}

static uint64_t samples[ITERATIONS];
static uint64_t counter_overhead;

/*
 * The server of the IPC rows: replies to each call with the cycle count it
 * saw on arrival (MR0), so the client can split the round trip.
 */
static void ipc_server(kauri_word_t ep, kauri_word_t length)
{
	/* At least one word back: the arrival stamp (a register, no extra cost to speak of). */
	kauri_word_t mr0 = 0, info = kauri_msginfo(0, 0, 0, length ? length : 1);

	kauri_recv(ep, 0);
	for (;;) {
		mr0 = kauri_cycles();
		raw_reply_recv(ep, info, &mr0);
	}
}

/* A copy of this program in a VSpace of its own: the IPC rows cross address spaces. */
static kauri_cptr_t clone_vspace(void)
{
	kauri_cptr_t vspace = object_new(KAURI_VSPACE, 0);
	uintptr_t start = (uintptr_t)__image_start, data = (uintptr_t)__data_start;
	uintptr_t end = ((uintptr_t)_end + 4095) & ~4095UL;

	for (uintptr_t va = start; va < end; va += 4096) {
		kauri_cptr_t f;
		void *tmp = frame_new_mapped(&f);

		if (!tmp)
			return 0;
		for (unsigned int i = 0; i < 4096 / 8; i++)
			((uint64_t *)tmp)[i] = ((const uint64_t *)va)[i];
		kauri_frame_unmap(f);
		if (map_frame(vspace, f, va, va < data ? KAURI_VM_READ | KAURI_VM_EXEC
						     : KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK)
			return 0;
	}
	return vspace;
}

/* A server thread in VSPACE: its stack and IPC buffer mapped there at fresh addresses. */
static bool server_in(kauri_cptr_t vspace, kauri_cptr_t ep, kauri_word_t length, unsigned int priority,
		      kauri_cptr_t *tcb_out)
{
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0), stack = object_new(KAURI_FRAME_4K, 0);
	kauri_cptr_t buffer = object_new(KAURI_FRAME_4K, 0);
	kauri_word_t stack_va = env.next_vaddr += 8192, buffer_va = env.next_vaddr += 8192;
	kauri_word_t regs[KAURI_TCB_REG_COUNT] = { 0 };

	env.next_vaddr += 8192;
	if (map_frame(vspace, stack, stack_va, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK ||
	    map_frame(vspace, buffer, buffer_va, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK ||
	    kauri_tcb_configure(tcb, 0, ROOT_CNODE, vspace, buffer_va, buffer) != KAURI_OK ||
	    kauri_tcb_set_priority(tcb, ROOT_TCB, priority) != KAURI_OK)
		return false;
	regs[KAURI_TCB_REG_PC] = (kauri_word_t)ipc_server;
	regs[KAURI_TCB_REG_SP] = stack_va + 4096;
	regs[KAURI_TCB_REG_X0] = ep;
	regs[KAURI_TCB_REG_X0 + 1] = length;
	regs[KAURI_TCB_REG_TPIDR] = buffer_va;
	*tcb_out = tcb;
	return kauri_tcb_write_registers(tcb, 1, KAURI_TCB_REG_COUNT, regs) == KAURI_OK;
}

struct ipc_result {
	uint64_t round_trip, call, reply;
};

/* Client side: Call the server ITERATIONS times with LENGTH words. */
static struct ipc_result measure_ipc(kauri_cptr_t ep, unsigned int length)
{
	uint64_t call[ITERATIONS], reply[ITERATIONS];
	struct ipc_result r;

	for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
		kauri_word_t mr0 = 0;
		uint64_t t0 = kauri_cycles(), t2;

		raw_call(ep, kauri_msginfo(0, 0, 0, length), &mr0);
		t2 = kauri_cycles();
		if (i >= WARMUP) {
			samples[i - WARMUP] = t2 - t0 - counter_overhead;
			call[i - WARMUP] = mr0 - t0 - counter_overhead;
			reply[i - WARMUP] = t2 - mr0 - counter_overhead;
		}
	}
	r.round_trip = kauri_bench_median(samples, ITERATIONS);
	r.call = kauri_bench_median(call, ITERATIONS);
	r.reply = kauri_bench_median(reply, ITERATIONS);
	return r;
}

static volatile uint64_t signal_seen;

static void high_waiter(kauri_word_t ntfn, kauri_word_t unused)
{
	for (;;) {
		kauri_wait(ntfn);
		signal_seen = kauri_cycles();
	}
}

static uint64_t measure_signal(void)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);
	struct thread t;

	thread_new(&t, high_waiter, n, 0, 200, 0, true);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 100);	/* below the waiter */
	for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
		uint64_t t0 = kauri_cycles();

		kauri_signal(n);
		if (i >= WARMUP)
			samples[i - WARMUP] = signal_seen - t0 - counter_overhead;
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
	return kauri_bench_median(samples, ITERATIONS);
}

static volatile uint64_t yield_stamp;

static void yielder(kauri_word_t unused, kauri_word_t unused2)
{
	for (;;) {
		yield_stamp = kauri_cycles();
		kauri_yield();
	}
}

static uint64_t measure_yield(void)
{
	struct thread t;

	thread_new(&t, yielder, 0, 0, 150, 0, true);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 150);
	for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
		uint64_t t0 = kauri_cycles();

		kauri_yield();	/* to the yielder, which stamps and yields back */
		if (i >= WARMUP)
			samples[i - WARMUP] = yield_stamp - t0 - counter_overhead;
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
	kauri_tcb_suspend(t.tcb);
	return kauri_bench_median(samples, ITERATIONS);
}

static uint64_t measure_null_syscall(void)
{
	for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
		uint64_t t0 = kauri_cycles();

		kauri_yield();	/* nobody else at 255: straight back */
		if (i >= WARMUP)
			samples[i - WARMUP] = kauri_cycles() - t0 - counter_overhead;
	}
	return kauri_bench_median(samples, ITERATIONS);
}

static volatile uint64_t send_seen;

static void receiver_loop(kauri_word_t ep, kauri_word_t unused)
{
	for (;;) {
		kauri_recv(ep, 0);
		send_seen = kauri_cycles();
	}
}

static uint64_t measure_send(void)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;

	thread_new(&t, receiver_loop, ep, 0, 200, 0, true);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 100);
	for (unsigned int i = 0; i < WARMUP + ITERATIONS; i++) {
		uint64_t t0 = kauri_cycles();

		kauri_send(ep, kauri_msginfo(0, 0, 0, 0));
		if (i >= WARMUP)
			samples[i - WARMUP] = send_seen - t0 - counter_overhead;
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
	return kauri_bench_median(samples, ITERATIONS);
}

/*
 * Interrupt latency under a long kernel operation: the EL0 virtual timer's interrupt, reaching
 * user space through an IRQHandler capability as a driver's does, wakes a thread above
 * everything while a thread below it revokes an untyped with OBJECTS endpoints made from it,
 * or deletes the last capability to a CNode holding OBJECTS endpoints. Measured from the
 * timer's compare value to the woken thread reading the counter, in counter ticks (converted
 * to instructions: under -icount shift=0 the counter follows the instruction count).
 */
#define VIRTUAL_TIMER_IRQ	27
#define LATENCY_MAX_OBJECTS	2048
#define LATENCY_RUNS		8

static volatile uint64_t woken_at;

static void latency_waiter(kauri_word_t ntfn, kauri_word_t unused)
{
	for (;;) {
		kauri_wait(ntfn);
		woken_at = kauri_counter();
	}
}

/* The smallest BITS with 2^BITS >= N. */
static unsigned int bits_for(uint64_t n)
{
	unsigned int bits = 0;

	while ((1UL << bits) < n)
		bits++;
	return bits;
}

enum long_operation { REVOKE_UNTYPED, DELETE_CNODE, RETYPE_FRAMES };

static void print_latency(enum long_operation op, unsigned int count, uint64_t instructions)
{
	const char *line = op == REVOKE_UNTYPED ? "revoke of %u objects" :
			   op == DELETE_CNODE ? "delete of a CNode of %u objects" : "Retype of %u MiB in 2 MiB frames";

	kauri_printf("bench: interrupt latency under a concurrent ");
	kauri_printf(line, op == RETYPE_FRAMES ? 2 * count : count);
	kauri_printf(": %lu instructions\n", (unsigned long)instructions);
}

/* Makes what OP works on: OBJECTS endpoints from *UT (into NODE, or the slots from FIRST_SLOT). */
static bool make_endpoints(kauri_cptr_t ut, kauri_cptr_t node, unsigned int objects, kauri_cptr_t first_slot)
{
	/* A retype makes at most 256 objects (its work is bounded too). */
	for (unsigned int made = 0; made < objects; made += 256) {
		unsigned int count = objects - made < 256 ? objects - made : 256;
		enum kauri_error err = node ?
			kauri_untyped_retype(ut, KAURI_ENDPOINT, 0, ROOT_CNODE, node, DEPTH, made, count) :
			kauri_untyped_retype(ut, KAURI_ENDPOINT, 0, ROOT_CNODE, 0, 0, first_slot + made, count);

		if (err != KAURI_OK)
			return false;
	}
	return true;
}

static uint64_t measure_latency_under(const struct kauri_bootinfo *bootinfo, enum long_operation op, unsigned int objects,
				      kauri_cptr_t handler, kauri_cptr_t first_slot)
{
	/* An endpoint is 16 bytes; the frames' untyped is made once and used again each run. */
	kauri_cptr_t frames_ut = op == RETYPE_FRAMES ? object_new(KAURI_UNTYPED, 21 + bits_for(objects)) : 0;
	uint64_t worst = 0;

	if (op == RETYPE_FRAMES && !frames_ut)
		return 0;
	for (unsigned int run = 0; run < LATENCY_RUNS; run++) {
		kauri_cptr_t ut = op == RETYPE_FRAMES ? frames_ut : object_new(KAURI_UNTYPED, bits_for(objects * 16));
		kauri_cptr_t node = op == DELETE_CNODE ? object_new(KAURI_CNODE, bits_for(objects)) : 0;
		uint64_t fire_at;

		if (!ut || (op == DELETE_CNODE && !node) ||
		    (op != RETYPE_FRAMES && !make_endpoints(ut, node, objects, first_slot)))
			return 0;
		/* Due a little into the operation, later each run, so that it lands at different points. */
		fire_at = kauri_counter() + 8 + 4 * run;
		__asm__ volatile("msr cntv_cval_el0, %0; msr cntv_ctl_el0, %1; isb" : : "r"(fire_at), "r"(1UL));
		woken_at = 0;
		if (op == DELETE_CNODE)
			kauri_cnode_delete(ROOT_CNODE, node, DEPTH);
		else if (op == REVOKE_UNTYPED)
			kauri_cnode_revoke(ROOT_CNODE, ut, DEPTH);
		else
			kauri_untyped_retype(ut, KAURI_FRAME_2M, 0, ROOT_CNODE, 0, 0, first_slot, objects);
		__asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"(0UL));
		if (woken_at && woken_at - fire_at > worst)
			worst = woken_at - fire_at;
		kauri_irq_ack(handler);
		if (op == RETYPE_FRAMES)
			kauri_cnode_revoke(ROOT_CNODE, ut, DEPTH);
	}
	return worst * 1000000000UL / bootinfo->timer_frequency;
}

static void measure_interrupt_latency(const struct kauri_bootinfo *bootinfo)
{
	static const unsigned int sizes[] = { 64, 512, LATENCY_MAX_OBJECTS }, frames[] = { 1, 4, 16 };
	kauri_cptr_t handler = slot_alloc(), n = object_new(KAURI_NOTIFICATION, 0), first = env.next_slot;
	struct thread t;

	env.next_slot += LATENCY_MAX_OBJECTS;
	if (!n || kauri_irq_control_get(KAURI_CAP_IRQ_CONTROL, VIRTUAL_TIMER_IRQ, ROOT_CNODE, handler, DEPTH) != KAURI_OK ||
	    kauri_irq_set_notification(handler, n) != KAURI_OK || !thread_new(&t, latency_waiter, n, 0, 200, 0, true)) {
		kauri_printf("bench: interrupt latency: cannot claim the virtual timer's interrupt\n");
		return;
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 100);	/* below the waiter */
	for (enum long_operation op = REVOKE_UNTYPED; op <= RETYPE_FRAMES; op++) {
		const unsigned int *counts = op == RETYPE_FRAMES ? frames : sizes;

		for (unsigned int i = 0; i < 3; i++)
			print_latency(op, counts[i], measure_latency_under(bootinfo, op, counts[i], handler, first));
	}
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
	kauri_tcb_suspend(t.tcb);
}

static void row(const char *what, uint64_t kauri, const char *sel4)
{
	kauri_printf("| %-52s | %8lu | %6s |\n", what, (unsigned long)kauri, sel4);
}

void kauri_start(const struct kauri_bootinfo *bootinfo);

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	kauri_cptr_t vspace, ep_same, ep_cross, ep4, ep10, tcb;
	struct ipc_result same, cross, four, ten;

	env_init(bootinfo);
	for (unsigned int i = 0; i < ITERATIONS; i++) {
		uint64_t t0 = kauri_cycles();

		samples[i] = kauri_cycles() - t0;
	}
	counter_overhead = kauri_bench_median(samples, ITERATIONS);

	vspace = clone_vspace();
	ep_same = object_new(KAURI_ENDPOINT, 0);
	ep_cross = object_new(KAURI_ENDPOINT, 0);
	ep4 = object_new(KAURI_ENDPOINT, 0);
	ep10 = object_new(KAURI_ENDPOINT, 0);
	if (!vspace || !server_in(vspace, ep_same, 0, 100, &tcb) || !server_in(vspace, ep_cross, 0, 200, &tcb) ||
	    !server_in(vspace, ep4, 4, 100, &tcb) || !server_in(vspace, ep10, 10, 100, &tcb)) {
		kauri_printf("bench: cannot set up the servers\n");
		kauri_machine_power_off(KAURI_CAP_MACHINE, 1);
	}
	run_others();				/* the servers wait in Recv */
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 100);
	same = measure_ipc(ep_same, 0);
	four = measure_ipc(ep4, 4);
	ten = measure_ipc(ep10, 10);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 50);
	cross = measure_ipc(ep_cross, 0);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);

	kauri_printf("\nKauri kernel benchmarks: instructions (PMCCNTR_EL0 under -icount shift=0), median of %u,\n"
		     "counter read overhead (%lu) subtracted\n\n", ITERATIONS, (unsigned long)counter_overhead);
	kauri_printf("| %-52s | %8s | %6s |\n", "operation (one way unless noted)", "Kauri", "seL4");
	kauri_printf("| %-52s | %8s | %6s |\n", "----------------------------------------------------", "-----", "----");
	row("Call, 0 words, cross address space", same.call, "191");
	row("ReplyRecv, 0 words, cross address space", same.reply, "215");
	row("round trip Call + ReplyRecv (same priority)", same.round_trip, "406");
	row("round trip Call + ReplyRecv (server higher priority)", cross.round_trip, "-");
	row("round trip Call + ReplyRecv, 4 words each way", four.round_trip, "-");
	row("Call, 10 words", ten.call, "703");
	row("ReplyRecv, 10 words", ten.reply, "687");
	row("round trip Call + ReplyRecv, 10 words each way", ten.round_trip, "1390");
	row("Send to a waiting higher-priority thread", measure_send(), "634");
	row("Signal to a higher-priority thread", measure_signal(), "656");
	row("Yield to another thread", measure_yield(), "329");
	row("null system call (Yield, nobody else ready)", measure_null_syscall(), "-");
	kauri_printf("\n");
	measure_interrupt_latency(bootinfo);
	/* With the kernel at EL2 (the HYP build), guests' exits too (vcpu.c). */
	if (bootinfo->kernel_el == 2)
		bench_vcpu_exits(bootinfo);
	kauri_printf("\nbench: done\n");
	kauri_machine_power_off(KAURI_CAP_MACHINE, 0);
}
