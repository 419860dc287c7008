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
#define HCR_EL2_RW		(UL(1) << 31)

/* CNTHCTL_EL2: EL1PCTEN | EL1PCEN, EL1 may use the physical counter and timer. */
#define CNTHCTL_EL2_EL1_ACCESS	UL(0x3)

/* CPTR_EL2 with TFP = 0 (no FP/SIMD traps) and its RES1 bits [13:12], [9:0]. */
#define CPTR_EL2_NO_TRAPS	UL(0x33ff)

/* CPACR_EL1.FPEN = 0b11: FP/SIMD usable at EL0 and EL1. */
#define CPACR_EL1_FPEN		(UL(3) << 20)

/* SCTLR_EL1 / SCTLR_EL2 RES1 bits for ARMv8.0, MMU and caches off. */
#define SCTLR_EL1_RES1		UL(0x30d00800)
#define SCTLR_EL2_RES1		UL(0x30c50830)

/* SPSR: D, A, I, F masked, return to EL1 using SP_EL1. */
#define SPSR_EL1H_MASKED	UL(0x3c5)

/* ESR_ELx exception class field. */
#define ESR_EC_SHIFT		26
#define ESR_EC_MASK		UL(0x3f)

#ifndef __ASSEMBLY__
#include <stdint.h>

#define read_sysreg(reg) ({						\
	uint64_t _value;						\
	__asm__ volatile("mrs %0, " #reg : "=r"(_value));		\
	_value;								\
})

#define write_sysreg(reg, value)					\
	__asm__ volatile("msr " #reg ", %0" : : "r"((uint64_t)(value)))

/* The exception level the CPU runs at now (CurrentEL[3:2]). */
static inline unsigned int current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}
#endif

#endif
