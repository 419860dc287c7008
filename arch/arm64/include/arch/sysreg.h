/* SPDX-License-Identifier: BSD-2-Clause */
/* AArch64 system register names, fields and accessors used by early boot and the kernel. */
#ifndef ARCH_SYSREG_H
#define ARCH_SYSREG_H

/* Constants shared with assembly, where the UL suffix does not exist. */
#ifdef __ASSEMBLY__
#define UL(x)	x
#else
#define UL(x)	x##UL
#endif

/* HCR_EL2 (Arm ARM D13.2.47): RW = EL1 is AArch64. */
#define HCR_VM			(UL(1) << 0)
#define HCR_SWIO		(UL(1) << 1)
#define HCR_FMO			(UL(1) << 3)
#define HCR_IMO			(UL(1) << 4)
#define HCR_AMO			(UL(1) << 5)
#define HCR_DC			(UL(1) << 12)
#define HCR_TWI			(UL(1) << 13)
#define HCR_TWE			(UL(1) << 14)
#define HCR_TSC			(UL(1) << 19)
#define HCR_TAC			(UL(1) << 21)
#define HCR_TTLB		(UL(1) << 25)
#define HCR_TVM			(UL(1) << 26)
#define HCR_TGE			(UL(1) << 27)
#define HCR_EL2_RW		(UL(1) << 31)

/* Native (non-VM) threads: EL0 traps to EL2, stage 2 on, stage 1 off. */
#define HCR_NATIVE		(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_DC | HCR_TSC | \
				 HCR_TAC | HCR_TTLB | HCR_TVM | HCR_TGE | HCR_EL2_RW)
/*
 * A guest at EL1: stage 2 on, its own stage 1; interrupts, SError, WFI/WFE and
 * SMC come to the kernel (and become exits), the rest of EL1 is the guest's.
 */
#define HCR_GUEST		(HCR_VM | HCR_SWIO | HCR_FMO | HCR_IMO | HCR_AMO | HCR_TWI | HCR_TWE | \
				 HCR_TSC | HCR_EL2_RW)

/* VMPIDR_EL2: bit 31 of MPIDR_EL1 is RES1. */
#define VMPIDR_EL2_RES1		(UL(1) << 31)

/*
 * MDCR_EL2: debug accesses (TDA, TDOSA, TDRA) trap to EL2 always; PMU accesses
 * (TPM, TPMCR) only while a guest runs, since they trap EL0 too and native
 * threads may read the cycle counter (CONFIG_USER_CYCLE_COUNTER).
 */
#define MDCR_EL2_DEBUG_TRAPS	((UL(1) << 9) | (UL(1) << 10) | (UL(1) << 11))
#define MDCR_EL2_PMU_TRAPS	((UL(1) << 5) | (UL(1) << 6))

/* PMCCFILTR_EL0.NSH: the cycle counter counts at EL2 too. */
#define PMCCFILTR_NSH		(UL(1) << 27)

/* CNTHCTL_EL2: EL1PCTEN | EL1PCEN, EL1 may use the physical counter and timer. */
#define CNTHCTL_EL2_EL1_ACCESS	UL(0x3)
/* A guest reads the physical counter but its physical timer accesses trap (EL1PCEN = 0). */
#define CNTHCTL_EL2_GUEST	UL(0x1)

/* CNTKCTL_EL1: EL0 may read the virtual counter (EL0VCTEN) and use the virtual timer (EL0VTEN). */
#define CNTKCTL_EL0VCTEN	UL(0x2)
#define CNTKCTL_EL0VTEN		UL(0x100)

/* CPTR_EL2 with TFP = 0 (no FP/SIMD traps) and its RES1 bits [13:12], [9:0]. */
#define CPTR_EL2_NO_TRAPS	UL(0x33ff)
#define CPTR_EL2_TFP		(UL(1) << 10)

/* CPACR_EL1.FPEN = 0b11: FP/SIMD usable at EL0 and EL1. */
#define CPACR_EL1_FPEN		(UL(3) << 20)

/* SCTLR_EL1 / SCTLR_EL2 RES1 bits for ARMv8.0, MMU and caches off. */
#define SCTLR_EL1_RES1		UL(0x30d00800)
#define SCTLR_EL2_RES1		UL(0x30c50830)

/* SPSR: D, A, I, F masked, return to EL1 using SP_EL1. */
#define SPSR_EL1H_MASKED	UL(0x3c5)

/*
 * The registers of the exception level the kernel runs at: EL2 with
 * CONFIG_HYP, else EL1. Usable from C and assembly.
 */
#ifdef CONFIG_HYP
#define REG_ELR		elr_el2
#define REG_SPSR	spsr_el2
#define REG_ESR		esr_el2
#define REG_FAR		far_el2
#define REG_TPIDR	tpidr_el2
#else
#define REG_ELR		elr_el1
#define REG_SPSR	spsr_el1
#define REG_ESR		esr_el1
#define REG_FAR		far_el1
#define REG_TPIDR	tpidr_el1
#endif

#ifndef __ASSEMBLY__
#include <stdint.h>

#define SYSREG_STRING_(reg)	#reg
#define SYSREG_STRING(reg)	SYSREG_STRING_(reg)

/* REG may be a macro (REG_ESR below), so it is expanded before it is pasted. */
#define read_sysreg(reg) ({						\
	uint64_t _value;						\
	__asm__ volatile("mrs %0, " SYSREG_STRING(reg) : "=r"(_value));	\
	_value;								\
})

#define write_sysreg(reg, value)					\
	__asm__ volatile("msr " SYSREG_STRING(reg) ", %0" : : "r"((uint64_t)(value)))

/* The exception level the CPU runs at now (CurrentEL[3:2]). */
static inline unsigned int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}
#endif

#endif
