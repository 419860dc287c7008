/* SPDX-License-Identifier: BSD-2-Clause */
/* User faults become fault messages to the thread's fault endpoint (kauri/fault.h). */
#include <arch/esr.h>
#include <kernel/fault.h>
#include <kernel/ipc.h>
#include <kernel/thread.h>

void handle_vm_fault(struct tcb *thread, uint64_t address, uint64_t esr, bool instruction)
{
	deliver_fault(thread, FAULT_VM, thread->context.pc, address, instruction, esr);
}

void handle_user_exception(struct tcb *thread, unsigned int exception_class, uint64_t syndrome)
{
	deliver_fault(thread, FAULT_USER_EXCEPTION, thread->context.pc, thread->context.sp, exception_class,
		      syndrome);
}
