/* SPDX-License-Identifier: BSD-2-Clause */
/* The part of <stdlib.h> the kernel provides: number parsing (libfdt uses strtoul). */
#ifndef KERNEL_STDLIB_H
#define KERNEL_STDLIB_H

/*
 * C's strtoul, minus errno and locales: bases 0 and 2..36, optional
 * whitespace, sign and 0x prefix. Overflow returns ULONG_MAX with *end past
 * all the digits; no digits (or a bad base) returns 0 with *end = s.
 */
unsigned long strtoul(const char *s, char **end, int base);

#endif
