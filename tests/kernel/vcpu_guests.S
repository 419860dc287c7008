/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guests for test_vcpu.c: a few instructions each, position-independent, copied
 * into a frame the guest runs from at EL1 with its MMU off. The test passes
 * arguments in x0-x2 (TCB.WriteRegisters) and sees them leave through exits.
 */
	.macro	guest name
	.globl	guest_\name
	.globl	guest_\name\()_end
	.balign	4
guest_\name:
	.endm

	.text

/* x0-x7 to the VMM through HVC #0x42, then x0 + 1 through HVC #0x43. */
	guest	hvc
	movz	x0, #0x11
	movz	x1, #0x22
	movz	x2, #0x33
	movz	x3, #0x44
	movz	x4, #0x55
	movz	x5, #0x66
	movz	x6, #0x77
	movz	x7, #0x88
	hvc	#0x42
	add	x0, x0, #1
	hvc	#0x43
1:	b	1b
guest_hvc_end:

/* Stores of every size of x2 to the MMIO page at x1, and of the zero register. */
	guest	mmio_store
	strb	w2, [x1]
	strh	w2, [x1, #2]
	str	w2, [x1, #4]
	str	x2, [x1, #8]
	str	xzr, [x1, #16]
	hvc	#0
1:	b	1b
guest_mmio_store_end:

/* Loads of every size, signed and not, from the MMIO page at x1; one into xzr. */
	guest	mmio_load
	ldrb	w3, [x1]
	ldrsb	x4, [x1]
	ldrsh	w5, [x1]
	ldrh	w6, [x1]
	ldr	w7, [x1]
	ldrsw	x8, [x1]
	ldr	x9, [x1]
	ldr	xzr, [x1]
	ldrsb	w10, [x1]
	hvc	#0
1:	b	1b
guest_mmio_load_end:

/* WFI until one exits (a pending interrupt may let one complete at once). */
	guest	wfi
1:	wfi
	b	1b
guest_wfi_end:

	guest	wfe
	wfe
	hvc	#0
1:	b	1b
guest_wfe_end:

/* Arms its virtual timer to fire in x1 ticks, then HVC #0 and spin with IRQs masked. */
	guest	vtimer_armed
	msr	cntv_tval_el0, x1
	mov	x9, #1
	msr	cntv_ctl_el0, x9
	isb
	hvc	#0
1:	b	1b
guest_vtimer_armed_end:

/*
 * FP/SIMD: FP on at EL1 (CPACR_EL1.FPEN), d0 = x0, HVC #0; then d0 back into
 * x1 and HVC #1: another guest's d0 must not have reached it.
 */
	guest	fpsimd
	mov	x9, #(3 << 20)
	msr	cpacr_el1, x9
	isb
	fmov	d0, x0
	hvc	#0
	fmov	x1, d0
	hvc	#1
1:	b	1b
guest_fpsimd_end:

/*
 * Its own MMU on: a 32-bit address space of four 1 GiB blocks (the table below,
 * in the code page, read by the walker): VA 0-1G and 1G-2G both map IPA 0-1G,
 * VA 2G-3G is a table at IPA 0x20000000, which nothing maps. Then a load from
 * x0 (a VA) and HVC #0 with what it read in x1. Its vectors are at an IPA
 * nothing maps, so an exception it takes itself exits instead of looping. It
 * starts 64-byte aligned so the table keeps its alignment in the copy.
 */
	.balign	64
	guest	mmu_on
	mov	x9, #0x30000000
	msr	vbar_el1, x9
	adr	x9, 2f
	msr	ttbr0_el1, x9
	mov	x9, #0xff			/* MAIR attr0: normal, write-back */
	msr	mair_el1, x9
	ldr	x9, =((1 << 23) | (3 << 12) | (1 << 10) | (1 << 8) | 32)	/* EPD1, SH0, ORGN0, IRGN0, T0SZ 32 */
	msr	tcr_el1, x9
	isb
	mrs	x9, sctlr_el1
	orr	x9, x9, #1			/* M */
	msr	sctlr_el1, x9
	isb
	ldr	w1, [x0]
	hvc	#0
1:	b	1b
	.ltorg
	.balign	32
2:	.quad	0x701				/* block: IPA 0, AF, inner shareable, attr0, EL1 read-write */
	.quad	0x701
	.quad	0x20000003			/* table at IPA 0x20000000 */
	.quad	0
guest_mmu_on_end:

/* WFI then HVC #0, WFE then HVC #1: which of them exit depends on the VCPU's WFx modes. */
	guest	wfx_modes
	wfi
	hvc	#0
	wfe
	hvc	#1
1:	b	1b
guest_wfx_modes_end:

/*
 * Trapped system registers: a PMU read into x5 (MDCR_EL2.TPM), a physical
 * timer write of x0 (CNTHCTL_EL2), a PMU write of xzr; then x5 to the VMM.
 */
	guest	sysreg_trap
	mrs	x5, pmccntr_el0
	msr	cntp_ctl_el0, x0
	msr	pmcr_el0, xzr
	mov	x0, x5
	hvc	#0
1:	b	1b
guest_sysreg_trap_end:

	guest	smc
	smc	#7
	hvc	#0
1:	b	1b
guest_smc_end:

/* Shows the VMM's TPIDR_EL1 in x2, sets TPIDR_EL1 = x0 and VBAR_EL1 = x1, exits, reads them back. */
	guest	sysregs
	mrs	x2, tpidr_el1
	msr	tpidr_el1, x0
	msr	vbar_el1, x1
	hvc	#1
	mrs	x0, tpidr_el1
	mrs	x1, vbar_el1
	hvc	#2
1:	b	1b
guest_sysregs_end:

/* x0 = the word at x1, then x2 is stored there. */
	guest	load_store
	ldr	x0, [x1]
	hvc	#0
	str	x2, [x1]
	hvc	#1
1:	b	1b
guest_load_store_end:

	guest	jump
	br	x1
guest_jump_end:

	guest	spin
1:	b	1b
guest_spin_end:

/*
 * The virq guests' common part, once their CPU interface is on: no interrupt
 * counted yet (x3), HVC #0 says ready, the virtual timer armed for x1 ticks if
 * x1 is not 0, IRQs on, spin.
 */
	.macro	virq_ready_and_spin
	mov	x3, #0
	isb
	hvc	#0
	cbz	x1, 2f
	msr	cntv_tval_el0, x1
	mov	x9, #1
	msr	cntv_ctl_el0, x9
2:	isb
	msr	daifclr, #2
1:	b	1b
	.endm

/*
 * Virtual interrupts (GICv3 guests: ICC_* registers, virtualised by ICH):
 * VBAR_EL1 at the vectors below, priority mask open, group 1 on; HVC #0 says
 * ready; then, if x1 is not 0, the virtual timer fires in x1 ticks; IRQs on,
 * spin. Each interrupt is acknowledged and EOI'd (the timer switched off),
 * then HVC #1 reports its INTID in x0 and the count so far in x3.
 */
	.balign	2048
	guest	virq
	adr	x9, guest_virq + 0x800
	msr	vbar_el1, x9
	mov	x9, #0xff
	msr	icc_pmr_el1, x9
	mov	x9, #1
	msr	icc_igrpen1_el1, x9
	virq_ready_and_spin
	.org	guest_virq + 0xa00	/* current EL, SP_ELx: synchronous */
	hvc	#0xbad
	.org	guest_virq + 0xa80	/* current EL, SP_ELx: IRQ */
	mrs	x0, icc_iar1_el1
	cmp	x0, #27
	b.ne	3f
	msr	cntv_ctl_el0, xzr
3:	msr	icc_eoir1_el1, x0
	add	x3, x3, #1
	hvc	#1
	eret
guest_virq_end:

/*
 * The same for GICv2 guests, whose CPU interface is memory-mapped: x2 is where
 * the VMM mapped the GIC's virtual CPU interface (GICV) as the guest's GICC.
 * Group 0 on, taken as IRQs (FIQEn 0), as a GICv2 guest's interrupts are.
 */
	.balign	2048
	guest	virq_gicv2
	adr	x9, guest_virq_gicv2 + 0x800
	msr	vbar_el1, x9
	mov	w9, #0xf8
	str	w9, [x2, #0x4]		/* GICC_PMR */
	mov	w9, #1
	str	w9, [x2, #0x0]		/* GICC_CTLR: EnableGrp0 */
	virq_ready_and_spin
	.org	guest_virq_gicv2 + 0xa00	/* current EL, SP_ELx: synchronous */
	hvc	#0xbad
	.org	guest_virq_gicv2 + 0xa80	/* current EL, SP_ELx: IRQ */
	ldr	w0, [x2, #0xc]		/* GICC_IAR */
	cmp	w0, #27
	b.ne	3f
	msr	cntv_ctl_el0, xzr
3:	str	w0, [x2, #0x10]		/* GICC_EOIR */
	add	x3, x3, #1
	hvc	#1
	eret
guest_virq_gicv2_end:
