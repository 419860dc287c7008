/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * make bench, HYP part: the cost of a guest's exit to its VMM and back. The
 * root server is the VMM: it waits on the guest's fault endpoint and stamps
 * every exit as it arrives, so the time between two arrivals is one whole
 * round trip (reply, the guest's few instructions, exit, delivery).
 *
 * The stamps are the virtual counter (CNTVCT_EL0), which the guests can read
 * too (their PMU accesses trap to EL2, MDCR_EL2.TPM). Under -icount
 * shift=0 virtual time advances 1 ns per instruction, so at QEMU's 62.5 MHz a
 * tick is 16 instructions: each sample spans BATCH exits, which brings the
 * resolution to one instruction per exit.
 */
#include <kauri/bench.h>
#include <kauri/syscalls.h>
#include <uapi/kauri/fault.h>
#include "../rootserver/env.h"
#include "vcpu.h"

#define GUEST_CODE	0x40000UL	/* IPA of the guest's page (MMU off: VA = IPA) */
#define GUEST_MMIO	0x10000000UL	/* nothing mapped there: every access exits */
#define SPSR_EL1H	0x3c5UL		/* EL1 on SP_EL1, DAIF masked */
#define GUEST_PRIORITY	100		/* below the VMM's 255 */
#define BATCH		16
#define SAMPLES		256
#define WARMUP		64
#define WALL_EXITS	10000
#define WALL_RUNS	20
#define VIRQ		40
#define VIRQ_PRIORITY	0x80
#define LOAD_VALUE	0x5a5a5a5aUL

#define GUEST(name) extern const uint32_t bench_guest_##name[], bench_guest_##name##_end[]
GUEST(hvc);
GUEST(mmio_load);
GUEST(mmio_store);
GUEST(virq);
#define CODE(name) bench_guest_##name, bench_guest_##name##_end

struct guest {
	kauri_cptr_t tcb, vcpu, ep;
};

static uint64_t frequency;
static uint64_t samples[SAMPLES], split[SAMPLES];
static const char *failure;	/* set when an exit was not the one expected */

/* A guest running CODE from GUEST_CODE, x0 = GUEST_MMIO, past its first exit (the VMM holds its reply). */
static bool guest_start(struct guest *g, const uint32_t *code, const uint32_t *code_end)
{
	kauri_cptr_t frame, vspace = object_new(KAURI_VSPACE, 0);
	uint32_t *page = frame_new_mapped(&frame);
	kauri_word_t regs[KAURI_TCB_REG_X0 + 1] = { 0 };

	g->tcb = object_new(KAURI_TCB, 0);
	g->vcpu = object_new(KAURI_VCPU, 0);
	g->ep = object_new(KAURI_ENDPOINT, 0);
	if (!page || !vspace || !g->tcb || !g->vcpu || !g->ep)
		return false;
	for (unsigned int i = 0; code + i < code_end; i++)
		page[i] = code[i];
	/* CNTVOFF 0: the guest reads the VMM's counter, for the HVC row's split. */
	if (kauri_frame_unmap(frame) != KAURI_OK ||
	    map_frame(vspace, frame, GUEST_CODE, KAURI_VM_READ | KAURI_VM_EXEC) != KAURI_OK ||
	    kauri_tcb_configure(g->tcb, g->ep, ROOT_CNODE, vspace, 0, 0) != KAURI_OK ||
	    kauri_tcb_set_priority(g->tcb, ROOT_TCB, GUEST_PRIORITY) != KAURI_OK ||
	    kauri_vcpu_set_tcb(g->vcpu, g->tcb) != KAURI_OK ||
	    kauri_vcpu_write_register(g->vcpu, KAURI_VCPU_REG_CNTVOFF, 0) != KAURI_OK)
		return false;
	regs[KAURI_TCB_REG_PC] = GUEST_CODE;
	regs[KAURI_TCB_REG_SPSR] = SPSR_EL1H;
	regs[KAURI_TCB_REG_X0] = GUEST_MMIO;
	if (kauri_tcb_write_registers(g->tcb, 1, KAURI_TCB_REG_X0 + 1, regs) != KAURI_OK)
		return false;
	kauri_recv(g->ep, 0);
	return true;
}

/*
 * Replies to the exit received last (advance, VALUE for a load) and waits for
 * the next, which must be LABEL (and for HVC, immediate IMM): its arrival stamp.
 */
static uint64_t next_exit(struct guest *g, kauri_word_t label, kauri_word_t imm, kauri_word_t value)
{
	kauri_word_t info;
	uint64_t stamp;

	kauri_set_mr(0, KAURI_VCPU_REPLY_ADVANCE);
	kauri_set_mr(1, value);
	info = kauri_reply_recv(g->ep, kauri_msginfo(0, 0, 0, 2), NULL);
	stamp = kauri_counter();
	if (kauri_msginfo_label(info) != label || (label == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) != imm))
		failure = "an exit other than the one the guest makes";
	return stamp;
}

/* TICKS of the counter over BATCH exits, in instructions (ns under -icount shift=0) per exit. */
static uint64_t per_exit(uint64_t ticks)
{
	return (ticks * 1000000000UL + frequency * BATCH / 2) / (frequency * BATCH);
}

/*
 * The median round trip of G's loop, whose exits are all LABEL. With
 * REPLY_PART (the HVC guest) its counter reading, x1 in MR3, divides each round
 * trip: *REPLY_PART is the median of the first part, reply to that reading.
 */
static uint64_t measure_loop(struct guest *g, kauri_word_t label, kauri_word_t value, uint64_t *reply_part)
{
	uint64_t t = 0;

	for (unsigned int i = 0; i < WARMUP; i++)
		t = next_exit(g, label, 0, value);
	for (unsigned int s = 0; s < SAMPLES; s++) {
		uint64_t start = t, replying = 0;

		for (unsigned int i = 0; i < BATCH; i++) {
			uint64_t sent = t;

			t = next_exit(g, label, 0, value);
			if (reply_part)
				replying += kauri_get_mr(2 + 1) - sent;
		}
		samples[s] = per_exit(t - start);
		split[s] = per_exit(replying);
	}
	if (reply_part)
		*reply_part = kauri_bench_median(split, SAMPLES);
	return kauri_bench_median(samples, SAMPLES);
}

/*
 * The virq guest: at each HVC #0 of its loop the VMM injects VIRQ and replies;
 * the guest's IRQ vector exits at once (HVC #1). The median of arrival at
 * HVC #0 to arrival at HVC #1; *HANDLER that of HVC #1 to the next HVC #0
 * (reply, acknowledge, EOI, eret, loop). The caller injected the first VIRQ.
 */
static uint64_t measure_virq(struct guest *g, uint64_t *handler)
{
	uint64_t t = 0;		/* arrival of the last HVC #0 */

	for (unsigned int i = 0; i < WARMUP + SAMPLES * BATCH; i++) {
		uint64_t entry = next_exit(g, KAURI_FAULT_VCPU_HVC, 1, 0);
		uint64_t back = next_exit(g, KAURI_FAULT_VCPU_HVC, 0, 0);

		if (kauri_vcpu_inject_irq(g->vcpu, VIRQ, VIRQ_PRIORITY, 1, KAURI_VCPU_LR_ANY, 0) != KAURI_OK)
			failure = "InjectIRQ failed";
		if (i >= WARMUP) {
			unsigned int s = (i - WARMUP) / BATCH;

			if ((i - WARMUP) % BATCH == 0)
				samples[s] = split[s] = 0;
			samples[s] += entry - t;
			split[s] += back - entry;
		}
		t = back;
	}
	for (unsigned int s = 0; s < SAMPLES; s++) {
		samples[s] = per_exit(samples[s]);
		split[s] = per_exit(split[s]);
	}
	*handler = kauri_bench_median(split, SAMPLES);
	return kauri_bench_median(samples, SAMPLES);
}

/*
 * Host time per MMIO round trip, in tenths of a microsecond: meaningful only
 * without -icount, when the counter follows the host's clock. The median of
 * WALL_RUNS runs, so that the host's other work in one of them shows less.
 */
static uint64_t wall_time(struct guest *g)
{
	for (unsigned int r = 0; r < WALL_RUNS; r++) {
		uint64_t t0 = kauri_counter();

		for (unsigned int i = 0; i < WALL_EXITS / WALL_RUNS; i++)
			next_exit(g, KAURI_FAULT_VCPU_DATA_ABORT, 0, LOAD_VALUE);
		samples[r] = kauri_counter() - t0;
	}
	return (kauri_bench_median(samples, WALL_RUNS) * 10000000UL + frequency * WALL_EXITS / WALL_RUNS / 2) /
	       (frequency * (WALL_EXITS / WALL_RUNS));
}

static void row(const char *what, uint64_t kauri)
{
	kauri_printf("| %-66s | %5lu | %3s |\n", what, (unsigned long)kauri, "-");
}

void bench_vcpu_exits(const struct kauri_bootinfo *bootinfo)
{
	struct guest hvc, load, store, virq;
	uint64_t hvc_trip, hvc_reply, load_trip, store_trip, virq_entry = 0, virq_handler = 0, wall;
	bool have_vgic;

	/*
	 * One guest at a time, each measured from its first exit on: the VMM has
	 * one reply to give, and a Recv on the next guest's endpoint drops it.
	 */
	frequency = bootinfo->timer_frequency;
	if (!guest_start(&hvc, CODE(hvc)))
		goto broken;
	hvc_trip = measure_loop(&hvc, KAURI_FAULT_VCPU_HVC, 0, &hvc_reply);
	if (!guest_start(&store, CODE(mmio_store)))
		goto broken;
	store_trip = measure_loop(&store, KAURI_FAULT_VCPU_DATA_ABORT, 0, NULL);
	if (!guest_start(&load, CODE(mmio_load)))
		goto broken;
	load_trip = measure_loop(&load, KAURI_FAULT_VCPU_DATA_ABORT, LOAD_VALUE, NULL);
	wall = wall_time(&load);
	/* The virq guest needs the GICv3 list registers (InjectIRQ is ILLEGAL_OPERATION on GICv2). */
	if (!guest_start(&virq, CODE(virq)))
		goto broken;
	have_vgic = kauri_vcpu_inject_irq(virq.vcpu, VIRQ, VIRQ_PRIORITY, 1, KAURI_VCPU_LR_ANY, 0) == KAURI_OK;
	if (have_vgic)
		virq_entry = measure_virq(&virq, &virq_handler);

	kauri_printf("\nKauri VCPU exits: instructions (ns of virtual time under -icount shift=0, from CNTVCT_EL0:\n"
		     "%lu a tick), median of %u samples of %u consecutive exits, measured by the VMM (the root\n"
		     "server, on the guest's fault endpoint; its counter read is included).\n\n",
		     (unsigned long)(1000000000UL / frequency), SAMPLES, BATCH);
	if (failure) {
		kauri_printf("bench: VCPU exits: %s\n", failure);
		return;
	}
	kauri_printf("| %-66s | %5s | %3s |\n", "exit (round trip: VMM reply -> guest -> exit -> VMM)", "Kauri", "KVM");
	kauri_printf("| %-66s | %5s | %3s |\n",
		     "------------------------------------------------------------------", "-----", "---");
	row("HVC (guest loop: isb, mrs cntvct, hvc, b)", hvc_trip);
	row("  of which VMM reply -> guest reads the counter", hvc_reply);
	row("  of which guest reads the counter -> HVC exit at the VMM", hvc_trip - hvc_reply);
	row("MMIO load: ldr w1 from an unmapped IPA, value from the VMM", load_trip);
	row("MMIO store: str w1 to an unmapped IPA", store_trip);
	if (have_vgic) {
		row("virtual IRQ: inject + reply -> guest IRQ vector -> HVC exit -> VMM", virq_entry);
		row("  minus the HVC round trip (inject, IRQ entry)", virq_entry - hvc_trip);
		row("virtual IRQ handler: reply -> ack, EOI, eret, HVC exit -> VMM", virq_handler);
	} else {
		kauri_printf("(no virtual IRQ rows: this kernel drives no list registers)\n");
	}
	kauri_printf("MMIO exit round trip, wall time: %lu.%lu µs per exit (%u exits: median of %u runs of %u)\n",
		     (unsigned long)(wall / 10), (unsigned long)(wall % 10), WALL_EXITS, WALL_RUNS,
		     WALL_EXITS / WALL_RUNS);
	return;
broken:
	kauri_printf("bench: cannot set up the guests\n");
}
