/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Exception vectors and the kernel's entry and exit. The kernel has one stack
 * and runs with interrupts masked; entries from user mode save the registers
 * into the current thread's user_context (REG_TPIDR points at it), and every
 * exit restores whichever context is current then — a context switch is just
 * a change of that pointer. Interrupts are taken in the kernel only while idle.
 */
#include <arch/sysreg.h>
#include <arch/context.h>
#include <arch/esr.h>

	.macro	save_user_context
	stp	x0, x1, [sp, #-16]!
	mrs	x0, REG_TPIDR
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #CTX_X0]
	mrs	x2, sp_el0
	stp	x30, x2, [x0, #CTX_X30]
	mrs	x2, REG_ELR
	mrs	x3, REG_SPSR
	stp	x2, x3, [x0, #CTX_PC]
	mrs	x2, tpidr_el0
	str	x2, [x0, #CTX_TPIDR]
	.endm

	.macro	vector_entry label
	.balign	0x80
	b	\label
	.endm

	.text
	.balign	0x800
	.globl	kernel_vectors
kernel_vectors:
	vector_entry	unexpected_sp0_sync	/* current EL, SP_EL0: never used */
	vector_entry	unexpected_sp0_irq
	vector_entry	unexpected_sp0_fiq
	vector_entry	unexpected_sp0_serror
	vector_entry	kernel_sync		/* current EL, SP_ELx: a kernel bug */
	vector_entry	idle_irq		/* ...or an interrupt while idle */
	vector_entry	kernel_fiq
	vector_entry	kernel_serror
	vector_entry	user_sync		/* lower EL, AArch64 */
	vector_entry	user_irq
	vector_entry	user_fiq
	vector_entry	user_serror
	vector_entry	user32_sync		/* lower EL, AArch32: not supported */
	vector_entry	user32_irq
	vector_entry	user32_fiq
	vector_entry	user32_serror

	.macro	kernel_trap label, index
\label:
	sub	sp, sp, #CTX_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x1, sp, #CTX_SIZE
	stp	x30, x1, [sp, #CTX_X30]
	mrs	x1, REG_ELR
	mrs	x2, REG_SPSR
	stp	x1, x2, [sp, #CTX_PC]
	mov	x0, #\index
	mov	x1, sp
	bl	kernel_trap
	.endm

	kernel_trap	unexpected_sp0_sync, 0
	kernel_trap	unexpected_sp0_irq, 1
	kernel_trap	unexpected_sp0_fiq, 2
	kernel_trap	unexpected_sp0_serror, 3
	kernel_trap	kernel_sync, 4
	kernel_trap	kernel_fiq, 6
	kernel_trap	kernel_serror, 7

	.macro	user_trap label, handler, index
\label:
	save_user_context
	mov	x0, #\index
	bl	\handler
	b	arch_return_to_user
	.endm

/* System calls go straight to handle_user_svc (the IPC fast path's entry); other exceptions not. */
user_sync:
	save_user_context
	mrs	x0, REG_ESR
	ubfx	x0, x0, #ESR_EC_SHIFT, #6
	cmp	x0, #ESR_EC_SVC64
	b.ne	1f
	bl	handle_user_svc
	b	arch_return_to_user
1:	mov	x0, #8			/* VECTOR_USER_SYNC */
	bl	handle_user_sync
	b	arch_return_to_user

	user_trap	user_irq, handle_irq, 9
	user_trap	user_fiq, handle_user_unexpected, 10
	user_trap	user_serror, handle_user_unexpected, 11
	user_trap	user32_sync, handle_user_unexpected, 12
	user_trap	user32_irq, handle_irq, 13
	user_trap	user32_fiq, handle_user_unexpected, 14
	user_trap	user32_serror, handle_user_unexpected, 15

/* An interrupt woke the idle loop: nothing to save, the idle loop has no state. */
idle_irq:
	ldr	x0, =__kernel_stack_top
	mov	sp, x0
	bl	handle_irq
	b	arch_return_to_user

	.globl	arch_return_to_user
arch_return_to_user:
	ldr	x0, =__kernel_stack_top
	mov	sp, x0
#ifdef CONFIG_TRACE
	bl	trace_return_to_user		/* records a context switch */
#endif
	mrs	x0, REG_TPIDR
	cbz	x0, arch_idle			/* nothing to run */
	ldp	x30, x2, [x0, #CTX_X30]
	msr	sp_el0, x2
	ldp	x2, x3, [x0, #CTX_PC]
	msr	REG_ELR, x2
	msr	REG_SPSR, x3
	ldr	x2, [x0, #CTX_TPIDR]
	msr	tpidr_el0, x2
	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldp	x0, x1, [x0, #CTX_X0]
	eret

/* Wait for an interrupt with a fresh stack; idle_irq takes it from here. */
	.globl	arch_idle
arch_idle:
	ldr	x0, =__kernel_stack_top
	mov	sp, x0
	msr	daifclr, #2
1:	wfi
	b	1b

	.globl	fpu_save
fpu_save:
	stp	q0, q1, [x0, #32 * 0]
	stp	q2, q3, [x0, #32 * 1]
	stp	q4, q5, [x0, #32 * 2]
	stp	q6, q7, [x0, #32 * 3]
	stp	q8, q9, [x0, #32 * 4]
	stp	q10, q11, [x0, #32 * 5]
	stp	q12, q13, [x0, #32 * 6]
	stp	q14, q15, [x0, #32 * 7]
	stp	q16, q17, [x0, #32 * 8]
	stp	q18, q19, [x0, #32 * 9]
	stp	q20, q21, [x0, #32 * 10]
	stp	q22, q23, [x0, #32 * 11]
	stp	q24, q25, [x0, #32 * 12]
	stp	q26, q27, [x0, #32 * 13]
	stp	q28, q29, [x0, #32 * 14]
	stp	q30, q31, [x0, #32 * 15]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #32 * 16
	stp	x1, x2, [x0]
	ret

	.globl	fpu_restore
fpu_restore:
	ldp	q0, q1, [x0, #32 * 0]
	ldp	q2, q3, [x0, #32 * 1]
	ldp	q4, q5, [x0, #32 * 2]
	ldp	q6, q7, [x0, #32 * 3]
	ldp	q8, q9, [x0, #32 * 4]
	ldp	q10, q11, [x0, #32 * 5]
	ldp	q12, q13, [x0, #32 * 6]
	ldp	q14, q15, [x0, #32 * 7]
	ldp	q16, q17, [x0, #32 * 8]
	ldp	q18, q19, [x0, #32 * 9]
	ldp	q20, q21, [x0, #32 * 10]
	ldp	q22, q23, [x0, #32 * 11]
	ldp	q24, q25, [x0, #32 * 12]
	ldp	q26, q27, [x0, #32 * 13]
	ldp	q28, q29, [x0, #32 * 14]
	ldp	q30, q31, [x0, #32 * 15]
	add	x0, x0, #32 * 16
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
