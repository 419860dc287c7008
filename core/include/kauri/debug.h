/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri: console output. Apps' lines go to their supervisor (the runtime
 * sets that up before main); a root server's go to the kernel console through
 * its machine capability (KAURI_CAP_MACHINE), which no app holds.
 */
#ifndef KAURI_DEBUG_H
#define KAURI_DEBUG_H

#include <stdarg.h>
#include <stddef.h>
#include <uapi/kauri/types.h>

/* Where kauri_printf writes a character (dropped until the runtime or kauri_root_init says). */
extern void (*kauri_console_putchar)(char c);
/* How libkauri ends the program on a fatal error (stack smashing): an app exits, a root server powers off. */
typedef void __attribute__((noreturn)) (*kauri_exit_fn)(int status);
extern kauri_exit_fn kauri_fatal_exit;
/* printf to the console. */
int kauri_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kauri_vprintf(const char *fmt, va_list ap);

/* A root server's console: whole lines (or 952 bytes) through Machine.Write on KAURI_CAP_MACHINE. */
void kauri_machine_console_putchar(char c);
/* Ends the whole run with STATUS (QEMU exits with it), its console line flushed first. */
void kauri_machine_power_off(kauri_cptr_t machine, int status) __attribute__((noreturn));
void kauri_root_fatal_exit(int status) __attribute__((noreturn));
/* A root server's start: console and fatal errors through its machine capability. */
void kauri_root_init(void);

#endif
