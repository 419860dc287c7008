/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call entry. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

struct tcb;

void handle_syscall(struct tcb *thread);

#endif
