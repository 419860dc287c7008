/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupts: the kernel's 1 ms tick drives round-robin; other lines go to their IRQHandler's notification. */
#include <stdint.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <drivers/irq_controller.h>
#include <drivers/timer.h>
#include <kernel/interrupt.h>
#include <kernel/irq.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <kernel/trace.h>
#include <kernel/vcpu.h>

#define TICK_MS		1

static uint64_t tick_interval;
static uint64_t next_tick;
static uint64_t ticks;

#ifdef CONFIG_HYP
#define KERNEL_AT_EL2 true
#else
#define KERNEL_AT_EL2 false
#endif

/* The GIC drivers built in (the board's choice); the device tree says which one this machine has. */
static const struct irq_controller_api *const gic_drivers[] = {
#ifdef CONFIG_GIC_V2
	&gic_v2_api,
#endif
#ifdef CONFIG_GIC_V3
	&gic_v3_api,
#endif
};

static struct irq_controller_config gic_config;
static union {
	struct gic_v2_data v2;
	struct gic_v3_data v3;
} gic_data;
static struct irq_controller gic = { .api = gic_drivers[0], .config = &gic_config, .data = &gic_data };

uint64_t kernel_ticks(void)
{
	return ticks;
}

unsigned int irq_line_count(void)
{
	return gic.api->line_count(&gic);
}

/* What irq_mask/irq_unmask last said of each line (a guest's borrowing aside). */
static bool line_enabled[MAX_IRQS];

void irq_mask(unsigned int intid)
{
	if (intid < MAX_IRQS)
		line_enabled[intid] = false;
	gic.api->mask(&gic, intid);
}

void irq_unmask(unsigned int intid)
{
	if (intid < MAX_IRQS)
		line_enabled[intid] = true;
	gic.api->unmask(&gic, intid);
}

void irq_borrow(unsigned int intid, bool masked)
{
	if (masked)
		gic.api->mask(&gic, intid);
	else
		gic.api->unmask(&gic, intid);
}

void irq_give_back(unsigned int intid)
{
	irq_borrow(intid, intid >= MAX_IRQS || !line_enabled[intid]);
}

const char *irq_controller_name(void)
{
	return gic.api->name;
}

/* The driver for the device tree's GIC, its registers in the kernel window. */
static int gic_init(void)
{
	const char *problem = "";

	gic.api = NULL;
	for (unsigned int i = 0; i < sizeof(gic_drivers) / sizeof(gic_drivers[0]); i++)
		if (gic_drivers[i]->gic_version == platform.gic.version)
			gic.api = gic_drivers[i];
	if (!gic.api) {
		printk("kernel: the device tree's interrupt controller is %s, and the kernel has no driver for it"
		       " (it is built for %s)\n", platform.gic.version ? (platform.gic.version == 3 ? "GICv3" : "GICv2") :
		       "missing", gic_drivers[0]->name);
		gic.api = gic_drivers[0];
		return -1;
	}
	gic_config = (struct irq_controller_config){
		.dist = platform.gic.dist_base ? (uintptr_t)phys_to_virt(platform.gic.dist_base) : 0,
		.hypervisor = KERNEL_AT_EL2,
	};
	if (platform.gic.version == 3 ? platform.gic.redist_base : platform.gic.cpuif_base)
		gic_config.cpu = (uintptr_t)phys_to_virt(platform.gic.version == 3 ? platform.gic.redist_base :
							  platform.gic.cpuif_base);
	if (gic.api->init(&gic, &problem) != 0) {
		printk("kernel: %s: %s\n", gic.api->name, problem);
		return -1;
	}
	return 0;
}

int interrupt_init(void)
{
#ifdef CONFIG_HYP
	unsigned int timer_intid = platform.timer.hyp_irq;
#else
	unsigned int timer_intid = platform.timer.phys_irq;
#endif

	if (gic_init() != 0)
		return -1;
	vgic_init();
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
	if (KERNEL_AT_EL2)
		write_sysreg(pmccfiltr_el0, PMCCFILTR_NSH);	/* the kernel's instructions count, as at EL1 */
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
	machine_watchdog_tick(ticks);
	sched_tick();
}

void handle_interrupt(void)
{
	for (;;) {
		unsigned int intid = gic.api->acknowledge(&gic);

		if (intid == IRQ_SPURIOUS)
			return;
		trace_irq(TRACE_IRQ_ENTRY, intid);
		if (intid == timer_irq()) {
			timer_tick();
		} else if (vcpu_handle_irq(intid)) {
			/* a guest's: maintenance or its virtual timer */
		} else if (!irq_deliver(intid)) {
			printk("kernel: interrupt %u has no handler; masked\n", intid);
			irq_mask(intid);
		}
		gic.api->end(&gic, intid);
		trace_irq(TRACE_IRQ_EXIT, intid);
	}
}
