/* SPDX-License-Identifier: BSD-2-Clause */
/* Host tests for lib/libc/string.c: mem* and str* functions and strtoul, against the C standard. */
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

#define POOL_SIZE 96

/* A recognisable byte pattern, so a misplaced copy shows. */
static void fill_pattern(unsigned char *buf, size_t n, unsigned int seed)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)(seed + i * 7 + 1);
}

static void test_memcpy_returns_dst_and_copies(void **state)
{
	char dst[16] = "xxxxxxxxxxxxxxx";

	(void)state;
	assert_ptr_equal(klib_memcpy(dst, "hello", 5), dst);
	assert_memory_equal(dst, "helloxxxxxxxxxx", 16);
}

static void test_memcpy_zero_length_touches_nothing(void **state)
{
	unsigned char dst[4] = { 1, 2, 3, 4 };

	(void)state;
	assert_ptr_equal(klib_memcpy(dst, "zzzz", 0), dst);
	assert_memory_equal(dst, "\x01\x02\x03\x04", 4);
}

/* Every alignment of source and destination, and lengths across the word loop. */
static void test_memcpy_all_alignments_and_lengths(void **state)
{
	unsigned char src[POOL_SIZE], dst[POOL_SIZE], expected[POOL_SIZE];

	(void)state;
	for (size_t s_off = 0; s_off < 8; s_off++)
		for (size_t d_off = 0; d_off < 8; d_off++)
			for (size_t n = 0; n <= 40; n++) {
				fill_pattern(src, sizeof(src), 3);
				memset(dst, 0xee, sizeof(dst));
				memcpy(expected, dst, sizeof(dst));
				memcpy(expected + d_off, src + s_off, n);
				klib_memcpy(dst + d_off, src + s_off, n);
				assert_memory_equal(dst, expected, sizeof(dst));
			}
}

static void test_memmove_overlap_dst_above_src(void **state)
{
	char buf[] = "abcdefghij";

	(void)state;
	assert_ptr_equal(klib_memmove(buf + 2, buf, 6), buf + 2);
	assert_string_equal(buf, "ababcdefij");
}

static void test_memmove_overlap_dst_below_src(void **state)
{
	char buf[] = "abcdefghij";

	(void)state;
	assert_ptr_equal(klib_memmove(buf, buf + 3, 7), buf);
	assert_string_equal(buf, "defghijhij");
}

/* Aligned and one word apart: the word loop runs on overlapping memory in both directions. */
static void test_memmove_overlap_by_one_word(void **state)
{
	uint64_t words[6];
	unsigned char expected[sizeof(words)];

	(void)state;
	fill_pattern((unsigned char *)words, sizeof(words), 11);
	memcpy(expected, words, sizeof(words));
	memmove(expected, expected + 8, 40);
	klib_memmove(words, (unsigned char *)words + 8, 40);
	assert_memory_equal(words, expected, sizeof(words));

	fill_pattern((unsigned char *)words, sizeof(words), 11);
	memcpy(expected, words, sizeof(words));
	memmove(expected + 8, expected, 40);
	klib_memmove((unsigned char *)words + 8, words, 40);
	assert_memory_equal(words, expected, sizeof(words));
}

static void test_memmove_same_pointer(void **state)
{
	char buf[] = "unchanged";

	(void)state;
	assert_ptr_equal(klib_memmove(buf, buf, sizeof(buf)), buf);
	assert_string_equal(buf, "unchanged");
}

/* Every offset between -20 and +20 bytes and lengths up to 40, against the host's memmove. */
static void test_memmove_all_overlaps(void **state)
{
	unsigned char buf[POOL_SIZE], expected[POOL_SIZE];

	(void)state;
	for (int delta = -20; delta <= 20; delta++)
		for (size_t base = 24; base < 32; base++)
			for (size_t n = 0; n <= 40; n++) {
				fill_pattern(buf, sizeof(buf), (unsigned int)(base + n));
				memcpy(expected, buf, sizeof(buf));
				memmove(expected + base + delta, expected + base, n);
				klib_memmove(buf + base + delta, buf + base, n);
				assert_memory_equal(buf, expected, sizeof(buf));
			}
}

static void test_memset_fills_and_stops(void **state)
{
	unsigned char buf[POOL_SIZE], expected[POOL_SIZE];

	(void)state;
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 40; n++) {
			memset(buf, 0x11, sizeof(buf));
			memset(expected, 0x11, sizeof(expected));
			memset(expected + off, 0xa5, n);
			assert_ptr_equal(klib_memset(buf + off, 0xa5, n), buf + off);
			assert_memory_equal(buf, expected, sizeof(buf));
		}
}

static void test_memset_uses_low_byte_of_value(void **state)
{
	unsigned char buf[16] = { 0 };

	(void)state;
	klib_memset(buf, 0x1ff, 16);
	for (size_t i = 0; i < 16; i++)
		assert_int_equal(buf[i], 0xff);
	klib_memset(buf, -2, 9);
	assert_int_equal(buf[0], 0xfe);
	assert_int_equal(buf[8], 0xfe);
	assert_int_equal(buf[9], 0xff);
}

static void test_memcmp_orders_bytes_as_unsigned(void **state)
{
	(void)state;
	assert_int_equal(klib_memcmp("abc", "abc", 3), 0);
	assert_true(klib_memcmp("abc", "abd", 3) < 0);
	assert_true(klib_memcmp("abd", "abc", 3) > 0);
	/* 0x80 is above 0x01 even where char is signed. */
	assert_true(klib_memcmp("\x80", "\x01", 1) > 0);
	assert_true(klib_memcmp("\x01", "\xff", 1) < 0);
	/* Bytes past n are not compared; a NUL is compared like any byte. */
	assert_int_equal(klib_memcmp("abX", "abY", 2), 0);
	assert_true(klib_memcmp("a\0b", "a\0c", 3) < 0);
	assert_int_equal(klib_memcmp("x", "y", 0), 0);
}

static void test_memchr_finds_first_within_n(void **state)
{
	const char buf[] = "abcabc\xff";

	(void)state;
	assert_ptr_equal(klib_memchr(buf, 'c', 6), buf + 2);
	assert_null(klib_memchr(buf, 'c', 2));
	assert_null(klib_memchr(buf, 'z', sizeof(buf)));
	assert_ptr_equal(klib_memchr(buf, 0, sizeof(buf)), buf + 7);
	/* c is converted to unsigned char: 0x161 finds 'a', -1 finds 0xff. */
	assert_ptr_equal(klib_memchr(buf, 0x161, 6), buf);
	assert_ptr_equal(klib_memchr(buf, -1, sizeof(buf)), buf + 6);
	assert_null(klib_memchr(buf, 'a', 0));
}

static void test_strlen_and_strnlen(void **state)
{
	(void)state;
	assert_int_equal(klib_strlen(""), 0);
	assert_int_equal(klib_strlen("kauri"), 5);
	assert_int_equal(klib_strnlen("kauri", 3), 3);
	assert_int_equal(klib_strnlen("kauri", 5), 5);
	assert_int_equal(klib_strnlen("kauri", 100), 5);
	assert_int_equal(klib_strnlen("kauri", 0), 0);
}

/* strnlen must not read past max: the bytes here have no NUL at all. */
static void test_strnlen_reads_no_further_than_max(void **state)
{
	char *unterminated = malloc(4);

	(void)state;
	assert_non_null(unterminated);
	memcpy(unterminated, "abcd", 4);
	assert_int_equal(klib_strnlen(unterminated, 4), 4);
	free(unterminated);
}

static void test_strcmp_orders_and_ends(void **state)
{
	(void)state;
	assert_int_equal(klib_strcmp("", ""), 0);
	assert_int_equal(klib_strcmp("kauri", "kauri"), 0);
	assert_true(klib_strcmp("kau", "kauri") < 0);
	assert_true(klib_strcmp("kauri", "kau") > 0);
	assert_true(klib_strcmp("abc", "abd") < 0);
	assert_true(klib_strcmp("\xe9", "e") > 0);	/* unsigned comparison */
}

static void test_strncmp_stops_at_n_and_nul(void **state)
{
	(void)state;
	assert_int_equal(klib_strncmp("abcX", "abcY", 3), 0);
	assert_true(klib_strncmp("abcX", "abcY", 4) < 0);
	assert_int_equal(klib_strncmp("ab\0X", "ab\0Y", 4), 0);
	assert_true(klib_strncmp("ab", "abc", 5) < 0);
	assert_int_equal(klib_strncmp("x", "y", 0), 0);
	assert_true(klib_strncmp("\x80", "\x7f", 1) > 0);
}

static void test_strchr_finds_first_and_terminator(void **state)
{
	const char *s = "a/b/c";
	const char *high = "x\xe9y";

	(void)state;
	assert_ptr_equal(klib_strchr(s, '/'), s + 1);
	assert_ptr_equal(klib_strchr(s, 'a'), s);
	assert_null(klib_strchr(s, 'z'));
	assert_ptr_equal(klib_strchr(s, '\0'), s + 5);
	/* c is converted to char: 0xe9 finds the byte 0xe9 whatever char's signedness. */
	assert_ptr_equal(klib_strchr(high, 0xe9), high + 1);
	assert_ptr_equal(klib_strchr(high, 0x179), high + 2);
}

static void test_strrchr_finds_last(void **state)
{
	const char *s = "a/b/c";

	(void)state;
	assert_ptr_equal(klib_strrchr(s, '/'), s + 3);
	assert_ptr_equal(klib_strrchr(s, 'c'), s + 4);
	assert_null(klib_strrchr(s, 'z'));
	assert_ptr_equal(klib_strrchr(s, '\0'), s + 5);
	assert_null(klib_strrchr("", 'a'));
}

/* One strtoul case: what it returns and how many characters it consumed. */
struct strtoul_case {
	const char *input;
	int base;
	unsigned long value;
	size_t consumed;
};

static void check_strtoul_cases(const struct strtoul_case *cases, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		const struct strtoul_case *c = &cases[i];
		char *end = NULL;
		unsigned long value = klib_strtoul(c->input, &end, c->base);

		if (value != c->value || end != c->input + c->consumed)
			fail_msg("strtoul(\"%s\", base %d) = %lu, consumed %td; expected %lu, consumed %zu",
				 c->input, c->base, value, end - c->input, c->value, c->consumed);
	}
}

static void test_strtoul_base10(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "0", 10, 0, 1 },
		{ "12345", 10, 12345, 5 },
		{ "42abc", 10, 42, 2 },
		{ "007", 10, 7, 3 },
		{ "0x10", 10, 0, 1 },
		{ "18446744073709551615", 10, ULONG_MAX, 20 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_base8(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "17", 8, 15, 2 },
		{ "0777", 8, 511, 4 },
		{ "129", 8, 10, 2 },
		{ "8", 8, 0, 0 },
		{ "1777777777777777777777", 8, ULONG_MAX, 22 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_base16(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "ff", 16, 255, 2 },
		{ "FF", 16, 255, 2 },
		{ "0xdeadBEEF", 16, 0xdeadbeef, 10 },
		{ "0X1f", 16, 31, 4 },
		{ "ffffffffffffffff", 16, ULONG_MAX, 16 },
		{ "0xg", 16, 0, 1 },	/* no hex digit after 0x: the number is "0" */
		{ "0x", 16, 0, 1 },
		{ "fg", 16, 15, 1 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_base0_detects_prefix(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "0x1A", 0, 26, 4 },
		{ "0X1a", 0, 26, 4 },
		{ "017", 0, 15, 3 },
		{ "0", 0, 0, 1 },
		{ "09", 0, 0, 1 },	/* octal: 9 is not a digit */
		{ "123", 0, 123, 3 },
		{ "0xz", 0, 0, 1 },
		{ "  0x10 ", 0, 16, 6 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_other_bases(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "1011", 2, 11, 4 },
		{ "102", 2, 2, 2 },
		{ "zz", 36, 35 * 36 + 35, 2 },
		{ "ZZ", 36, 35 * 36 + 35, 2 },
		{ "z", 35, 0, 0 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_whitespace_and_sign(void **state)
{
	static const struct strtoul_case cases[] = {
		{ " \t\n\v\f\r42", 10, 42, 8 },
		{ "+42", 10, 42, 3 },
		{ "-1", 10, ULONG_MAX, 2 },
		{ "-0", 10, 0, 2 },
		{ " -0x10", 0, -16UL, 6 },
		{ "- 1", 10, 0, 0 },
		{ "+-1", 10, 0, 0 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Overflow saturates at ULONG_MAX and still consumes every digit. */
static void test_strtoul_overflow(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "18446744073709551616", 10, ULONG_MAX, 20 },
		{ "99999999999999999999999x", 10, ULONG_MAX, 23 },
		{ "0x10000000000000000", 0, ULONG_MAX, 19 },
		{ "-18446744073709551616", 10, ULONG_MAX, 21 },
		{ "2000000000000000000000", 8, ULONG_MAX, 22 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* No digits: 0 and *end = the start of the input, not past whitespace or sign. */
static void test_strtoul_no_digits_leaves_end_at_start(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "", 10, 0, 0 },
		{ "xyz", 10, 0, 0 },
		{ "   ", 10, 0, 0 },
		{ "  +", 0, 0, 0 },
		{ "-", 16, 0, 0 },
		{ " g", 16, 0, 0 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_invalid_base(void **state)
{
	static const struct strtoul_case cases[] = {
		{ "11", 1, 0, 0 },
		{ "11", -1, 0, 0 },
		{ "11", 37, 0, 0 },
	};

	(void)state;
	check_strtoul_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_strtoul_end_may_be_null(void **state)
{
	(void)state;
	assert_int_equal(klib_strtoul("1234", NULL, 10), 1234);
	assert_int_equal(klib_strtoul("nothing", NULL, 0), 0);
}

/* The host's strtoul as the oracle for value and end (errno aside). */
static void test_strtoul_matches_host(void **state)
{
	static const char *const inputs[] = {
		"0", "1", "10", "077", "0x7f", "0XAB", "0x", "0xq", "  12", "\t-5", "+9", "-",
		"4294967295", "4294967296", "18446744073709551615", "18446744073709551616",
		"zZ", "z1", "123456789abcdef", "0b101", "  +0x", "08", "-0x8000000000000000",
		"999999999999999999999999999999",
	};
	static const int bases[] = { 0, 2, 8, 10, 16, 36 };

	(void)state;
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++)
		for (size_t b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
			char *host_end, *klib_end;
			unsigned long host = strtoul(inputs[i], &host_end, bases[b]);
			unsigned long klib = klib_strtoul(inputs[i], &klib_end, bases[b]);

			if (host != klib || host_end != klib_end)
				fail_msg("strtoul(\"%s\", %d): klib %lu end +%td, host %lu end +%td",
					 inputs[i], bases[b], klib, klib_end - inputs[i], host,
					 host_end - inputs[i]);
		}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_memcpy_returns_dst_and_copies),
		cmocka_unit_test(test_memcpy_zero_length_touches_nothing),
		cmocka_unit_test(test_memcpy_all_alignments_and_lengths),
		cmocka_unit_test(test_memmove_overlap_dst_above_src),
		cmocka_unit_test(test_memmove_overlap_dst_below_src),
		cmocka_unit_test(test_memmove_overlap_by_one_word),
		cmocka_unit_test(test_memmove_same_pointer),
		cmocka_unit_test(test_memmove_all_overlaps),
		cmocka_unit_test(test_memset_fills_and_stops),
		cmocka_unit_test(test_memset_uses_low_byte_of_value),
		cmocka_unit_test(test_memcmp_orders_bytes_as_unsigned),
		cmocka_unit_test(test_memchr_finds_first_within_n),
		cmocka_unit_test(test_strlen_and_strnlen),
		cmocka_unit_test(test_strnlen_reads_no_further_than_max),
		cmocka_unit_test(test_strcmp_orders_and_ends),
		cmocka_unit_test(test_strncmp_stops_at_n_and_nul),
		cmocka_unit_test(test_strchr_finds_first_and_terminator),
		cmocka_unit_test(test_strrchr_finds_last),
		cmocka_unit_test(test_strtoul_base10),
		cmocka_unit_test(test_strtoul_base8),
		cmocka_unit_test(test_strtoul_base16),
		cmocka_unit_test(test_strtoul_base0_detects_prefix),
		cmocka_unit_test(test_strtoul_other_bases),
		cmocka_unit_test(test_strtoul_whitespace_and_sign),
		cmocka_unit_test(test_strtoul_overflow),
		cmocka_unit_test(test_strtoul_no_digits_leaves_end_at_start),
		cmocka_unit_test(test_strtoul_invalid_base),
		cmocka_unit_test(test_strtoul_end_may_be_null),
		cmocka_unit_test(test_strtoul_matches_host),
	};

	return cmocka_run_group_tests_name("klib string", tests, NULL, NULL);
}
