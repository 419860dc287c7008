/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Arm generic timer: the EL1 physical timer (CNTP_*) for a kernel at EL1, the
 * EL2 physical timer (CNTHP_*) for a kernel at EL2, so the EL1 timers stay free
 * for virtual machines.
 */
#include <arch/sysreg.h>
#include <drivers/timer.h>

#ifdef CONFIG_HYP
#define REG_TIMER_CTL	cnthp_ctl_el2
#define REG_TIMER_CVAL	cnthp_cval_el2
#else
#define REG_TIMER_CTL	cntp_ctl_el0
#define REG_TIMER_CVAL	cntp_cval_el0
#endif

#define TIMER_CTL_ENABLE	(1u << 0)
#define TIMER_CTL_IMASK		(1u << 1)

static unsigned int timer_intid;

void timer_init(unsigned int intid)
{
	timer_intid = intid;
	write_sysreg(REG_TIMER_CTL, TIMER_CTL_IMASK);
}

unsigned int timer_irq(void)
{
	return timer_intid;
}

uint64_t timer_now(void)
{
	__asm__ volatile("isb");
	return read_sysreg(cntpct_el0);
}

void timer_set_deadline(uint64_t deadline)
{
	write_sysreg(REG_TIMER_CVAL, deadline);
	write_sysreg(REG_TIMER_CTL, TIMER_CTL_ENABLE);
	__asm__ volatile("isb");
}
