/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Image entry: the arm64 Linux Image header (so QEMU passes a DTB in x0 and
 * U-Boot's booti accepts the image), then EL2/EL1 set-up, stack, .bss, and a
 * call to early_main(dtb, entry_el).
 */
#include <arch/sysreg.h>

/* Image header flags: little endian, 4 KiB pages, placed at RAM start + text_offset. */
#define IMAGE_FLAGS	(1 << 1)

	.section ".head.text", "ax"
	.globl	_head
_head:
	b	primary_entry			/* code0 */
	.long	0				/* code1 */
	.quad	CONFIG_KERNEL_TEXT_OFFSET	/* text_offset */
	.quad	_image_size			/* image_size, from the linker script */
	.quad	IMAGE_FLAGS			/* flags */
	.quad	0, 0, 0				/* res2 - res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5: no PE header */

	.text
primary_entry:
	mov	x19, x0				/* DTB from the loader, or 0 */
	mrs	x20, CurrentEL
	ubfx	x20, x20, #2, #2		/* entry exception level */
	cmp	x20, #2
	b.ne	el1_entry

	msr	cptr_el2, xzr
	mov	x1, #CPTR_EL2_NO_TRAPS
	msr	cptr_el2, x1
	mov	x1, #CNTHCTL_EL2_EL1_ACCESS
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
#ifdef CONFIG_HYP
	/* Stay at EL2: MMU and caches off, our vectors. */
	ldr	x1, =SCTLR_EL2_RES1
	msr	sctlr_el2, x1
	adr	x1, early_vectors
	msr	vbar_el2, x1
	isb
	b	common_entry
#else
	/* Drop to EL1 (AArch64), interrupts masked, no stage 2. */
	mov	x1, #HCR_EL2_RW
	msr	hcr_el2, x1
	msr	vttbr_el2, xzr
	ldr	x1, =SCTLR_EL1_RES1
	msr	sctlr_el1, x1
	mov	x1, #SPSR_EL1H_MASKED
	msr	spsr_el2, x1
	adr	x1, el1_entry
	msr	elr_el2, x1
	eret
#endif

el1_entry:
	cmp	x20, #2
	b.eq	1f
	ldr	x1, =SCTLR_EL1_RES1		/* entered at EL1: MMU and caches off */
	msr	sctlr_el1, x1
1:	mov	x1, #CPACR_EL1_FPEN
	msr	cpacr_el1, x1
	adr	x1, early_vectors
	msr	vbar_el1, x1
	isb

common_entry:
	ldr	x1, =__boot_stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
2:	cmp	x1, x2
	b.hs	3f
	str	xzr, [x1], #8
	b	2b
3:	mov	x0, x19
	mov	x1, x20
	bl	early_main
4:	wfi
	b	4b

/*
 * Early exception vectors: any exception before the kernel installs its own is
 * a bug in boot code; report which vector fired and stop.
 */
	.macro	early_vector index
	.balign	0x80
	mov	x0, #\index
	b	early_exception
	.endm

	.balign	0x800
early_vectors:
	.irp	i, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
	early_vector \i
	.endr

	.bss
	.balign	16
__boot_stack:
	.space	CONFIG_BOOT_STACK_SIZE
__boot_stack_top:
