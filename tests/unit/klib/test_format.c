/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests for lib/libc/printf.c: vformat and snprintf, against the host libc and exact strings. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "klib_api.h"
#include "format_cases.h"

#define BUF_SIZE 512

/* ---- exact expectations ---- */

/* Formats with klib_vsnprintf and fails at the caller's file:line unless the result is expected. */
static void check_format(const char *file, int line, const char *expected, const char *fmt, ...)
{
	char buf[BUF_SIZE];
	size_t expected_len = strlen(expected);
	va_list ap;
	int ret;

	memset(buf, 0x5a, sizeof(buf));
	va_start(ap, fmt);
	ret = klib_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (ret != (int)expected_len || strcmp(buf, expected) != 0)
		fail_msg("%s:%d: format \"%s\" gave \"%s\" (%d), expected \"%s\" (%zu)", file, line,
			 fmt, buf, ret, expected, expected_len);
}

#define EXPECT(expected, ...) check_format(__FILE__, __LINE__, expected, __VA_ARGS__)
/* For the shared lists in format_cases.h: a failure names the format and the expected output. */
#define EXPECT_CASE(expected, ...) EXPECT(expected, __VA_ARGS__);

static void test_int_limits(void **state)
{
	(void)state;
	INT_LIMITS_CASES(EXPECT_CASE)
}

static void test_long_and_long_long_limits(void **state)
{
	(void)state;
	LONG_AND_LONG_LONG_LIMITS_CASES(EXPECT_CASE)
}

static void test_width_and_precision_combinations(void **state)
{
	(void)state;
	WIDTH_AND_PRECISION_COMBINATIONS_CASES(EXPECT_CASE)
}

static void test_zero_with_precision_zero(void **state)
{
	(void)state;
	ZERO_WITH_PRECISION_ZERO_CASES(EXPECT_CASE)
}

static void test_hex_alternate_form(void **state)
{
	(void)state;
	HEX_ALTERNATE_FORM_CASES(EXPECT_CASE)
}

static void test_octal_alternate_form(void **state)
{
	(void)state;
	OCTAL_ALTERNATE_FORM_CASES(EXPECT_CASE)
}

static void test_length_modifiers_truncate(void **state)
{
	(void)state;
	LENGTH_MODIFIERS_TRUNCATE_CASES(EXPECT_CASE)
}

static void test_star_width_and_precision(void **state)
{
	(void)state;
	STAR_WIDTH_AND_PRECISION_CASES(EXPECT_CASE)
}

static void test_string_conversion(void **state)
{
	(void)state;
	STRING_CONVERSION_CASES(EXPECT_CASE)
}

static void test_string_null(void **state)
{
	(void)state;
	STRING_NULL_CASES(EXPECT_CASE)
}

/* With a precision, %s may be handed bytes without a NUL: ASan fails the test on any overread. */
static void test_string_precision_reads_no_further(void **state)
{
	char *unterminated = malloc(3);

	(void)state;
	assert_non_null(unterminated);
	memcpy(unterminated, "abc", 3);
	EXPECT("abc", "%.3s", unterminated);
	EXPECT("ab", "%.2s", unterminated);
	EXPECT("  abc", "%5.3s", unterminated);
	free(unterminated);
}

static void test_char_conversion(void **state)
{
	(void)state;
	CHAR_CONVERSION_CASES(EXPECT_CASE)
}

/* %c of 0 produces a NUL character: it counts, and snprintf still terminates after it. */
static void test_char_nul_is_counted(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	assert_int_equal(klib_snprintf(buf, sizeof(buf), "a%cb", 0), 3);
	assert_memory_equal(buf, "a\0b\0", 4);
	assert_int_equal(buf[4], 'z');
}

static void test_pointer_conversion(void **state)
{
	(void)state;
	POINTER_CONVERSION_CASES(EXPECT_CASE)
}

static void test_percent(void **state)
{
	(void)state;
	PERCENT_CASES(EXPECT_CASE)
}

/* Conversions this dialect lacks print as written and consume no argument. */
static void test_unknown_conversions(void **state)
{
	(void)state;
	UNKNOWN_CONVERSIONS_CASES(EXPECT_CASE)
}

static void test_trailing_percent(void **state)
{
	(void)state;
	TRAILING_PERCENT_CASES(EXPECT_CASE)
}

static void test_empty_and_plain_formats(void **state)
{
	(void)state;
	EMPTY_AND_PLAIN_FORMATS_CASES(EXPECT_CASE)
}

/* Each conversion consumes exactly its own argument: a sentinel after them comes out right. */
static void test_arguments_stay_in_step(void **state)
{
	(void)state;
	ARGUMENTS_STAY_IN_STEP_CASES(EXPECT_CASE)
}

/* ---- snprintf's C99 contract ---- */

static void test_snprintf_size_zero_writes_nothing(void **state)
{
	char buf[4] = "xyz";

	(void)state;
	assert_int_equal(klib_snprintf(NULL, 0, "hello %d", 42), 8);
	assert_int_equal(klib_snprintf(buf, 0, "hello"), 5);
	assert_string_equal(buf, "xyz");
}

static void test_snprintf_size_one_is_just_nul(void **state)
{
	char buf[4] = "xyz";

	(void)state;
	assert_int_equal(klib_snprintf(buf, 1, "hello"), 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'y');
}

/* Every size from 0 to past the end: the prefix that fits, a NUL, nothing written beyond. */
static void test_snprintf_truncates_at_every_size(void **state)
{
	const char *full = "value=-42 name=kauri";
	size_t len = strlen(full);

	(void)state;
	for (size_t size = 0; size <= len + 3; size++) {
		char buf[64];
		size_t kept = size == 0 ? 0 : (size - 1 < len ? size - 1 : len);

		memset(buf, '#', sizeof(buf));
		assert_int_equal(klib_snprintf(buf, size, "value=%d name=%s", -42, "kauri"), len);
		assert_memory_equal(buf, full, kept);
		if (size > 0)
			assert_int_equal(buf[kept], '\0');
		for (size_t i = size; i < sizeof(buf); i++)
			assert_int_equal(buf[i], '#');
	}
}

static void test_snprintf_returns_full_length_of_long_output(void **state)
{
	char buf[16];

	(void)state;
	assert_int_equal(klib_snprintf(buf, sizeof(buf), "%300d", 7), 300);
	assert_string_equal(buf, "               ");
	assert_int_equal(klib_snprintf(buf, sizeof(buf), "%-300d", 7), 300);
	assert_string_equal(buf, "7              ");
}

/* vsnprintf through a va_list, as a variadic wrapper of the caller's uses it. */
static int format_via_wrapper(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = klib_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return ret;
}

static void test_vsnprintf_takes_a_va_list(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(format_via_wrapper(buf, sizeof(buf), "%s:%u: %s", "boot.c", 42u, "ok"), 13);
	assert_string_equal(buf, "boot.c:42: ok");
	assert_int_equal(format_via_wrapper(buf, 5, "%s:%u", "boot.c", 42u), 9);
	assert_string_equal(buf, "boot");
}

/* ---- vformat's emitter interface ---- */

struct recorder {
	char text[64];
	size_t calls;
	int ctx_ok;
};

static void record_char(void *ctx, char c)
{
	struct recorder *r = ctx;

	r->ctx_ok = r->ctx_ok && r->calls < sizeof(r->text);
	if (r->calls < sizeof(r->text))
		r->text[r->calls] = c;
	r->calls++;
}

static int format_to_recorder(struct recorder *r, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = klib_vformat(record_char, r, fmt, ap);
	va_end(ap);
	return ret;
}

static void test_vformat_emits_each_char_once_in_order(void **state)
{
	struct recorder r = { .calls = 0, .ctx_ok = 1 };

	(void)state;
	assert_int_equal(format_to_recorder(&r, "[%5s|%-3d|%#x]", "ab", 7, 26u), 16);
	assert_int_equal(r.calls, 16);
	assert_true(r.ctx_ok);
	assert_memory_equal(r.text, "[   ab|7  |0x1a]", 16);
}

static void test_vformat_emits_no_terminator(void **state)
{
	struct recorder r = { .calls = 0, .ctx_ok = 1 };

	(void)state;
	assert_int_equal(format_to_recorder(&r, ""), 0);
	assert_int_equal(r.calls, 0);
	assert_int_equal(format_to_recorder(&r, "%s", ""), 0);
	assert_int_equal(r.calls, 0);
}

/* ---- the host libc as the oracle ---- */

/* Compares klib's output with the host's for one format already applied to both; fails with both. */
static void compare_outputs(const char *what, const char *fmt, int host_ret, const char *host_buf,
			    int klib_ret, const char *klib_buf)
{
	if (host_ret != klib_ret || host_ret < 0 ||
	    memcmp(host_buf, klib_buf, (size_t)host_ret + 1) != 0)
		fail_msg("format \"%s\" (%s): host \"%s\" (%d), klib \"%s\" (%d)", fmt, what, host_buf,
			 host_ret, klib_buf, klib_ret);
}

#define ORACLE_CALL(what, fmt, ...) do {						\
		char host_buf[BUF_SIZE], klib_buf[BUF_SIZE];				\
		int host_ret = snprintf(host_buf, sizeof(host_buf), fmt, __VA_ARGS__);	\
		int klib_ret = klib_snprintf(klib_buf, sizeof(klib_buf), fmt, __VA_ARGS__); \
		compare_outputs(what, fmt, host_ret, host_buf, klib_ret, klib_buf);	\
		oracle_comparisons++;							\
	} while (0)

static unsigned long oracle_comparisons;

enum oracle_length { OL_INT, OL_HH, OL_H, OL_L, OL_LL, OL_J, OL_Z, OL_T, OL_COUNT };

static const char *const length_text[OL_COUNT] = { "", "hh", "h", "l", "ll", "j", "z", "t" };

/* Integer bit patterns around every boundary the conversions care about. */
static const uint64_t oracle_values[] = {
	0, 1, 2, 7, 8, 9, 10, 15, 16, 42, 99, 100, 127, 128, 255, 256, 1000, 4095, 32767, 32768,
	65535, 65536, 999999, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
	0x0123456789abcdefULL, 0xfedcba9876543210ULL, 0x7fffffffffffffffULL,
	0x8000000000000000ULL, 0xffffffffffffffffULL, (uint64_t)-2, (uint64_t)-42,
	(uint64_t)-128, (uint64_t)-129, (uint64_t)-32768, (uint64_t)-1000000,
};

/* Passes the value as the type the length modifier names (hh and h take a promoted int). */
static void oracle_integer(const char *fmt, enum oracle_length length, uint64_t bits)
{
	switch (length) {
	case OL_INT:
	case OL_HH:
	case OL_H:
		ORACLE_CALL("int", fmt, (int)bits);
		break;
	case OL_L:
		ORACLE_CALL("long", fmt, (long)bits);
		break;
	case OL_LL:
		ORACLE_CALL("long long", fmt, (long long)bits);
		break;
	case OL_J:
		ORACLE_CALL("intmax_t", fmt, (intmax_t)bits);
		break;
	case OL_Z:
		ORACLE_CALL("size_t", fmt, (size_t)bits);
		break;
	case OL_T:
	default:
		ORACLE_CALL("ptrdiff_t", fmt, (ptrdiff_t)bits);
		break;
	}
}

/*
 * Every combination of flags, width, precision and length for one conversion,
 * with every value. C leaves '#' undefined for d, i and u, so those skip it.
 */
static void oracle_conversion(char conversion)
{
	static const char flag_chars[] = "-0+ #";
	static const char *const widths[] = { "", "1", "7", "25" };
	static const char *const precisions[] = { "", ".", ".0", ".1", ".3", ".22" };
	int alt_allowed = conversion == 'x' || conversion == 'X' || conversion == 'o';
	unsigned long before = oracle_comparisons;

	for (unsigned int mask = 0; mask < 32; mask++) {
		char flags[8];
		size_t nflags = 0;

		if ((mask & 16) && !alt_allowed)
			continue;
		for (unsigned int bit = 0; bit < 5; bit++)
			if (mask & (1u << bit))
				flags[nflags++] = flag_chars[bit];
		flags[nflags] = '\0';
		for (size_t w = 0; w < sizeof(widths) / sizeof(widths[0]); w++)
			for (size_t p = 0; p < sizeof(precisions) / sizeof(precisions[0]); p++)
				for (int length = 0; length < OL_COUNT; length++) {
					char fmt[32];

					snprintf(fmt, sizeof(fmt), "<%%%s%s%s%s%c>", flags, widths[w],
						 precisions[p], length_text[length], conversion);
					for (size_t v = 0; v < sizeof(oracle_values) / sizeof(oracle_values[0]); v++)
						oracle_integer(fmt, (enum oracle_length)length,
							       oracle_values[v]);
				}
	}
	/* The loops above must really have run: a test that compares nothing proves nothing. */
	assert_true(oracle_comparisons - before > 10000);
}

static void test_oracle_d(void **state)
{
	(void)state;
	oracle_conversion('d');
}

static void test_oracle_i(void **state)
{
	(void)state;
	oracle_conversion('i');
}

static void test_oracle_u(void **state)
{
	(void)state;
	oracle_conversion('u');
}

static void test_oracle_x(void **state)
{
	(void)state;
	oracle_conversion('x');
}

static void test_oracle_X(void **state)
{
	(void)state;
	oracle_conversion('X');
}

static void test_oracle_o(void **state)
{
	(void)state;
	oracle_conversion('o');
}

static void test_oracle_star_width_and_precision(void **state)
{
	static const char *const formats[] = { "%*.*d", "%-*.*d", "%0*.*d", "%+*.*i", "%#*.*x",
					       "%#0*.*o", "%*.*u", "%*.*s" };

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (int width = -30; width <= 30; width += 3)
			for (int precision = -3; precision <= 25; precision += 2) {
				if (formats[f][strlen(formats[f]) - 1] == 's')
					ORACLE_CALL("star", formats[f], width, precision,
						    "capability-based");
				else
					ORACLE_CALL("star", formats[f], width, precision, -12345);
			}
}

static void test_oracle_strings(void **state)
{
	static const char *const formats[] = {
		"%s", "%1s", "%5s", "%16s", "%-5s|", "%-16s|", "%.0s", "%.1s", "%.5s", "%.30s",
		"%8.3s", "%-8.3s|", "%3.8s", "%.s", "[%s][%s]",
	};
	static const char *const strings[] = { "", "a", "kauri", "capability-based", "tab\there" };

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (size_t s = 0; s < sizeof(strings) / sizeof(strings[0]); s++)
			ORACLE_CALL("string", formats[f], strings[s], strings[(s + 1) % 5]);
}

static void test_oracle_chars(void **state)
{
	static const char *const formats[] = { "%c", "%1c", "%4c", "%-4c|", "[%c%c]", "%c%%" };
	static const int chars[] = { 'a', 'Z', ' ', '%', '0', 0x7f, 0xe9, 0x1ff };

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (size_t c = 0; c < sizeof(chars) / sizeof(chars[0]); c++)
			ORACLE_CALL("char", formats[f], chars[c], chars[(c + 1) % 8]);
}

/* glibc prints a non-NULL %p as %#lx; our %p matches it there (NULL differs: "(nil)"). */
static void test_oracle_pointers(void **state)
{
	static const char *const formats[] = { "%p", "%3p", "%20p", "%-20p|", "[%p %p]" };
	static const uintptr_t pointers[] = { 1, 0xf, 0x1000, 0x40080000, 0xffffff8040087140ULL,
					      UINTPTR_MAX };

	(void)state;
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++)
		for (size_t p = 0; p < sizeof(pointers) / sizeof(pointers[0]); p++)
			ORACLE_CALL("pointer", formats[f], (void *)pointers[p],
				    (void *)pointers[(p + 1) % 6]);
}

/* Whole lines as kernel code writes them, several conversions each. */
static void test_oracle_mixed_lines(void **state)
{
	(void)state;
	ORACLE_CALL("line", "  memory:   0x%lx-0x%lx (%lu MiB)\n", 0x40000000UL, 0x7fffffffUL,
		    1024UL);
	ORACLE_CALL("line", "  x%-2d 0x%016lx  x%-2d 0x%016lx\n", 4, 0xdeadUL, 5,
		    0xffffffffffffffffUL);
	ORACLE_CALL("line", "kernel: %s: unknown system call %ld pc 0x%lx; thread stopped\n",
		    "hello", -1L, 0x400123UL);
	ORACLE_CALL("line", "%s%s", "", "msg_server");
	ORACLE_CALL("line", "%-10s|%10s|%.3s", "left", "right", "truncated");
	ORACLE_CALL("line", "%5d%%|%-5u%%|%05x", 99, 100u, 0xabcu);
	ORACLE_CALL("line", "%zu bytes at %#zx, %td apart", (size_t)4096, (size_t)0x80000,
		    (ptrdiff_t)-64);
	ORACLE_CALL("line", "%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
	ORACLE_CALL("line", "[% d] [% d] [%+d] [%+d]", 5, -5, 5, -5);
	ORACLE_CALL("line", "%#o %#x %#X %#.0o %#.0x", 0u, 0u, 0u, 0u, 0u);
	ORACLE_CALL("line", "%lld %llu %llx", LLONG_MIN, ULLONG_MAX, 0x1234ULL);
	ORACLE_CALL("line", "%c%c%c %s", 'k', 'o', 's', "2023.11");
	/*
	 * Compilers warn that these flags are ignored and (clang) that hh/h take
	 * an int here; checking that the flags are ignored and that the value is
	 * cut down to char/short is the point.
	 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	ORACLE_CALL("line", "%08.3d|%-08.3d|%+08.3d", 7, 7, 7);
	ORACLE_CALL("line", "%hhd %hhu %hd %hu", -200, 511, 70000, -1);
#pragma GCC diagnostic pop
	ORACLE_CALL("line", "%.12d %.12i %.12u %.12x %.12o", -1, INT_MIN, UINT_MAX, UINT_MAX,
		    UINT_MAX);
}

/* Truncated output matches the host's at every buffer size, NUL included. */
static void test_oracle_truncation(void **state)
{
	(void)state;
	for (size_t size = 0; size <= 40; size++) {
		char host_buf[48], klib_buf[48];
		int host_ret, klib_ret;

		memset(host_buf, '#', sizeof(host_buf));
		memset(klib_buf, '#', sizeof(klib_buf));
		host_ret = snprintf(host_buf, size, "%-6s|%+08d|%#x|%c", "kauri", -1234, 0xbeefu, 'z');
		klib_ret = klib_snprintf(klib_buf, size, "%-6s|%+08d|%#x|%c", "kauri", -1234,
					 0xbeefu, 'z');
		assert_int_equal(klib_ret, host_ret);
		assert_memory_equal(klib_buf, host_buf, sizeof(host_buf));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_limits),
		cmocka_unit_test(test_long_and_long_long_limits),
		cmocka_unit_test(test_width_and_precision_combinations),
		cmocka_unit_test(test_zero_with_precision_zero),
		cmocka_unit_test(test_hex_alternate_form),
		cmocka_unit_test(test_octal_alternate_form),
		cmocka_unit_test(test_length_modifiers_truncate),
		cmocka_unit_test(test_star_width_and_precision),
		cmocka_unit_test(test_string_conversion),
		cmocka_unit_test(test_string_null),
		cmocka_unit_test(test_string_precision_reads_no_further),
		cmocka_unit_test(test_char_conversion),
		cmocka_unit_test(test_char_nul_is_counted),
		cmocka_unit_test(test_pointer_conversion),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_unknown_conversions),
		cmocka_unit_test(test_trailing_percent),
		cmocka_unit_test(test_empty_and_plain_formats),
		cmocka_unit_test(test_arguments_stay_in_step),
		cmocka_unit_test(test_snprintf_size_zero_writes_nothing),
		cmocka_unit_test(test_snprintf_size_one_is_just_nul),
		cmocka_unit_test(test_snprintf_truncates_at_every_size),
		cmocka_unit_test(test_snprintf_returns_full_length_of_long_output),
		cmocka_unit_test(test_vsnprintf_takes_a_va_list),
		cmocka_unit_test(test_vformat_emits_each_char_once_in_order),
		cmocka_unit_test(test_vformat_emits_no_terminator),
		cmocka_unit_test(test_oracle_d),
		cmocka_unit_test(test_oracle_i),
		cmocka_unit_test(test_oracle_u),
		cmocka_unit_test(test_oracle_x),
		cmocka_unit_test(test_oracle_X),
		cmocka_unit_test(test_oracle_o),
		cmocka_unit_test(test_oracle_star_width_and_precision),
		cmocka_unit_test(test_oracle_strings),
		cmocka_unit_test(test_oracle_chars),
		cmocka_unit_test(test_oracle_pointers),
		cmocka_unit_test(test_oracle_mixed_lines),
		cmocka_unit_test(test_oracle_truncation),
	};

	return cmocka_run_group_tests_name("klib format", tests, NULL, NULL);
}
