/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The VCPU object (CONFIG_HYP): a guest's EL1 system registers, and the TCB
 * bound to it, whose thread then runs at EL1 in its VSpace (the guest's
 * stage-2 space). The object is kernel/object/vcpu.c; switching registers and
 * turning exits into fault messages is arch/arm64/vcpu.c.
 */
#ifndef KERNEL_VCPU_H
#define KERNEL_VCPU_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/invocation.h>
#include <kernel/thread.h>

struct vcpu {				/* 2^KAURI_VCPU_SIZE_BITS bytes */
	struct tcb *tcb;		/* bound thread, or NULL; tcb->vcpu points back */
	uint64_t regs[KAURI_VCPU_NUM_REGS];	/* saved while the guest is not running */
};

_Static_assert(sizeof(struct vcpu) <= 1UL << KAURI_VCPU_SIZE_BITS, "VCPU object size");

#ifdef CONFIG_HYP
/* Ends VCPU's binding (its thread runs at EL0 again); nothing if it has none. */
void vcpu_unbind(struct vcpu *vcpu);

/* Arch: the registers of NEXT (NULL: a native thread or idle) go into the CPU. */
void vcpu_switch(struct vcpu *next);
/* Arch: VCPU leaves the CPU now (saved), which goes back to native threads' settings. */
void vcpu_unload(struct vcpu *vcpu);
/* Arch: the VCPU whose registers are in the CPU, or NULL. */
struct vcpu *vcpu_loaded(void);
/* Arch: boot-time EL2 settings for guests (VPIDR, debug and PMU traps). */
void vcpu_init(void);
/* Arch: THREAD (bound to a VCPU) took an exception to EL2 with syndrome ESR. */
void vcpu_handle_exit(struct tcb *thread, uint64_t esr);
/* Arch: the reply (label 0) to THREAD's guest exit: MR0 flags, MR1 a loaded value. */
void vcpu_reply_to_exit(struct tcb *thread, enum fault_kind kind, uint64_t flags, uint64_t value,
			unsigned int length);
/* The SPSR a guest may have: EL1h, EL1t or EL0t in AArch64; anything else becomes EL1h. */
uint64_t vcpu_spsr(uint64_t requested);
#else
static inline void vcpu_unbind(struct vcpu *vcpu) { (void)vcpu; }
static inline void vcpu_switch(struct vcpu *next) { (void)next; }
static inline struct vcpu *vcpu_loaded(void) { return 0; }
static inline void vcpu_handle_exit(struct tcb *thread, uint64_t esr) { (void)thread; (void)esr; }
static inline void vcpu_reply_to_exit(struct tcb *thread, enum fault_kind kind, uint64_t flags, uint64_t value,
				      unsigned int length)
{
	(void)thread; (void)kind; (void)flags; (void)value; (void)length;
}
static inline uint64_t vcpu_spsr(uint64_t requested) { return requested; }
#endif

#endif
