/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: debug output and run control through the kernel's debug system calls. */
#ifndef KAURI_DEBUG_H
#define KAURI_DEBUG_H

#include <stddef.h>
#include <kauri/syscall.h>
#include <kauri/types.h>

void kauri_debug_putchar(char c);
void kauri_debug_puts(const char *s);
/* LEN bytes (at most 960) written to the debug console in one piece. */
void kauri_debug_write(const char *text, size_t len);
/* Ends the whole run (QEMU exits with STATUS); for tests. */
void kauri_debug_exit(int status) __attribute__((noreturn));
/* Names THREAD (a TCB cptr) in kernel messages such as fault reports; longer names are cut. */
void kauri_debug_name_thread(kauri_cptr_t thread, const char *name);
/* Where kauri_printf writes: kauri_debug_putchar, unless the runtime set the console server's. */
extern void (*kauri_console_putchar)(char c);
/* printf to the console. */
int kauri_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
