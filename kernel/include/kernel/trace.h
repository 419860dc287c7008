/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kernel event tracing (CONFIG_TRACE): the hooks the kernel calls at context switches, system
 * calls, IPC, interrupts and faults. Without CONFIG_TRACE every hook is an empty inline
 * function and costs nothing. Records are in the kauri/trace.h format; docs/kernel-api.md
 * ("Tracing") says what each one holds.
 */
#ifndef KERNEL_TRACE_H
#define KERNEL_TRACE_H

#include <stdint.h>
#include <uapi/kauri/trace.h>

struct tcb;

#ifdef CONFIG_TRACE
/* Takes the buffer from boot memory; tracing stays off if it cannot. */
void trace_init(void);
/* Writes the trace out (semihosting) or says where it is in memory, at the end of a run. */
void trace_dump(void);
/* From arch_return_to_user: records a context switch when another thread (or idle) runs next. */
void trace_return_to_user(void);

void trace_syscall_entry(const struct tcb *t, uint64_t number, uint64_t cptr);
void trace_syscall_exit(const struct tcb *t, uint64_t number);
/* A message moved from SENDER to RECEIVER through endpoint VIA (NULL: a reply). */
void trace_ipc(const struct tcb *sender, const struct tcb *receiver, const void *via, uint64_t badge,
	       unsigned int words);
void trace_irq(enum trace_event entry_or_exit, unsigned int intid);
void trace_fault(const struct tcb *t, unsigned int kind, uint64_t address, uint64_t pc);
#else
static inline void trace_init(void) {}
static inline void trace_dump(void) {}
static inline void trace_syscall_entry(const struct tcb *t, uint64_t number, uint64_t cptr) {}
static inline void trace_syscall_exit(const struct tcb *t, uint64_t number) {}
static inline void trace_ipc(const struct tcb *sender, const struct tcb *receiver, const void *via,
			     uint64_t badge, unsigned int words) {}
static inline void trace_irq(enum trace_event entry_or_exit, unsigned int intid) {}
static inline void trace_fault(const struct tcb *t, unsigned int kind, uint64_t address, uint64_t pc) {}
#endif

#endif
