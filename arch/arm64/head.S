/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Image entry. The boot stage (.boot.*, linked and run at its physical load
 * address) carries the arm64 Image header, sets up EL2/EL1, builds 1 GiB-block
 * boot page tables, turns the MMU on and jumps to kernel_entry, which runs in
 * the kernel window (KERNEL_WINDOW + pa) and calls kernel_main(dtb, entry_el).
 */
#include <arch/sysreg.h>
#include <arch/memory.h>

/* Image header flags: little endian, 4 KiB pages, placed at RAM start + text_offset. */
#define IMAGE_FLAGS	(1 << 1)

#define BOOT_TABLES	4		/* L0/L1 identity, L0/L1 kernel window */

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

	.section ".boot.text", "ax"
primary_entry:
	mov	x19, x0				/* DTB from the loader, or 0 */
	mrs	x20, CurrentEL
	ubfx	x20, x20, #2, #2		/* entry exception level */
	adr	x1, boot_stack_top
	mov	sp, x1
	cmp	x20, #2
	b.ne	el1_entry

	mov	x1, #CPTR_EL2_NO_TRAPS
	msr	cptr_el2, x1
	mov	x1, #CNTHCTL_EL2_EL1_ACCESS
	msr	cnthctl_el2, x1
	msr	cntvoff_el2, xzr
#ifdef CONFIG_HYP
	/* EL0 still obeys CPACR_EL1 for FP/SIMD when HCR_EL2.TGE=1 without VHE. */
	mov	x1, #CPACR_EL1_FPEN
	msr	cpacr_el1, x1
	ldr	x1, =SCTLR_EL2_RES1		/* MMU and caches off until the tables exist */
	msr	sctlr_el2, x1
	isb
	bl	build_boot_tables
	ldr	x1, =MAIR_VALUE
	msr	mair_el2, x1
	mrs	x1, id_aa64mmfr0_el1
	bl	clamp_pa_range
	ldr	x2, =TCR_EL2_VALUE
	bfi	x2, x1, #TCR_EL2_PS_SHIFT, #3
	msr	tcr_el2, x2
	adr	x1, boot_l0_identity		/* one range: identity and window share L0 */
	msr	ttbr0_el2, x1
	isb
	tlbi	alle2
	dsb	sy
	isb
	ldr	x1, =(SCTLR_EL2_RES1 | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el2, x1
	isb
	b	enter_kernel_window
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
	ldr	x1, =SCTLR_EL1_RES1		/* MMU and caches off until the tables exist */
	msr	sctlr_el1, x1
	mov	x1, #CPACR_EL1_FPEN
	msr	cpacr_el1, x1
	isb
	bl	build_boot_tables
	ldr	x1, =MAIR_VALUE
	msr	mair_el1, x1
	mrs	x1, id_aa64mmfr0_el1
	bl	clamp_pa_range
	ldr	x2, =TCR_EL1_VALUE
	bfi	x2, x1, #TCR_EL1_IPS_SHIFT, #3
	msr	tcr_el1, x2
	adr	x1, boot_l0_identity
	msr	ttbr0_el1, x1
	adr	x1, boot_l0_window
	msr	ttbr1_el1, x1
	isb
	tlbi	vmalle1
	dsb	sy
	isb
	ldr	x1, =(SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I)
	msr	sctlr_el1, x1
	isb

enter_kernel_window:
	ldr	x1, =kernel_entry
	br	x1

/* x1 = ID_AA64MMFR0; returns PARange in x1, at most 48 bits (0b101). */
clamp_pa_range:
	and	x1, x1, #0xf
	cmp	x1, #5
	mov	x2, #5
	csel	x1, x1, x2, ls
	ret

/*
 * map_block L0, L1, VA, PA, ATTRS: one 1 GiB block VA -> PA through the given
 * level-0 and level-1 tables. Clobbers x9, x10.
 */
	.macro	map_block l0, l1, va, pa, attrs
	ubfx	x9, \va, #39, #9
	orr	x10, \l1, #DESC_TABLE
	str	x10, [\l0, x9, lsl #3]
	ubfx	x9, \va, #30, #9
	bic	x10, \pa, #0x3fffffff
	orr	x10, x10, \attrs
	str	x10, [\l1, x9, lsl #3]
	.endm

/*
 * Boot page tables, in 1 GiB blocks: the image's block at its physical address
 * (to survive turning the MMU on) and, in the kernel window, the debug UART's
 * block as device memory and the image's and the DTB's blocks as normal memory.
 * The kernel replaces them once it knows the memory map.
 */
build_boot_tables:
	adr	x1, boot_l0_identity
	mov	x2, #(BOOT_TABLES * PAGE_SIZE)
1:	stp	xzr, xzr, [x1], #16
	subs	x2, x2, #16
	b.ne	1b

	adr	x3, boot_l0_identity
	adr	x4, boot_l1_identity
#ifdef CONFIG_HYP
	mov	x5, x3				/* EL2: the window lives in the same L0 */
#else
	adr	x5, boot_l0_window
#endif
	adr	x6, boot_l1_window
	/*
	 * The regime-specific bits (see arch/memory.h) follow where we run, not
	 * CONFIG_HYP, so a HYP image entered at EL1 still gets far enough to say
	 * what is wrong.
	 */
	ldr	x7, =(DESC_NORMAL_BASE | DESC_BLOCK)
	ldr	x8, =(DESC_DEVICE_BASE | DESC_BLOCK)
	mrs	x9, CurrentEL
	cmp	x9, #(2 << 2)
	b.ne	1f
	orr	x7, x7, #DESC_AP_EL0
	orr	x8, x8, #DESC_AP_EL0
	b	2f
1:	orr	x7, x7, #DESC_UXN
	orr	x8, x8, #DESC_PXN
2:
	ldr	x11, =KERNEL_WINDOW

	adr	x12, _head			/* the image, identity */
	map_block x3, x4, x12, x12, x7

	ldr	x12, =CONFIG_DEBUG_UART_BASE	/* the debug UART, window */
	add	x13, x12, x11
	map_block x5, x6, x13, x12, x8

	adr	x12, _head			/* the image, window */
	add	x13, x12, x11
	map_block x5, x6, x13, x12, x7

	cbz	x19, 4f				/* the DTB, window */
	add	x13, x19, x11
	map_block x5, x6, x13, x19, x7

	/* Drop any stale cache lines over the tables before the walker reads them. */
4:	adr	x1, boot_l0_identity
	add	x2, x1, #(BOOT_TABLES * PAGE_SIZE)
3:	dc	ivac, x1
	add	x1, x1, #64
	cmp	x1, x2
	b.lo	3b
	dsb	sy
	ret

	.ltorg

	.section ".boot.bss", "aw", %nobits
	.balign	PAGE_SIZE
boot_l0_identity:
	.space	PAGE_SIZE
boot_l1_identity:
	.space	PAGE_SIZE
boot_l0_window:
	.space	PAGE_SIZE
boot_l1_window:
	.space	PAGE_SIZE
	.balign	16
boot_stack:
	.space	1024
boot_stack_top:

/* From here on the kernel runs in the window. */
	.text
kernel_entry:
	ldr	x1, =__kernel_stack_top
	mov	sp, x1
	ldr	x1, =__bss_start
	ldr	x2, =__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	adr	x1, kernel_vectors
	cmp	x20, #2
#ifdef CONFIG_HYP
	b.ne	3f
	msr	vbar_el2, x1
	b	4f
#endif
3:	msr	vbar_el1, x1
4:	isb
	mov	x0, x19
	mov	x1, x20
	bl	kernel_main
5:	wfi
	b	5b

	.bss
	.balign	16
__kernel_stack:
	.space	CONFIG_BOOT_STACK_SIZE
	.globl	__kernel_stack_top
__kernel_stack_top:

/*
 * Physical addresses of boot-stage objects, for C code in the window (which
 * adrp cannot reach from there): the image's start and the window's L1 table.
 */
	.section ".rodata", "a"
	.balign	8
	.globl	image_phys_start
image_phys_start:
	.quad	_text
	.globl	boot_l1_window_phys
boot_l1_window_phys:
	.quad	boot_l1_window
