/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri: system calls. Message registers are read and written with
 * kauri_get_mr()/kauri_set_mr() (the IPC buffer); the stubs move MR0-3
 * between the buffer and x2-x5 around the svc. A thread's IPC buffer address
 * lives in TPIDR_EL0.
 */
#ifndef KAURI_SYSCALLS_H
#define KAURI_SYSCALLS_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/kauri/syscall.h>
#include <uapi/kauri/types.h>

static inline struct kauri_ipc_buffer *kauri_ipc_buffer(void)
{
	struct kauri_ipc_buffer *buffer;

	__asm__ volatile("mrs %0, tpidr_el0" : "=r"(buffer));
	return buffer;
}

static inline kauri_word_t kauri_get_mr(unsigned int i)
{
	return kauri_ipc_buffer()->msg[i];
}

static inline void kauri_set_mr(unsigned int i, kauri_word_t value)
{
	kauri_ipc_buffer()->msg[i] = value;
}

static inline void kauri_set_cap(unsigned int i, kauri_cptr_t cptr)
{
	kauri_ipc_buffer()->caps_or_badges[i] = cptr;
}

/*
 * Text in message registers: LEN bytes from MR FIRST on, 8 per register,
 * little-endian. Returns how many registers that takes.
 */
unsigned int kauri_set_mr_text(unsigned int first, const char *text, size_t len);
/* The LEN bytes from MR FIRST on into OUT (not NUL-terminated). */
void kauri_get_mr_text(unsigned int first, char *out, size_t len);
/*
 * A text message: MR0 the length, MR1.. the LEN bytes. kauri_call_text sends
 * one with LABEL to DEST and returns the reply's info; kauri_get_text copies
 * the text of a received one (its message info INFO) into OUT and returns its
 * length, or -KAURI_PROTOCOL_BAD_REQUEST (kauri/lib_error.h) when it is longer
 * than MAX or the message too short to hold it.
 */
kauri_word_t kauri_call_text(kauri_cptr_t dest, kauri_word_t label, const char *text, size_t len);
long kauri_get_text(kauri_word_t info, char *out, size_t max);
/*
 * Replaces control characters (all but tab, and DEL) in TEXT by '?', so text
 * from an app cannot start a line of its own, move the cursor or colour a
 * terminal; returns how many it replaced.
 */
size_t kauri_text_neutralise(char *text, size_t len);

/* One system call: x0 (cap or badge) and x1 (message info) in and out, MR0-3 via the buffer. */
static inline void kauri_syscall(enum kauri_syscall number, kauri_word_t *x0, kauri_word_t *x1)
{
	struct kauri_ipc_buffer *b = kauri_ipc_buffer();
	register kauri_word_t r0 __asm__("x0") = *x0;
	register kauri_word_t r1 __asm__("x1") = *x1;
	register kauri_word_t r2 __asm__("x2") = b->msg[0];
	register kauri_word_t r3 __asm__("x3") = b->msg[1];
	register kauri_word_t r4 __asm__("x4") = b->msg[2];
	register kauri_word_t r5 __asm__("x5") = b->msg[3];
	register kauri_word_t r7 __asm__("x7") = (kauri_word_t)number;

	__asm__ volatile("svc #0" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5) : "r"(r7) : "memory");
	b->msg[0] = r2;
	b->msg[1] = r3;
	b->msg[2] = r4;
	b->msg[3] = r5;
	*x0 = r0;
	*x1 = r1;
}

/* Sends INFO's message to DEST and waits for the reply; returns the reply's info. */
static inline kauri_word_t kauri_call(kauri_cptr_t dest, kauri_word_t info)
{
	kauri_syscall(KAURI_SYS_CALL, &dest, &info);
	return info;
}

static inline void kauri_send(kauri_cptr_t dest, kauri_word_t info)
{
	kauri_syscall(KAURI_SYS_SEND, &dest, &info);
}

static inline void kauri_nbsend(kauri_cptr_t dest, kauri_word_t info)
{
	kauri_syscall(KAURI_SYS_NB_SEND, &dest, &info);
}

/* Waits on SRC (endpoint or notification); returns the message info, the badge in *BADGE. */
static inline kauri_word_t kauri_recv(kauri_cptr_t src, kauri_word_t *badge)
{
	kauri_word_t info = 0;

	kauri_syscall(KAURI_SYS_RECV, &src, &info);
	if (badge)
		*badge = src;
	return info;
}

static inline kauri_word_t kauri_nbrecv(kauri_cptr_t src, kauri_word_t *badge)
{
	kauri_word_t info = 0;

	kauri_syscall(KAURI_SYS_NB_RECV, &src, &info);
	if (badge)
		*badge = src;
	return info;
}

static inline void kauri_reply(kauri_word_t info)
{
	kauri_word_t x0 = 0;

	kauri_syscall(KAURI_SYS_REPLY, &x0, &info);
}

static inline kauri_word_t kauri_reply_recv(kauri_cptr_t src, kauri_word_t info, kauri_word_t *badge)
{
	kauri_syscall(KAURI_SYS_REPLY_RECV, &src, &info);
	if (badge)
		*badge = src;
	return info;
}

static inline void kauri_signal(kauri_cptr_t ntfn)
{
	kauri_send(ntfn, 0);
}

static inline kauri_word_t kauri_wait(kauri_cptr_t ntfn)
{
	kauri_word_t badge;

	kauri_recv(ntfn, &badge);
	return badge;
}

static inline kauri_word_t kauri_poll(kauri_cptr_t ntfn)
{
	kauri_word_t badge;

	kauri_nbrecv(ntfn, &badge);
	return badge;
}

static inline void kauri_yield(void)
{
	kauri_word_t x0 = 0, x1 = 0;

	kauri_syscall(KAURI_SYS_YIELD, &x0, &x1);
}

#endif
