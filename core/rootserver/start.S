/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root server entry: the kernel starts it here with sp set and x0 = the
 * BootInfo frame. The kernel zeroed .bss, so kauri_start runs directly.
 */
	.section ".text.start", "ax"
	.globl	_start
_start:
	mov	x29, xzr
	mov	x30, xzr
	bl	kauri_start
1:	b	1b
