/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Root server entry: the kernel starts it here with sp set and x0 = the
 * BootInfo frame. The kernel zeroed .bss; kauri_root_init points the console
 * at the machine capability, then kauri_start runs.
 */
	.section ".text.start", "ax"
	.globl	_start
_start:
	mov	x29, xzr
	mov	x30, xzr
	mov	x19, x0
	bl	kauri_root_init
	mov	x0, x19
	bl	kauri_start
1:	b	1b
