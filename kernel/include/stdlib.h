/* SPDX-License-Identifier: BSD-2-Clause */
/* The part of <stdlib.h> the kernel provides: number parsing (libfdt uses strtoul). */
#ifndef KERNEL_STDLIB_H
#define KERNEL_STDLIB_H

unsigned long strtoul(const char *s, char **end, int base);

#endif
