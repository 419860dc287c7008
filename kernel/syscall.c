/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call dispatch: the call number is in x7 (kauri/syscall.h). */
#include <arch/semihosting.h>
#include <drivers/uart.h>
#include <kauri/syscall.h>
#include <kernel/fault.h>
#include <kernel/interrupt.h>
#include <kernel/printk.h>
#include <kernel/syscall.h>
#include <kernel/thread.h>

void handle_syscall(struct tcb *thread)
{
	uint64_t *regs = thread->context.x;
	uint64_t number = regs[KAURI_SYSCALL_REGISTER];

	switch (number) {
	case KAURI_SYS_YIELD:
		sched_yield();
		return;
#ifdef CONFIG_DEBUG_SYSCALLS
	case KAURI_SYS_DEBUG_PUTCHAR:
		debug_uart_putc((char)regs[0]);
		return;
	case KAURI_SYS_DEBUG_EXIT:
		printk("kernel: %s ended the run with status %ld after %lu timer ticks\n", thread->name,
		       (long)regs[0], (unsigned long)kernel_ticks());
		debug_uart_flush();
		platform_exit((int)regs[0]);
#endif
	default:
		handle_unknown_syscall(thread, number);
		return;
	}
}
