/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry of the klib test image for QEMU: a stack, a zeroed .bss, main(), then exit by semihosting. */

	.section .text.start, "ax"
	.global _start
_start:
	ldr	x0, =__stack_top
	mov	sp, x0
	ldr	x0, =__bss_start
	ldr	x1, =__bss_end
1:	cmp	x0, x1
	b.hs	2f
	str	xzr, [x0], #8
	b	1b
2:	bl	main
	bl	semihosting_exit
3:	wfi
	b	3b

/* long semihosting_call(long operation, const void *parameter): HLT #0xF000 is the A64 trap. */
	.text
	.global semihosting_call
semihosting_call:
	hlt	#0xf000
	ret
