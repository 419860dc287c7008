/* SPDX-License-Identifier: BSD-2-Clause */
/* The printf-style formatting engine behind printk and snprintf (see <klib/printf.h>). */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <klib/printf.h>

#define FLAG_LEFT	(1u << 0)	/* '-': pad on the right */
#define FLAG_ZERO	(1u << 1)	/* '0': pad numbers with zeros */
#define FLAG_PLUS	(1u << 2)	/* '+': "+" before non-negative signed numbers */
#define FLAG_SPACE	(1u << 3)	/* ' ': " " before them, unless '+' */
#define FLAG_ALT	(1u << 4)	/* '#': 0x/0X prefix, leading octal 0 */

#define NO_PRECISION	(-1)
#define MAX_FIELD	INT_MAX		/* widths and precisions saturate here */

enum length_modifier {
	LENGTH_INT, LENGTH_CHAR, LENGTH_SHORT, LENGTH_LONG, LENGTH_LONG_LONG,
	LENGTH_INTMAX, LENGTH_SIZE, LENGTH_PTRDIFF,
};

struct conversion_spec {
	unsigned int flags;
	int width;
	int precision;
	enum length_modifier length;
};

struct format_output {
	format_emit_fn emit;
	void *ctx;
	size_t count;
};

/* %zd reads a size_t and prints it signed; C leaves the type open, this assumes ptrdiff_t's width. */
_Static_assert(sizeof(ptrdiff_t) == sizeof(size_t), "ptrdiff_t and size_t differ in width");

static void put_char(struct format_output *out, char c)
{
	out->emit(out->ctx, c);
	out->count++;
}

static void put_chars(struct format_output *out, const char *s, size_t n)
{
	for (; n; n--, s++)
		put_char(out, *s);
}

static void put_repeated(struct format_output *out, char c, size_t n)
{
	for (; n; n--)
		put_char(out, c);
}

/* How many pad characters bring len characters of content up to the field width. */
static size_t padding(const struct conversion_spec *spec, size_t len)
{
	return (size_t)spec->width > len ? (size_t)spec->width - len : 0;
}

static void put_padded_text(struct format_output *out, const struct conversion_spec *spec,
			    const char *s, size_t len)
{
	size_t pad = padding(spec, len);

	if (!(spec->flags & FLAG_LEFT))
		put_repeated(out, ' ', pad);
	put_chars(out, s, len);
	if (spec->flags & FLAG_LEFT)
		put_repeated(out, ' ', pad);
}

/*
 * Lays out one number: [spaces] prefix [zeros] digits [spaces]. The prefix
 * is a sign, "0x"/"0X" or nothing; zeros come from the precision, from '#'
 * for octal, or from the 0 flag when no precision was given.
 */
static void put_number(struct format_output *out, const struct conversion_spec *spec,
		       uintmax_t magnitude, unsigned int base, bool upper, const char *prefix)
{
	const char *digit_chars = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char digits[(sizeof(uintmax_t) * 8 + 2) / 3];	/* room for octal, the longest */
	size_t ndigits = 0, nprefix = 0, zeros = 0, len;

	/* C: a zero printed with precision 0 has no digits at all. */
	if (magnitude != 0 || spec->precision != 0) {
		do {
			digits[sizeof(digits) - ++ndigits] = digit_chars[magnitude % base];
			magnitude /= base;
		} while (magnitude);
	}
	while (prefix[nprefix])
		nprefix++;

	if (spec->precision != NO_PRECISION && (size_t)spec->precision > ndigits)
		zeros = (size_t)spec->precision - ndigits;
	if (base == 8 && (spec->flags & FLAG_ALT) && zeros == 0 &&
	    (ndigits == 0 || digits[sizeof(digits) - ndigits] != '0'))
		zeros = 1;
	len = nprefix + zeros + ndigits;
	if ((spec->flags & (FLAG_ZERO | FLAG_LEFT)) == FLAG_ZERO && spec->precision == NO_PRECISION) {
		zeros += padding(spec, len);
		len = nprefix + zeros + ndigits;
	}

	if (!(spec->flags & FLAG_LEFT))
		put_repeated(out, ' ', padding(spec, len));
	put_chars(out, prefix, nprefix);
	put_repeated(out, '0', zeros);
	put_chars(out, digits + sizeof(digits) - ndigits, ndigits);
	if (spec->flags & FLAG_LEFT)
		put_repeated(out, ' ', padding(spec, len));
}

static intmax_t fetch_signed(va_list *ap, enum length_modifier length)
{
	switch (length) {
	case LENGTH_CHAR:
		return (signed char)va_arg(*ap, int);
	case LENGTH_SHORT:
		return (short)va_arg(*ap, int);
	case LENGTH_LONG:
		return va_arg(*ap, long);
	case LENGTH_LONG_LONG:
		return va_arg(*ap, long long);
	case LENGTH_INTMAX:
		return va_arg(*ap, intmax_t);
	case LENGTH_SIZE:
		return (ptrdiff_t)va_arg(*ap, size_t);
	case LENGTH_PTRDIFF:
		return va_arg(*ap, ptrdiff_t);
	case LENGTH_INT:
	default:
		return va_arg(*ap, int);
	}
}

static uintmax_t fetch_unsigned(va_list *ap, enum length_modifier length)
{
	switch (length) {
	case LENGTH_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LENGTH_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LENGTH_LONG:
		return va_arg(*ap, unsigned long);
	case LENGTH_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case LENGTH_INTMAX:
		return va_arg(*ap, uintmax_t);
	case LENGTH_SIZE:
		return va_arg(*ap, size_t);
	case LENGTH_PTRDIFF:
		return (size_t)va_arg(*ap, ptrdiff_t);
	case LENGTH_INT:
	default:
		return va_arg(*ap, unsigned int);
	}
}

/* Reads decimal digits at *p, saturating at MAX_FIELD. */
static int parse_field(const char **p)
{
	int value = 0;

	for (; **p >= '0' && **p <= '9'; (*p)++) {
		int digit = **p - '0';

		value = value > (MAX_FIELD - digit) / 10 ? MAX_FIELD : value * 10 + digit;
	}
	return value;
}

/*
 * Parses the flags, width, precision and length of one conversion; p points
 * just past the '%' and is left on the conversion character.
 */
static void parse_spec(const char **p, va_list *ap, struct conversion_spec *spec)
{
	const char *s = *p;

	spec->flags = 0;
	for (;; s++) {
		if (*s == '-')
			spec->flags |= FLAG_LEFT;
		else if (*s == '0')
			spec->flags |= FLAG_ZERO;
		else if (*s == '+')
			spec->flags |= FLAG_PLUS;
		else if (*s == ' ')
			spec->flags |= FLAG_SPACE;
		else if (*s == '#')
			spec->flags |= FLAG_ALT;
		else
			break;
	}

	if (*s == '*') {
		int width = va_arg(*ap, int);

		s++;
		/* C: a negative width from * is the - flag and a positive width. */
		if (width < 0) {
			spec->flags |= FLAG_LEFT;
			width = width == INT_MIN ? MAX_FIELD : -width;
		}
		spec->width = width;
	} else {
		spec->width = parse_field(&s);
	}

	spec->precision = NO_PRECISION;
	if (*s == '.') {
		s++;
		if (*s == '*') {
			int precision = va_arg(*ap, int);

			s++;
			/* C: a negative precision from * counts as none given. */
			spec->precision = precision < 0 ? NO_PRECISION : precision;
		} else {
			spec->precision = parse_field(&s);
		}
	}

	spec->length = LENGTH_INT;
	switch (*s) {
	case 'h':
		s++;
		spec->length = LENGTH_SHORT;
		if (*s == 'h') {
			s++;
			spec->length = LENGTH_CHAR;
		}
		break;
	case 'l':
		s++;
		spec->length = LENGTH_LONG;
		if (*s == 'l') {
			s++;
			spec->length = LENGTH_LONG_LONG;
		}
		break;
	case 'j':
		s++;
		spec->length = LENGTH_INTMAX;
		break;
	case 'z':
		s++;
		spec->length = LENGTH_SIZE;
		break;
	case 't':
		s++;
		spec->length = LENGTH_PTRDIFF;
		break;
	default:
		break;
	}
	*p = s;
}

static void format_signed(struct format_output *out, const struct conversion_spec *spec,
			  intmax_t value)
{
	const char *sign = "";
	/* Negate in unsigned arithmetic so INTMAX_MIN has a magnitude too. */
	uintmax_t magnitude = value < 0 ? -(uintmax_t)value : (uintmax_t)value;

	if (value < 0)
		sign = "-";
	else if (spec->flags & FLAG_PLUS)
		sign = "+";
	else if (spec->flags & FLAG_SPACE)
		sign = " ";
	put_number(out, spec, magnitude, 10, false, sign);
}

/* Handles one conversion character; returns false for one this dialect lacks. */
static bool format_conversion(struct format_output *out, const struct conversion_spec *spec,
			      char conversion, va_list *ap)
{
	switch (conversion) {
	case 'd':
	case 'i':
		format_signed(out, spec, fetch_signed(ap, spec->length));
		return true;
	case 'u':
		put_number(out, spec, fetch_unsigned(ap, spec->length), 10, false, "");
		return true;
	case 'o':
		put_number(out, spec, fetch_unsigned(ap, spec->length), 8, false, "");
		return true;
	case 'x':
	case 'X': {
		uintmax_t value = fetch_unsigned(ap, spec->length);
		bool upper = conversion == 'X';
		const char *prefix = "";

		/* C: '#' adds 0x only to a non-zero value. */
		if ((spec->flags & FLAG_ALT) && value != 0)
			prefix = upper ? "0X" : "0x";
		put_number(out, spec, value, 16, upper, prefix);
		return true;
	}
	case 'p':
		put_number(out, spec, (uintptr_t)va_arg(*ap, void *), 16, false, "0x");
		return true;
	case 'c': {
		char c;

		if (spec->length != LENGTH_INT)
			return false;	/* %lc: no wide characters */
		c = (char)va_arg(*ap, int);
		put_padded_text(out, spec, &c, 1);
		return true;
	}
	case 's': {
		const char *s;
		size_t len = 0;

		if (spec->length != LENGTH_INT)
			return false;	/* %ls: no wide strings */
		s = va_arg(*ap, const char *);
		if (!s)
			s = "(null)";
		/* With a precision the string need not be terminated: read no further. */
		while ((spec->precision == NO_PRECISION || len < (size_t)spec->precision) && s[len])
			len++;
		put_padded_text(out, spec, s, len);
		return true;
	}
	case '%':
		put_char(out, '%');
		return true;
	default:
		return false;
	}
}

int vformat(format_emit_fn emit, void *ctx, const char *fmt, va_list ap_in)
{
	struct format_output out = { .emit = emit, .ctx = ctx, .count = 0 };
	va_list ap;	/* a copy, so helpers can take its address on every ABI */
	const char *p = fmt;

	va_copy(ap, ap_in);
	while (*p) {
		const char *spec_start = p;
		struct conversion_spec spec;

		if (*p != '%') {
			put_char(&out, *p++);
			continue;
		}
		p++;
		parse_spec(&p, &ap, &spec);
		if (*p == '\0') {
			put_chars(&out, spec_start, (size_t)(p - spec_start));
			break;
		}
		if (!format_conversion(&out, &spec, *p, &ap))
			put_chars(&out, spec_start, (size_t)(p + 1 - spec_start));
		p++;
	}
	va_end(ap);
	return out.count > MAX_FIELD ? -1 : (int)out.count;
}

struct buffer_output {
	char *buf;
	size_t size;
	size_t used;
};

/* Keeps the first size - 1 characters; the rest are only counted, by vformat. */
static void emit_to_buffer(void *ctx, char c)
{
	struct buffer_output *b = ctx;

	if (b->used + 1 < b->size)
		b->buf[b->used++] = c;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_output b = { .buf = buf, .size = size, .used = 0 };
	int count = vformat(emit_to_buffer, &b, fmt, ap);

	if (size > 0)
		buf[b.used] = '\0';
	return count;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int count;

	va_start(ap, fmt);
	count = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return count;
}
