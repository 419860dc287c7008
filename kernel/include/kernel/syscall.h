/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call entry. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

struct tcb;

/* The general way through every system call (the fast path's handle_user_svc falls back to it). */
void handle_syscall(struct tcb *thread);

#endif
