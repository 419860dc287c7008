/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel event tracing (CONFIG_TRACE): one buffer of CONFIG_TRACE_BUFFER_KB from boot memory,
 * filled by the hooks in kernel/trace.h and written out when the run ends (trace_dump).
 */
#include <stddef.h>
#include <arch/memory.h>
#include <arch/semihosting.h>
#include <arch/sysreg.h>
#include <uapi/kauri/syscall.h>
#include <uapi/kauri/types.h>
#include <kernel/bootmem.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/thread.h>
#include <kernel/trace.h>
#include <klib/trace.h>
#include <kernel/vspace_object.h>

static struct trace_buffer buffer;
/* The thread the last context-switch record left running (0: idle), and its app. */
static uint32_t shown_tid, shown_app;

/* A TCB's id: its physical address in TCB-sized units, stable while the object exists. */
static uint32_t tid_of(const struct tcb *t)
{
	return t ? (uint32_t)(virt_to_phys(t) >> KAURI_TCB_SIZE_BITS) : 0;
}

/* The protection domain: the ASID (VMID at EL2) of the thread's VSpace; 0 for the root server. */
static uint32_t app_of(const struct tcb *t)
{
	unsigned int asid = t ? (unsigned int)(t->vspace_ttbr >> 48) : 0;

	return asid != ROOT_ASID ? asid : 0;
}

static void put(enum trace_event type, const struct tcb *t, uint64_t a0, uint64_t a1, uint64_t a2)
{
	if (buffer.base)
		trace_buffer_put(&buffer, read_sysreg(cntvct_el0), type, tid_of(t), app_of(t), a0, a1, a2);
}

void trace_init(void)
{
	uint64_t bytes = (uint64_t)CONFIG_TRACE_BUFFER_KB * 1024;
	uint64_t pa = bootmem_alloc_pages((bytes + PAGE_SIZE - 1) / PAGE_SIZE);

	if (!pa || trace_buffer_init(&buffer, phys_to_virt(pa), bytes, platform.timer.frequency) != 0) {
		printk("kernel: trace: no memory for a %u KiB buffer; tracing is off\n", CONFIG_TRACE_BUFFER_KB);
		return;
	}
	printk("kernel: trace: %u KiB buffer at 0x%lx, %lu records\n", CONFIG_TRACE_BUFFER_KB,
	       (unsigned long)pa, (unsigned long)buffer.capacity);
}

void trace_dump(void)
{
	size_t len = trace_buffer_finish(&buffer);

	if (!buffer.base)
		return;
	if (semihosting_write_file(CONFIG_TRACE_FILE, buffer.base, len) == 0) {
		printk("kernel: trace: %lu records (%lu dropped) written to %s\n", (unsigned long)buffer.count,
		       (unsigned long)buffer.dropped, CONFIG_TRACE_FILE);
		return;
	}
	/* No host to write to (a board): the trace stays in RAM for a debugger to save. */
	printk("kernel: trace: %lu records (%lu dropped) in memory at 0x%lx, %lu bytes (not written: no semihosting)\n",
	       (unsigned long)buffer.count, (unsigned long)buffer.dropped, (unsigned long)virt_to_phys(buffer.base),
	       (unsigned long)len);
}

/* Called by arch_return_to_user: a change of thread since the last record is a context switch. */
void trace_return_to_user(void)
{
	const struct tcb *next = current_thread();
	uint32_t tid = tid_of(next), app = app_of(next);

	if (tid == shown_tid || !buffer.base)
		return;
	trace_buffer_put(&buffer, read_sysreg(cntvct_el0), TRACE_CTX_SWITCH, shown_tid, shown_app, tid, app, 0);
	shown_tid = tid;
	shown_app = app;
}

void trace_syscall_entry(const struct tcb *t, uint64_t number, uint64_t cptr)
{
	put(TRACE_SYSCALL_ENTRY, t, number, cptr, 0);
}

void trace_syscall_exit(const struct tcb *t, uint64_t number)
{
	/* What the thread finds in its message-info register, or -1 if the call left it waiting. */
	uint64_t result = t->state == THREAD_RUNNABLE ? t->context.x[KAURI_INFO_REGISTER] : (uint64_t)-1;

	put(TRACE_SYSCALL_EXIT, t, number, result, 0);
}

void trace_ipc(const struct tcb *sender, const struct tcb *receiver, const void *via, uint64_t badge,
	       unsigned int words)
{
	uint64_t endpoint = via ? virt_to_phys(via) : 0;

	put(TRACE_IPC_SEND, sender, endpoint, badge, words);
	put(TRACE_IPC_RECV, receiver, endpoint, badge, words);
}

void trace_irq(enum trace_event entry_or_exit, unsigned int intid)
{
	put(entry_or_exit, current_thread(), intid, 0, 0);
}

void trace_fault(const struct tcb *t, unsigned int kind, uint64_t address, uint64_t pc)
{
	put(TRACE_FAULT, t, kind, address, pc);
}
