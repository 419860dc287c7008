/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel console output on the debug UART. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

/* printf subset: %c %s %d %i %u %x %X %p %%, flags 0 and -, width, l/ll/z. */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list ap);

#endif
