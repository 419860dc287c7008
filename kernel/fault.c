/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User faults. Until fault endpoints exist, a faulting thread is reported on
 * the console and stopped; the kernel itself carries on.
 */
#include <arch/esr.h>
#include <kernel/fault.h>
#include <kernel/printk.h>
#include <kernel/thread.h>

static void stop_thread(struct tcb *thread)
{
	sched_block(thread, THREAD_INACTIVE);
}

void handle_vm_fault(struct tcb *thread, uint64_t address, uint64_t esr, bool instruction)
{
	const char *access = instruction ? "execute" : (esr & ESR_DABT_WNR) ? "write" : "read";

	printk("kernel: %s: VM fault (%s) at 0x%lx pc 0x%lx; thread stopped\n", thread->name, access,
	       (unsigned long)address, (unsigned long)thread->context.pc);
	stop_thread(thread);
}

void handle_user_exception(struct tcb *thread, unsigned int exception_class, uint64_t syndrome)
{
	const char *what = exception_class == ESR_EC_UNKNOWN ? "undefined instruction" :
			   exception_class == ESR_EC_PC_ALIGN ? "misaligned pc" :
			   exception_class == ESR_EC_SP_ALIGN ? "misaligned sp" :
			   exception_class == ESR_EC_BRK64 ? "breakpoint" : "user exception";

	printk("kernel: %s: %s (class 0x%x, syndrome 0x%lx) pc 0x%lx; thread stopped\n", thread->name,
	       what, exception_class, (unsigned long)syndrome, (unsigned long)thread->context.pc);
	stop_thread(thread);
}

void handle_unknown_syscall(struct tcb *thread, uint64_t number)
{
	printk("kernel: %s: unknown system call %ld pc 0x%lx; thread stopped\n", thread->name,
	       (long)number, (unsigned long)thread->context.pc);
	stop_thread(thread);
}
