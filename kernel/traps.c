/* SPDX-License-Identifier: BSD-2-Clause */
/* Entries into the kernel from the exception vectors (arch/arm64/traps.S): system calls, faults, interrupts. */
#include <stdint.h>
#include <arch/context.h>
#include <arch/esr.h>
#include <arch/semihosting.h>
#include <arch/sysreg.h>
#include <kernel/debug_uart.h>
#include <kernel/entry.h>
#include <kernel/fault.h>
#include <kernel/interrupt.h>
#include <kernel/invariants.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <kernel/trace.h>
#include <kernel/vcpu.h>


static const char *const vector_names[16] = {
	"SP0 sync", "SP0 IRQ", "SP0 FIQ", "SP0 SError",
	"kernel sync", "kernel IRQ", "kernel FIQ", "kernel SError",
	"user sync", "user IRQ", "user FIQ", "user SError",
	"user32 sync", "user32 IRQ", "user32 FIQ", "user32 SError",
};

/* An exception in the kernel itself is a kernel bug: report everything and stop. */
void kernel_trap(unsigned int vector, struct user_context *frame)
{
	uint64_t esr = read_sysreg(REG_ESR);

	printk("\nkernel: BUG: %s exception, ESR 0x%lx (class 0x%lx) FAR 0x%lx\n",
	       vector_names[vector & 15], (unsigned long)esr, (unsigned long)ESR_EC(esr),
	       (unsigned long)read_sysreg(REG_FAR));
	printk("  pc 0x%lx sp 0x%lx lr 0x%lx spsr 0x%lx\n", (unsigned long)frame->pc,
	       (unsigned long)frame->sp, (unsigned long)frame->x[30], (unsigned long)frame->spsr);
	for (int i = 0; i < 30; i += 2)
		printk("  x%-2d 0x%016lx  x%-2d 0x%016lx\n", i, (unsigned long)frame->x[i], i + 1,
		       (unsigned long)frame->x[i + 1]);
	debug_uart_flush();
	platform_exit(2);
}

void handle_user_sync(unsigned int vector)
{
	uint64_t esr = read_sysreg(REG_ESR);
	struct tcb *thread = current_thread();

	/* A guest's exits are its VMM's business (a guest never makes system calls). */
	if (thread->vcpu && ESR_EC(esr) != ESR_EC_FP_ACCESS) {
		vcpu_handle_exit(thread, esr);
		schedule();
		invariants_after_entry();
		return;
	}
	switch (ESR_EC(esr)) {
	case ESR_EC_SVC64:
		handle_user_svc();	/* the vector goes there directly; this is for completeness */
		return;
	case ESR_EC_FP_ACCESS:
		/* First FP/SIMD use since the thread last ran: its registers come back now. */
		sched_fpu_trap(thread);
		break;
	case ESR_EC_IABT_LOWER:
		handle_vm_fault(thread, read_sysreg(REG_FAR), esr, true);
		break;
	case ESR_EC_DABT_LOWER:
		handle_vm_fault(thread, read_sysreg(REG_FAR), esr, false);
		break;
	default:
		/* Undefined instructions, alignment, breakpoints, trapped system registers... */
		handle_user_exception(thread, ESR_EC(esr), esr);
		break;
	}
	schedule();
	invariants_after_entry();
}

void handle_user_unexpected(unsigned int vector)
{
	handle_user_exception(current_thread(), 0x3f, (uint64_t)vector);
	schedule();
}

/* An interrupt, in user mode or the idle loop (the user vectors pass their number; unused). */
void handle_irq(void)
{
	handle_interrupt();
	schedule();
}
