/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fault messages. When a thread faults, the kernel sends a message for it to
 * its fault endpoint (TCB.Configure) as if the thread had made a Call; the
 * thread waits for the reply. The message label says which fault:
 *
 *   KAURI_FAULT_CAP          MR0 pc, MR1 the cptr, MR2 1 if it was a receive,
 *                            MR3 lookup failure kind, MR4 the thread's x0
 *   KAURI_FAULT_UNKNOWN_SYSCALL  MR0 pc, MR1 sp, MR2 the number (x7), MR3 x0, MR4 x1
 *   KAURI_FAULT_USER_EXCEPTION   MR0 pc, MR1 sp, MR2 exception class, MR3 syndrome (ESR)
 *   KAURI_FAULT_VM           MR0 pc, MR1 fault address, MR2 1 for an instruction
 *                            fetch, MR3 syndrome (ESR)
 *
 * The handler's reply decides: label 0 resumes the thread, re-running the
 * faulting instruction unless the reply sets registers: MR0 new pc, MR1 new
 * sp, MR2 new x0 (as many as the reply's length gives). Any other label
 * leaves the thread stopped (it can be restarted with TCB.WriteRegisters).
 */
#ifndef KAURI_FAULT_H
#define KAURI_FAULT_H

enum kauri_fault_label {
	KAURI_FAULT_CAP = 1,
	KAURI_FAULT_UNKNOWN_SYSCALL = 2,
	KAURI_FAULT_USER_EXCEPTION = 3,
	KAURI_FAULT_VM = 4,
};

#endif
