/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel console output on the debug UART. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

/*
 * printf without floating point; the dialect is vformat's, described in
 * <klib/printf.h>. Returns the number of characters written.
 */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

#endif
