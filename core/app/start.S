/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * App entry: the root server starts an app here with sp pointing at argc,
 * then argv[], NULL, envp[], NULL (as Linux does) and TPIDR_EL0 = its IPC buffer.
 */
	.section ".text.start", "ax"
	.globl	_start
_start:
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, sp
	bl	kauri_app_start
1:	b	1b
