/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: debug output and run control through the kernel's debug system calls. */
#ifndef KAURI_DEBUG_H
#define KAURI_DEBUG_H

#include <kauri/types.h>

void kauri_debug_putchar(char c);
void kauri_debug_puts(const char *s);
/* Ends the whole run (QEMU exits with STATUS); for tests. */
void kauri_debug_exit(int status) __attribute__((noreturn));
/* Names THREAD (a TCB cptr) in kernel messages such as fault reports. */
void kauri_debug_name_thread(kauri_cptr_t thread, const char *name);
/* printf to the debug console (kernel UART), a whole line per system call batch. */
int kauri_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
