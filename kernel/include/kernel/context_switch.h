/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The context switch, inline: schedule() and the IPC fast path's direct switch are the same
 * code, on the state in thread.h's struct sched_cpu.
 */
#ifndef KERNEL_CONTEXT_SWITCH_H
#define KERNEL_CONTEXT_SWITCH_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>
#include <arch/vspace.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>


/* Recomputes T's vspace_ttbr from its VSpace slot (off the straight line: once per epoch). */
void sched_vspace_revalidate(struct tcb *t) __attribute__((noinline, cold));

/* FP/SIMD access for user mode, written only when it changes (an MSR and an ISB). */
static inline void sched_set_fpu_access(bool enabled)
{
	if (sched_cpu.fpu_access != enabled) {
		fpu_set_access(enabled);
		sched_cpu.fpu_access = enabled;
	}
}

static inline __attribute__((always_inline)) void sched_switch_to(struct tcb *next)
{
	struct tcb *running = sched_cpu.running;

	/*
	 * Lazy FP/SIMD switching: the registers stay with their owner, and another thread's first
	 * FP instruction traps (sched_fpu_trap). Most IPC never touches them, nor does the kernel.
	 */
	if (next != running) {
		sched_set_fpu_access(next && next == sched_cpu.fpu_owner);
		if (!next) {
			vspace_activate(NULL);
		} else {
			if (next->vspace_epoch != sched_cpu.vspace_epoch)
				sched_vspace_revalidate(next);
			if (!running || running->vspace_ttbr != next->vspace_ttbr)
				vspace_load(next->vspace_ttbr);
		}
		sched_cpu.running = next;
	}
	/* Outside the test above: binding or unbinding changes what the same thread needs. */
	vcpu_switch(next ? next->vcpu : NULL);
	arch_set_current_context(next ? &next->context : NULL);
}

/* A thread that used up its timeslice gets a new one when it next runs. */
static inline void sched_refill_timeslice(struct tcb *t)
{
	if (t->timeslice_ticks == 0)
		t->timeslice_ticks = CONFIG_TIMESLICE_MS;
}

/* Whether sched_switch_fast() may switch to NEXT: a native thread whose VSpace is checked this epoch. */
static inline bool sched_may_switch_fast(const struct tcb *next)
{
	return !next->vcpu && next->vspace_epoch == sched_cpu.vspace_epoch;
}

/*
 * The IPC fast path's switch: the running thread (native, so no VCPU is loaded) has blocked
 * and NEXT (in no ready queue; sched_may_switch_fast) runs now, with a new timeslice if it
 * used up its last. sched_switch_to() less what the two checks rule out, and no calls.
 */
static inline void sched_switch_fast(struct tcb *next)
{
	bool fpu = next == sched_cpu.fpu_owner;

	sched_refill_timeslice(next);
	sched_set_fpu_access(fpu);
	if (sched_cpu.running->vspace_ttbr != next->vspace_ttbr)
		vspace_load(next->vspace_ttbr);
	sched_cpu.running = next;
	arch_set_current_context(&next->context);
}

/*
 * For the Signal and Wait fast paths (in sched.c, beside the ready queues), each after the
 * fast path's point of no return. sched_preempt_fast: the running thread, still runnable,
 * gives way to NEXT, of higher priority and in no queue. sched_best_ready: the thread
 * schedule() would run if the running one blocked (NULL: none, the CPU would idle).
 * sched_switch_to_ready_fast: the running thread has blocked; NEXT, sched_best_ready(), runs.
 */
void sched_preempt_fast(struct tcb *next);
struct tcb *sched_best_ready(void);
void sched_switch_to_ready_fast(struct tcb *next);

#endif
