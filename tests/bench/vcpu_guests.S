/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guests of the VCPU exit benchmark (vcpu.c): endless loops that exit on
 * every pass, copied to one page the guest runs from at EL1 with its MMU off.
 * x0 is an unmapped IPA (the MMIO loops' device), set by the VMM.
 */
	.macro	bench_guest name
	.globl	bench_guest_\name
	.globl	bench_guest_\name\()_end
	.balign	4
bench_guest_\name:
	.endm

	.text

/* HVC #0 with the virtual counter read just before it in x1 (the VMM splits the round trip with it). */
	bench_guest hvc
1:	isb
	mrs	x1, cntvct_el0
	hvc	#0
	b	1b
bench_guest_hvc_end:

	bench_guest mmio_load
1:	ldr	w1, [x0]
	b	1b
bench_guest_mmio_load_end:

	bench_guest mmio_store
1:	str	w1, [x0]
	b	1b
bench_guest_mmio_store_end:

/*
 * Virtual interrupts: the vector table at +0x800 (VBAR_EL1 is 2 KiB aligned,
 * and the guest's page starts here), the GICv3 CPU interface open, IRQs on;
 * then HVC #0 in a loop. The IRQ vector exits at once (HVC #1), then
 * acknowledges, EOIs and returns into the loop.
 */
	.balign	2048
	bench_guest virq
	adr	x9, bench_guest_virq + 0x800
	msr	vbar_el1, x9
	mov	x9, #0xff
	msr	icc_pmr_el1, x9
	mov	x9, #1
	msr	icc_igrpen1_el1, x9
	isb
	msr	daifclr, #2
1:	hvc	#0
	b	1b
	.org	bench_guest_virq + 0xa00	/* current EL, SP_ELx: synchronous (not expected) */
	hvc	#0xbad
	.org	bench_guest_virq + 0xa80	/* current EL, SP_ELx: IRQ */
	hvc	#1
	mrs	x0, icc_iar1_el1
	msr	icc_eoir1_el1, x0
	eret
bench_guest_virq_end:
