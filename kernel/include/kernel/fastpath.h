/* SPDX-License-Identifier: BSD-2-Clause */
/* The IPC fast path: each returns true when it did the whole system call. */
#ifndef KERNEL_FASTPATH_H
#define KERNEL_FASTPATH_H

#include <stdbool.h>

struct tcb;

bool fastpath_call(struct tcb *caller);
bool fastpath_reply_recv(struct tcb *server);

#endif
