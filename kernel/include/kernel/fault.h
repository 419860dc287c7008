/* SPDX-License-Identifier: BSD-2-Clause */
/* User faults: what the kernel does when a thread faults. */
#ifndef KERNEL_FAULT_H
#define KERNEL_FAULT_H

#include <stdbool.h>
#include <stdint.h>

struct tcb;

void handle_vm_fault(struct tcb *thread, uint64_t address, uint64_t esr, bool instruction);
void handle_user_exception(struct tcb *thread, unsigned int exception_class, uint64_t syndrome);

#endif
