/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Memory and string functions for the kernel and libkauri. gcc emits calls to
 * memcpy/memset for struct copies even in freestanding code, and libfdt needs
 * the rest. Built with -fno-tree-loop-distribute-patterns so gcc cannot turn
 * these loops back into calls to themselves.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A 64-bit word that may alias any object, for the word-at-a-time loops. */
typedef uint64_t __attribute__((may_alias)) alias_word;

/*
 * Copies upwards, an aligned word at a time when both pointers allow it. Also
 * safe for memmove when dst is below src: with both 8-aligned they are at
 * least a word apart, so a store never lands on source bytes not yet read.
 */
static void copy_upwards(unsigned char *d, const unsigned char *s, size_t n)
{
	if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
		/* Four words a round, all loaded before any is stored: gcc makes them two ldp and two stp. */
		for (; n >= 32; n -= 32, d += 32, s += 32) {
			const alias_word *from = (const alias_word *)s;
			alias_word *to = (alias_word *)d;
			uint64_t w0 = from[0], w1 = from[1], w2 = from[2], w3 = from[3];

			to[0] = w0;
			to[1] = w1;
			to[2] = w2;
			to[3] = w3;
		}
		for (; n >= 8; n -= 8, d += 8, s += 8)
			*(alias_word *)d = *(const alias_word *)s;
	}
	while (n--)
		*d++ = *s++;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	copy_upwards(dst, src, n);
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	/* Upwards is safe unless dst starts inside [src, src + n). */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		copy_upwards(d, s, n);
		return dst;
	}
	while (n--)
		d[n] = s[n];
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (((uintptr_t)d & 7) == 0) {
		uint64_t pattern = (unsigned char)c * 0x0101010101010101ULL;

		for (; n >= 32; n -= 32, d += 32) {
			((alias_word *)d)[0] = pattern;
			((alias_word *)d)[1] = pattern;
			((alias_word *)d)[2] = pattern;
			((alias_word *)d)[3] = pattern;
		}
		for (; n >= 8; n -= 8, d += 8)
			*(alias_word *)d = pattern;
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

static unsigned int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'z')
		return (unsigned int)(c - 'a' + 10);
	if (c >= 'A' && c <= 'Z')
		return (unsigned int)(c - 'A' + 10);
	return 99;	/* above every base */
}

static int is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');	/* \t \n \v \f \r */
}

/*
 * C's strtoul without errno: an overflow returns ULONG_MAX (and *end still
 * points past every digit); an invalid base or no digits returns 0 with *end
 * = s. A leading '-' negates the result in unsigned arithmetic, as C says.
 */
unsigned long strtoul(const char *s, char **end, int base)
{
	const char *digits;
	unsigned long value = 0;
	unsigned int radix;
	int negative = 0, overflow = 0;

	if (end)
		*end = (char *)s;
	if (base < 0 || base == 1 || base > 36)
		return 0;

	digits = s;
	while (is_space(*digits))
		digits++;
	if (*digits == '+' || *digits == '-')
		negative = *digits++ == '-';
	/* "0x" counts as a prefix only if a hex digit follows; else the '0' is the number. */
	if ((base == 0 || base == 16) && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') &&
	    digit_value(digits[2]) < 16) {
		digits += 2;
		base = 16;
	} else if (base == 0) {
		base = digits[0] == '0' ? 8 : 10;
	}
	radix = (unsigned int)base;
	if (digit_value(*digits) >= radix)
		return 0;

	for (; digit_value(*digits) < radix; digits++) {
		unsigned long digit = digit_value(*digits);

		if (value > (ULONG_MAX - digit) / radix)
			overflow = 1;
		else
			value = value * radix + digit;
	}
	if (end)
		*end = (char *)digits;
	if (overflow)
		return ULONG_MAX;
	return negative ? -value : value;
}
