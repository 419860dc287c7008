/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Kauri's system-call ABI (AArch64), shared by the kernel and user code.
 *
 * A system call is `svc #0` with the call number in x7. Arguments and results
 * travel in x0-x6: x0 the capability invoked (or a badge on return), x1 the
 * message info word, x2-x5 message registers 0-3; the rest of a long message
 * is in the thread's IPC buffer. Every other register is preserved.
 */
#ifndef KAURI_SYSCALL_H
#define KAURI_SYSCALL_H

enum kauri_syscall {
	KAURI_SYS_CALL = 1,
	KAURI_SYS_REPLY_RECV = 2,
	KAURI_SYS_SEND = 3,
	KAURI_SYS_NB_SEND = 4,
	KAURI_SYS_RECV = 5,
	KAURI_SYS_NB_RECV = 6,
	KAURI_SYS_REPLY = 7,
	KAURI_SYS_YIELD = 8,
};

/* The registers (xN) of the call number and of the message, as above. */
#define KAURI_SYSCALL_REGISTER	7

/* TCB.SetName: the kernel keeps this many bytes of a name (and a NUL). */
#define KAURI_THREAD_NAME_MAX	23
#define KAURI_CPTR_REGISTER	0	/* the capability invoked */
#define KAURI_BADGE_REGISTER	0	/* on return: the badge */
#define KAURI_INFO_REGISTER	1
#define KAURI_FIRST_MR_REGISTER	2	/* MR0; MR1-MR3 follow */

#endif
