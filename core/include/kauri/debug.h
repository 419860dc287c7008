/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: debug output and run control through the kernel's debug system calls. */
#ifndef KAURI_DEBUG_H
#define KAURI_DEBUG_H

void kauri_debug_putchar(char c);
void kauri_debug_puts(const char *s);
/* Ends the whole run (QEMU exits with STATUS); for tests. */
void kauri_debug_exit(int status) __attribute__((noreturn));
void kauri_yield(void);

#endif
