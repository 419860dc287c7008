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
 *
 * Guest exits (a thread bound to a VCPU, CONFIG_HYP). MR0 is always the
 * address of the instruction that exited (for HVC too, whose exception
 * return address is the next one):
 *
 *   KAURI_FAULT_VCPU_HVC     MR0 pc, MR1 the immediate, MR2-MR9 x0-x7
 *   KAURI_FAULT_VCPU_SMC     as HVC (SMC is trapped: it never reaches firmware)
 *   KAURI_FAULT_VCPU_WFX     MR0 pc, MR1 0 WFI / 1 WFE, MR2 syndrome (ESR_EL2)
 *   KAURI_FAULT_VCPU_DATA_ABORT  a stage-2 data abort (an access outside the
 *                            guest's map, MMIO): MR0 pc, MR1 the IPA, MR2 the
 *                            guest's virtual address (FAR), MR3 syndrome,
 *                            MR4 1 if MR5-MR10 are valid (ESR ISV: a single
 *                            load or store), MR5 1 for a write, MR6 access size
 *                            in bytes, MR7 the transfer register (31: xzr/wzr),
 *                            MR8 1 if the load sign-extends, MR9 1 if the
 *                            register is 64-bit, MR10 the value stored (writes)
 *   KAURI_FAULT_VCPU_INSTRUCTION_ABORT  MR0 pc, MR1 the IPA, MR2 FAR, MR3 syndrome
 *   KAURI_FAULT_VCPU_VGIC_MAINTENANCE  the guest EOI'd an interrupt injected
 *                            with KAURI_VCPU_IRQ_EOI_EXIT: MR0 pc, MR1 the list
 *                            register it was in (now free), MR2 its virtual INTID
 *   KAURI_FAULT_VCPU_VPPI    the guest's virtual timer fired: MR0 pc, MR1 the PPI
 *                            (27). The kernel masks it until VCPU.AckVPPI; the
 *                            VMM injects what the guest should see.
 *   KAURI_FAULT_VCPU_SYSREG  a trapped MRS/MSR (PMU, debug, physical timer):
 *                            MR0 pc, MR1-MR5 op0, op1, CRn, CRm, op2, MR6 1 for
 *                            a read (MRS), MR7 the register (31: xzr), MR8 the
 *                            value written (MSR), MR9 syndrome
 *
 * VGIC_MAINTENANCE and VPPI are asynchronous: the guest did not execute
 * anything that exited, so the reply's ADVANCE flag is ignored for them.
 *
 * Other exits (SError, ...) are KAURI_FAULT_USER_EXCEPTION.
 * The reply to a guest exit: label 0 resumes the guest; MR0 (if sent) holds
 * KAURI_VCPU_REPLY_* flags: ADVANCE steps past the instruction (else it runs
 * again); for an emulated load with ADVANCE and a valid syndrome, MR1 is the
 * value read, which the kernel cuts to the access size, sign-extends as the
 * instruction says and writes to the transfer register (never to xzr); for
 * a trapped MRS with ADVANCE, MR1 is the value the register reads as.
 */
#ifndef KAURI_FAULT_H
#define KAURI_FAULT_H

enum kauri_fault_label {
	KAURI_FAULT_CAP = 1,
	KAURI_FAULT_UNKNOWN_SYSCALL = 2,
	KAURI_FAULT_USER_EXCEPTION = 3,
	KAURI_FAULT_VM = 4,
	KAURI_FAULT_VCPU_HVC = 5,
	KAURI_FAULT_VCPU_SMC = 6,
	KAURI_FAULT_VCPU_WFX = 7,
	KAURI_FAULT_VCPU_DATA_ABORT = 8,
	KAURI_FAULT_VCPU_INSTRUCTION_ABORT = 9,
	KAURI_FAULT_VCPU_VGIC_MAINTENANCE = 10,
	KAURI_FAULT_VCPU_VPPI = 11,
	KAURI_FAULT_VCPU_SYSREG = 12,
};

/* The most message registers a fault message has (a data abort's). */
#define KAURI_FAULT_MAX_WORDS	11

/* Flags in MR0 of the reply to a guest exit. */
#define KAURI_VCPU_REPLY_ADVANCE	1u

/* Words of a KAURI_FAULT_VCPU_DATA_ABORT message. */
enum kauri_vcpu_abort_word {
	KAURI_ABORT_PC = 0,
	KAURI_ABORT_IPA = 1,
	KAURI_ABORT_FAR = 2,
	KAURI_ABORT_ESR = 3,
	KAURI_ABORT_VALID = 4,
	KAURI_ABORT_WRITE = 5,
	KAURI_ABORT_SIZE = 6,
	KAURI_ABORT_REGISTER = 7,
	KAURI_ABORT_SIGN_EXTEND = 8,
	KAURI_ABORT_64BIT = 9,
	KAURI_ABORT_VALUE = 10,
};

/* Words of a KAURI_FAULT_VCPU_SYSREG message. */
enum kauri_vcpu_sysreg_word {
	KAURI_SYSREG_PC = 0,
	KAURI_SYSREG_OP0 = 1,
	KAURI_SYSREG_OP1 = 2,
	KAURI_SYSREG_CRN = 3,
	KAURI_SYSREG_CRM = 4,
	KAURI_SYSREG_OP2 = 5,
	KAURI_SYSREG_READ = 6,
	KAURI_SYSREG_REGISTER = 7,
	KAURI_SYSREG_VALUE = 8,
	KAURI_SYSREG_ESR = 9,
	KAURI_SYSREG_WORDS = 10,
};

#endif
