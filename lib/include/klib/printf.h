/* SPDX-License-Identifier: BSD-2-Clause */
/* printf-style formatting for the kernel and libkauri: one engine, any output, no <stdio.h>. */
#ifndef KLIB_PRINTF_H
#define KLIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * The dialect (C99 printf minus floating point):
 *   conversions  %c %s %d %i %u %x %X %o %p %%
 *   flags        - 0 + space #     width and precision as digits or *
 *   lengths      hh h l ll z j t
 * Differences from C:
 *   - No floating point (%e %f %g %a): the kernel has no FP registers.
 *     Like any conversion not listed above (%n, and %lc/%ls: no wide
 *     characters), they are printed as written, from the '%' on, and
 *     consume no argument (a '*' before them has already consumed its int).
 *   - %s of NULL prints "(null)", cut by a precision like any string.
 *   - %p prints "0x" and the address in lower-case hex ("0x0" for NULL);
 *     width, precision and the - and 0 flags apply, + and space do not.
 *   - A '%' that ends the format is printed as written.
 *   - The 0 flag pads only numbers; %c and %s pad with spaces.
 */

/* Called once per character produced, in order. */
typedef void (*format_emit_fn)(void *ctx, char c);

/*
 * Formats fmt with ap, passing each character to emit(ctx, c). Returns the
 * number of characters produced, or -1 if that exceeds INT_MAX (the output
 * is still produced in full).
 */
int vformat(format_emit_fn emit, void *ctx, const char *fmt, va_list ap);

/*
 * C99 vsnprintf/snprintf: writes at most size - 1 characters and a NUL into
 * buf (nothing when size is 0, and buf may then be NULL); returns the length
 * the whole output has, so a result >= size means it was truncated.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
