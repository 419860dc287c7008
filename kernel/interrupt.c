/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupts: the kernel's 1 ms tick drives round-robin; other lines go to their IRQHandler's notification. */
#include <stdint.h>
#include <arch/sysreg.h>
#include <drivers/irq_controller.h>
#include <drivers/timer.h>
#include <kernel/interrupt.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <kernel/trace.h>

#define TICK_MS		1

static uint64_t tick_interval;
static uint64_t next_tick;
static uint64_t ticks;

uint64_t kernel_ticks(void)
{
	return ticks;
}

int interrupt_init(void)
{
	uint64_t cpu = platform.gic.version == 3 ? platform.gic.redist_base : platform.gic.cpuif_base;
#ifdef CONFIG_HYP
	unsigned int timer_intid = platform.timer.hyp_irq;
#else
	unsigned int timer_intid = platform.timer.phys_irq;
#endif

	if (irq_controller_init(platform.gic.dist_base, cpu) != 0)
		return -1;
	if (platform.timer.frequency == 0) {
		printk("kernel: the generic timer reports a frequency of 0 (CNTFRQ_EL0 unset by firmware)\n");
		return -1;
	}
	timer_init(timer_intid);
	/*
	 * User code may read the virtual counter (CNTVCT_EL0) for timekeeping and
	 * use the virtual timer, whose interrupt it reaches only through an
	 * IRQHandler capability like any device's.
	 */
	write_sysreg(cntkctl_el1, read_sysreg(cntkctl_el1) | CNTKCTL_EL0VCTEN | CNTKCTL_EL0VTEN);
#ifdef CONFIG_USER_CYCLE_COUNTER
	/* PMCR_EL0.E on, the cycle counter (bit 31) counting, EL0 allowed to read it. */
	write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | 1);
	write_sysreg(pmcntenset_el0, 1UL << 31);
	write_sysreg(pmuserenr_el0, 1);
#endif
	tick_interval = timer_ms_to_ticks(platform.timer.frequency, TICK_MS);
	next_tick = timer_now() + tick_interval;
	timer_set_deadline(next_tick);
	irq_unmask(timer_intid);
	return 0;
}

static void timer_tick(void)
{
	uint64_t now = timer_now();

	/* Catch up without a storm if ticks were missed. */
	do {
		next_tick += tick_interval;
		ticks++;
	} while (next_tick <= now);
	timer_set_deadline(next_tick);
	sched_tick();
}

void handle_interrupt(void)
{
	for (;;) {
		unsigned int intid = irq_acknowledge();

		if (intid == IRQ_SPURIOUS)
			return;
		trace_irq(TRACE_IRQ_ENTRY, intid);
		if (intid == timer_irq()) {
			timer_tick();
		} else if (!irq_deliver(intid)) {
			printk("kernel: interrupt %u has no handler; masked\n", intid);
			irq_mask(intid);
		}
		irq_end(intid);
		trace_irq(TRACE_IRQ_EXIT, intid);
	}
}
