/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * User program entry: the kernel (for the root server) or the root server
 * (for apps) starts a thread here with sp set and x0 = its start argument.
 * The loader zeroes .bss, so main runs directly; returning from it exits.
 */
	.section ".text.start", "ax"
	.globl	_start
_start:
	mov	x29, xzr
	mov	x30, xzr
	bl	kauri_start
1:	b	1b
