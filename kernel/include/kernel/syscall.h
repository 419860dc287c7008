/* SPDX-License-Identifier: BSD-2-Clause */
/* System-call entry. */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include <stdbool.h>

struct tcb;

/* Returns true when the fast path did it all, including picking who runs next. */
bool handle_syscall(struct tcb *thread);

#endif
