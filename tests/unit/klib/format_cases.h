/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The formatter's exact expectations, shared by the host tests (test_format.c)
 * and the AArch64 run under QEMU (target/format_on_target.c). Each list is an
 * X-macro: X(expected output, format, arguments...). Only <limits.h>, <stddef.h>
 * and <stdint.h> names appear, which both sides have.
 */
#ifndef KLIB_FORMAT_CASES_H
#define KLIB_FORMAT_CASES_H

#define INT_LIMITS_CASES(X) \
	X("-2147483648", "%d", INT_MIN) \
	X("2147483647", "%i", INT_MAX) \
	X("4294967295", "%u", UINT_MAX) \
	X("-2147483648|", "%-11d|", INT_MIN) \
	X("-0002147483648", "%014d", INT_MIN) \
	X("-2147483648", "%+d", INT_MIN) \
	X("80000000", "%x", (unsigned int)INT_MIN)

#define LONG_AND_LONG_LONG_LIMITS_CASES(X) \
	X("-9223372036854775808", "%lld", LLONG_MIN) \
	X("9223372036854775807", "%lld", LLONG_MAX) \
	X("-9223372036854775808", "%ld", LONG_MIN) \
	X("-9223372036854775808", "%jd", INTMAX_MIN) \
	X("18446744073709551615", "%llu", ULLONG_MAX) \
	X("ffffffffffffffff", "%llx", ULLONG_MAX) \
	X("FFFFFFFFFFFFFFFF", "%lX", ULONG_MAX) \
	X("1777777777777777777777", "%llo", ULLONG_MAX) \
	X("01777777777777777777777", "%#llo", ULLONG_MAX) \
	X("-9223372036854775808", "%.19lld", LLONG_MIN) \
	X("-09223372036854775808", "%.20lld", LLONG_MIN)

#define WIDTH_AND_PRECISION_COMBINATIONS_CASES(X) \
	X("     005", "%8.3d", 5) \
	X("005     |", "%-8.3d|", 5) \
	X("     005", "%08.3d", 5)	/* a precision turns the 0 flag off */ \
	X("00000005", "%08d", 5) \
	X("-0000005", "%08d", -5) \
	X("    -005", "%8.3d", -5) \
	X("-5      |", "%-08d|", -5)	/* - beats 0 */ \
	X(" 0042", "% 05d", 42) \
	X("+0042", "%+05d", 42) \
	X("+42", "%+ d", 42)		/* + beats space */ \
	X("+42  |", "%-+5d|", 42) \
	X("12345", "%3d", 12345)	/* width is a minimum */ \
	X("0000012345", "%.10d", 12345)

#define ZERO_WITH_PRECISION_ZERO_CASES(X) \
	X("", "%.0d", 0) \
	X("", "%.d", 0) \
	X("     ", "%5.0d", 0) \
	X("+", "%+.0d", 0) \
	X(" ", "% .0i", 0) \
	X("", "%.0u", 0) \
	X("", "%.0x", 0) \
	X("", "%#.0x", 0) \
	X("0", "%#.0o", 0)	/* '#' keeps one octal digit */ \
	X("1", "%.0d", 1)

#define HEX_ALTERNATE_FORM_CASES(X) \
	X("0", "%#x", 0) \
	X("0xff", "%#x", 255) \
	X("0XFF", "%#X", 255) \
	X("0x0000ff", "%#08x", 255) \
	X("0x00ff", "%#.4x", 255) \
	X("  0x00ff", "%#8.4x", 255) \
	X("0xff    |", "%-#8x|", 255) \
	X("deadbeef", "%x", 0xdeadbeefu) \
	X("DEADBEEF", "%X", 0xdeadbeefu)

#define OCTAL_ALTERNATE_FORM_CASES(X) \
	X("10", "%o", 8) \
	X("010", "%#o", 8) \
	X("0", "%#o", 0) \
	X("010", "%#.3o", 8)	/* precision already gives the leading 0 */ \
	X("0010", "%#.4o", 8) \
	X("  010", "%#5o", 8) \
	X("00010", "%#05o", 8) \
	X("37777777777", "%o", UINT_MAX)

#define LENGTH_MODIFIERS_TRUNCATE_CASES(X) \
	X("-1", "%hhd", 255) \
	X("44", "%hhd", 300) \
	X("0", "%hhu", 256) \
	X("ff", "%hhx", -1) \
	X("-1", "%hd", 65535) \
	X("-32768", "%hd", 32768) \
	X("2345", "%hx", 0x12345) \
	X("65535", "%hu", -1) \
	X("18446744073709551615", "%zu", SIZE_MAX) \
	X("-1", "%zd", SIZE_MAX) \
	X("ffffffffffffffff", "%zx", (size_t)-1) \
	X("-5", "%td", (ptrdiff_t)-5) \
	X("fffffffffffffffb", "%tx", (ptrdiff_t)-5) \
	X("123456789abcdef0", "%jx", (uintmax_t)0x123456789abcdef0ULL) \
	X("4294967296", "%lu", 4294967296UL)

#define STAR_WIDTH_AND_PRECISION_CASES(X) \
	X("   42", "%*d", 5, 42) \
	X("42   |", "%*d|", -5, 42)	/* negative width: left-justify */ \
	X("42   |", "%-*d|", -5, 42) \
	X("00042", "%.*d", 5, 42) \
	X("42", "%.*d", -1, 42)		/* negative precision: none given */ \
	X("00042", "%05.*d", -1, 42)	/* ... so the 0 flag is back */ \
	X("kau", "%.*s", 3, "kauri") \
	X("   00042", "%*.*d", 8, 5, 42) \
	X("  kau|", "%*.*s|", 5, 3, "kauri") \
	X("x    7", "%c%*d", 'x', 5, 7)	/* the star's argument comes before the value */

#define STRING_CONVERSION_CASES(X) \
	X("kauri", "%s", "kauri") \
	X("   kauri", "%8s", "kauri") \
	X("kauri   |", "%-8s|", "kauri") \
	X("ka", "%.2s", "kauri") \
	X("      ka", "%8.2s", "kauri") \
	X("", "%.0s", "kauri") \
	X("", "%s", "") \
	X("   ab", "%05s", "ab")	/* the 0 flag pads numbers only */

#define STRING_NULL_CASES(X) \
	X("(null)", "%s", (char *)NULL) \
	X("  (null)", "%8s", (char *)NULL) \
	X("(null)  |", "%-8s|", (char *)NULL) \
	X("(nu", "%.3s", (char *)NULL)

#define CHAR_CONVERSION_CASES(X) \
	X("A", "%c", 'A') \
	X("  A", "%3c", 'A') \
	X("A  |", "%-3c|", 'A') \
	X("    x", "%05c", 'x') \
	X("\xe9", "%c", 0xe9) \
	X("a", "%c", 0x161)	/* converted to unsigned char */

#define POINTER_CONVERSION_CASES(X) \
	X("0x0", "%p", NULL) \
	X("0x1234", "%p", (void *)0x1234) \
	X("    0x1234", "%10p", (void *)0x1234) \
	X("0x1234    |", "%-10p|", (void *)0x1234) \
	X("0x00001234", "%010p", (void *)0x1234) \
	X("0x00001234", "%.8p", (void *)0x1234) \
	X("0x1234", "%+p", (void *)0x1234)	/* sign flags do not apply */ \
	X("0x1234", "% p", (void *)0x1234) \
	X("0xffffffffffffffff", "%p", (void *)UINTPTR_MAX) \
	X("0xdeadbeef", "%#p", (void *)0xdeadbeef)

#define PERCENT_CASES(X) \
	X("%", "%%") \
	X("100%", "100%%") \
	X("%%", "%%%%") \
	X("%7", "%%%d", 7) \
	X("%", "%5%")	/* flags and width on %% are ignored */ \
	X("%|", "%-5%|")

/* Conversions this dialect lacks print as written and consume no argument. */
#define UNKNOWN_CONVERSIONS_CASES(X) \
	X("%y", "%y") \
	X("%5y", "%5y") \
	X("%-08.3hy", "%-08.3hy") \
	X("%ly", "%ly") \
	X("%n7", "%n%d", 7) \
	X("%f|7", "%f|%d", 7) \
	X("%Lf", "%Lf") \
	X("[%q]", "[%q]") \
	X("%ls|%lc|%hhs", "%ls|%lc|%hhs")	/* no wide characters */ \
	X("%*y9", "%*y%d", 3, 9)	/* the star's int was read before the unknown character */

#define TRAILING_PERCENT_CASES(X) \
	X("%", "%") \
	X("abc%", "abc%") \
	X("abc%-5", "abc%-5") \
	X("7%.", "%d%.", 7) \
	X("%ll", "%ll")

#define EMPTY_AND_PLAIN_FORMATS_CASES(X) \
	X("", "") \
	X("plain text, no conversions", "plain text, no conversions") \
	X("tab\tnewline\n", "tab\tnewline\n")

/* Each conversion consumes exactly its own argument: a sentinel after them comes out right. */
#define ARGUMENTS_STAY_IN_STEP_CASES(X) \
	X("-1 kauri c ff 0x10 7 377 99 12 -3 sentinel", \
	  "%d %s %c %x %p %u %o %hhu %zu %td %s", -1, "kauri", 'c', 255u, (void *)0x10, 7u, \
	  0377u, 99, (size_t)12, (ptrdiff_t)-3, "sentinel") \
	X("1 2 3 4 5 end", "%hhd %hd %ld %lld %jd %s", 1, 2, 3L, 4LL, (intmax_t)5, "end")

/* Every list above, for the target run. */
#define ALL_FORMAT_CASES(X) \
	INT_LIMITS_CASES(X) \
	LONG_AND_LONG_LONG_LIMITS_CASES(X) \
	WIDTH_AND_PRECISION_COMBINATIONS_CASES(X) \
	ZERO_WITH_PRECISION_ZERO_CASES(X) \
	HEX_ALTERNATE_FORM_CASES(X) \
	OCTAL_ALTERNATE_FORM_CASES(X) \
	LENGTH_MODIFIERS_TRUNCATE_CASES(X) \
	STAR_WIDTH_AND_PRECISION_CASES(X) \
	STRING_CONVERSION_CASES(X) \
	STRING_NULL_CASES(X) \
	CHAR_CONVERSION_CASES(X) \
	POINTER_CONVERSION_CASES(X) \
	PERCENT_CASES(X) \
	UNKNOWN_CONVERSIONS_CASES(X) \
	TRAILING_PERCENT_CASES(X) \
	EMPTY_AND_PLAIN_FORMATS_CASES(X) \
	ARGUMENTS_STAY_IN_STEP_CASES(X)

#endif
