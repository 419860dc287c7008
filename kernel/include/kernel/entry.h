/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's C entry points from the exception vectors (arch/arm64/traps.S). */
#ifndef KERNEL_ENTRY_H
#define KERNEL_ENTRY_H

struct user_context;

/* The vector number handle_user_sync is given for a synchronous exception from AArch64 user mode. */
#define VECTOR_USER_SYNC	8

/* An exception in the kernel itself: reported, then the machine stops. */
void kernel_trap(unsigned int vector, struct user_context *frame) __attribute__((noreturn));

/*
 * A system call from user mode (the vector sends every SVC here, kernel/fastpath.c): Call and
 * ReplyRecv take the fast path when they can, anything else handle_syscall() and schedule().
 */
void handle_user_svc(void);

/* Any other synchronous exception from user mode: faults, FP/SIMD traps, a guest's exits. */
void handle_user_sync(unsigned int vector);

/* An interrupt, in user mode or while idle. */
void handle_irq(void);

/* FIQ, SError and AArch32 entries, which user mode can cause but Kauri does not serve. */
void handle_user_unexpected(unsigned int vector);

#endif
