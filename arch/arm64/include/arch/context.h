/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A thread's saved user state. traps.S saves into and restores from the
 * current thread's user_context (pointed to by TPIDR_EL1/EL2), so the
 * offsets below are shared with assembly and checked against the struct.
 */
#ifndef ARCH_CONTEXT_H
#define ARCH_CONTEXT_H

#define CTX_X0		0
#define CTX_X30		240
#define CTX_SP		248	/* SP_EL0 */
#define CTX_PC		256	/* ELR */
#define CTX_SPSR	264
#define CTX_TPIDR	272	/* TPIDR_EL0, the user thread pointer */
#define CTX_SIZE	288

/* SPSR for a thread entering EL0 in AArch64 with interrupts unmasked. */
#define SPSR_EL0T	0x0UL

/* SPSR.M: M[4] (AArch32) and M[3:0], the exception level and stack pointer returned to. */
#define SPSR_MODE_BITS	0x1fUL
#define SPSR_MODE_EL0T	0x0UL
#define SPSR_MODE_EL1T	0x4UL
#define SPSR_MODE_EL1H	0x5UL

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <arch/sysreg.h>

struct user_context {
	uint64_t x[31];
	uint64_t sp;
	uint64_t pc;
	uint64_t spsr;
	uint64_t tpidr;
	uint64_t pad;
};

/* FP/SIMD registers, saved when the CPU switches between threads. */
struct fpu_context {
	__uint128_t q[32];
	uint64_t fpsr;
	uint64_t fpcr;
} __attribute__((aligned(16)));

_Static_assert(offsetof(struct user_context, x[30]) == CTX_X30, "CTX_X30");
_Static_assert(offsetof(struct user_context, sp) == CTX_SP, "CTX_SP");
_Static_assert(offsetof(struct user_context, pc) == CTX_PC, "CTX_PC");
_Static_assert(offsetof(struct user_context, spsr) == CTX_SPSR, "CTX_SPSR");
_Static_assert(offsetof(struct user_context, tpidr) == CTX_TPIDR, "CTX_TPIDR");
_Static_assert(sizeof(struct user_context) == CTX_SIZE, "CTX_SIZE");

/* Makes CONTEXT the one the next return to user mode restores (the entry code's REG_TPIDR). */
static inline void arch_set_current_context(struct user_context *context)
{
	write_sysreg(REG_TPIDR, (uint64_t)(uintptr_t)context);
}

/* Leaves the kernel into the current context (resets the kernel stack). */
void arch_return_to_user(void) __attribute__((noreturn));

void fpu_save(struct fpu_context *fpu);
void fpu_restore(const struct fpu_context *fpu);
/*
 * Lets user code (and the kernel at EL1) use FP/SIMD, or makes the next use trap. Inline: the
 * context switch calls it (only when the setting changes).
 */
static inline void fpu_set_access(bool enabled)
{
#ifdef CONFIG_HYP
	/*
	 * At EL2 the trap comes from CPTR_EL2.TFP (it also stops the kernel's own use, so
	 * fpu_save/restore come after enabling). A CPACR_EL1 trap would be reported as an
	 * unknown exception when HCR_EL2.TGE is set.
	 */
	write_sysreg(cptr_el2, CPTR_EL2_NO_TRAPS | (enabled ? 0 : CPTR_EL2_TFP));
#else
	write_sysreg(cpacr_el1, enabled ? CPACR_EL1_FPEN : 0);
#endif
	__asm__ volatile("isb");
}
#endif

#endif
