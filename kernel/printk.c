/* SPDX-License-Identifier: BSD-2-Clause */
/* Formatted kernel output on the debug UART; no allocation, no floating point. */
#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <drivers/uart.h>
#include <kernel/printk.h>

struct format_spec {
	bool left;
	bool zero;
	unsigned int width;
	int length;		/* 0: int, 1: long, 2: long long, 3: size_t */
};

static int emit_padded(const char *s, size_t len, const struct format_spec *spec)
{
	size_t pad = spec->width > len ? spec->width - len : 0;
	char fill = spec->zero && !spec->left ? '0' : ' ';
	int count = 0;

	if (!spec->left)
		for (; pad; pad--, count++)
			debug_uart_putc(fill);
	for (size_t i = 0; i < len; i++, count++)
		debug_uart_putc(s[i]);
	for (; pad; pad--, count++)
		debug_uart_putc(' ');
	return count;
}

static int emit_number(uint64_t value, bool negative, unsigned int base, bool upper,
		       const struct format_spec *spec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	size_t pos = sizeof(buf);
	int count = 0;

	do {
		buf[--pos] = digits[value % base];
		value /= base;
	} while (value);
	if (negative) {
		struct format_spec rest = *spec;

		if (spec->zero && !spec->left) {
			debug_uart_putc('-');
			rest.width = spec->width ? spec->width - 1 : 0;
			return 1 + emit_padded(buf + pos, sizeof(buf) - pos, &rest);
		}
		buf[--pos] = '-';
	}
	count += emit_padded(buf + pos, sizeof(buf) - pos, spec);
	return count;
}

static uint64_t fetch_unsigned(va_list *ap, int length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, unsigned int);
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, size_t);
	}
}

static int64_t fetch_signed(va_list *ap, int length)
{
	switch (length) {
	case 0:
		return va_arg(*ap, int);
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	default:
		return (int64_t)va_arg(*ap, size_t);
	}
}

int vprintk(const char *fmt, va_list ap_in)
{
	va_list ap;
	int count = 0;

	va_copy(ap, ap_in);
	for (const char *p = fmt; *p; p++) {
		struct format_spec spec = { 0 };

		if (*p != '%') {
			debug_uart_putc(*p);
			count++;
			continue;
		}
		for (p++; *p == '-' || *p == '0'; p++) {
			if (*p == '-')
				spec.left = true;
			else
				spec.zero = true;
		}
		for (; *p >= '0' && *p <= '9'; p++)
			spec.width = spec.width * 10 + (unsigned int)(*p - '0');
		for (; *p == 'l' || *p == 'z'; p++)
			spec.length = *p == 'z' ? 3 : spec.length + 1;

		switch (*p) {
		case 'c': {
			char c = (char)va_arg(ap, int);

			count += emit_padded(&c, 1, &spec);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t len = 0;

			if (!s)
				s = "(null)";
			while (s[len])
				len++;
			count += emit_padded(s, len, &spec);
			break;
		}
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&ap, spec.length);

			count += emit_number(v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false, &spec);
			break;
		}
		case 'u':
			count += emit_number(fetch_unsigned(&ap, spec.length), false, 10, false, &spec);
			break;
		case 'x':
		case 'X':
			count += emit_number(fetch_unsigned(&ap, spec.length), false, 16, *p == 'X', &spec);
			break;
		case 'p':
			debug_uart_putc('0');
			debug_uart_putc('x');
			count += 2 + emit_number((uintptr_t)va_arg(ap, void *), false, 16, false, &spec);
			break;
		case '%':
			debug_uart_putc('%');
			count++;
			break;
		case '\0':
			p--;	/* a lone '%' at the end */
			break;
		default:
			/* Unknown conversion: show it as written. */
			debug_uart_putc('%');
			debug_uart_putc(*p);
			count += 2;
			break;
		}
	}
	va_end(ap);
	return count;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int count;

	va_start(ap, fmt);
	count = vprintk(fmt, ap);
	va_end(ap);
	return count;
}
