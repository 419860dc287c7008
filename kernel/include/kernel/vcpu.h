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
#include <drivers/vgic.h>
#include <kernel/thread.h>

/* The guest's virtual CPU interface, saved while it does not run, and the interrupts waiting for it. */
struct vgic_state {
	struct vgic_cpu_state cpu;	/* list registers (drivers/vgic.h layout), VMCR, APRs, HCR */
	uint64_t queue[KAURI_VCPU_IRQ_QUEUE];	/* list register values waiting, oldest first */
	unsigned int queued;
	bool vtimer_masked;		/* a VPPI exit went out; no AckVPPI yet */
};

struct vcpu {				/* 2^KAURI_VCPU_SIZE_BITS bytes */
	struct tcb *tcb;		/* bound thread, or NULL; tcb->vcpu points back */
	uint64_t regs[KAURI_VCPU_NUM_REGS];	/* saved while the guest is not running */
	struct vgic_state vgic;
	uint8_t wfi_mode, wfe_mode;	/* enum kauri_vcpu_wfx_mode */
};

_Static_assert(sizeof(struct vcpu) <= 1UL << KAURI_VCPU_SIZE_BITS, "VCPU object size");

#ifdef CONFIG_HYP
/* Ends VCPU's binding (its thread runs at EL0 again); nothing if it has none. */
void vcpu_unbind(struct vcpu *vcpu);

/* Arch: the registers of NEXT (NULL: a native thread or idle) go into the CPU. */
void vcpu_switch(struct vcpu *next);
/* Arch: VCPU leaves the CPU now (saved), which goes back to native threads' settings. */
void vcpu_unload(struct vcpu *vcpu);
/* Arch: VCPU's EL1-only registers, left in the CPU while native threads run, go back to the object. */
void vcpu_flush(struct vcpu *vcpu);
/* Arch: the VCPU whose EL1-only registers are in the CPU (the last guest to run), or NULL. */
struct vcpu *vcpu_resident(void);
/* Arch: the VCPU whose registers are in the CPU, or NULL. */
struct vcpu *vcpu_loaded(void);
/* Arch: boot-time EL2 settings for guests (VPIDR, debug and PMU traps). */
void vcpu_init(void);
/* Arch: the GIC's virtual CPU interface, once the GIC driver is up. */
void vgic_init(void);
/* Arch: THREAD (bound to a VCPU) took an exception to EL2 with syndrome ESR. */
void vcpu_handle_exit(struct tcb *thread, uint64_t esr);
/* Arch: the reply (label 0) to THREAD's guest exit: MR0 flags, MR1 a loaded value. */
void vcpu_reply_to_exit(struct tcb *thread, enum fault_kind kind, uint64_t flags, uint64_t value,
			unsigned int length);
/* The SPSR a guest may have: EL1h, EL1t or EL0t in AArch64; anything else becomes EL1h. */
uint64_t vcpu_spsr(uint64_t requested);
/* Arch: INTID is the maintenance or (with a guest in the CPU) the virtual timer PPI: handled. */
bool vcpu_handle_irq(unsigned int intid);
/* Arch: list registers the GIC has for guests (0: no virtual CPU interface the kernel drives). */
unsigned int vgic_lr_count(void);
/* Arch: INTID is the kernel's while it drives guests' interfaces (the maintenance PPI). */
bool vgic_owns_irq(unsigned int intid);
/* Arch: the list register value for a pending virtual interrupt. */
uint64_t vgic_lr_make(unsigned int virq, unsigned int priority, unsigned int group, bool eoi_exit);
/* Arch: whether LR holds nothing (neither an interrupt nor an EOI still to report). */
bool vgic_lr_free(uint64_t lr);
/* Arch: the virtual INTID of a list register value. */
unsigned int vgic_lr_virq(uint64_t lr);
#else
static inline void vcpu_unbind(struct vcpu *vcpu) { (void)vcpu; }
static inline void vcpu_switch(struct vcpu *next) { (void)next; }
static inline struct vcpu *vcpu_loaded(void) { return 0; }
static inline struct vcpu *vcpu_resident(void) { return 0; }
static inline void vcpu_handle_exit(struct tcb *thread, uint64_t esr) { (void)thread; (void)esr; }
static inline void vcpu_reply_to_exit(struct tcb *thread, enum fault_kind kind, uint64_t flags, uint64_t value,
				      unsigned int length)
{
	(void)thread; (void)kind; (void)flags; (void)value; (void)length;
}
static inline uint64_t vcpu_spsr(uint64_t requested) { return requested; }
static inline bool vcpu_handle_irq(unsigned int intid) { (void)intid; return false; }
static inline unsigned int vgic_lr_count(void) { return 0; }
static inline bool vgic_owns_irq(unsigned int intid) { (void)intid; return false; }
static inline void vgic_init(void) { }
#endif

#endif
