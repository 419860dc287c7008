/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every code of libkauri's error enum and of the kernel's has a message of its own: a code added
 * without one reads "unknown error" (or repeats another's) and fails here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <kauri/lib_error.h>

typedef const char *(*strerror_fn)(long error);

static void check_every_code(const char *what, strerror_fn fn, long count)
{
	long i, j;

	for (i = 0; i < count; i++) {
		const char *msg = fn(-i);

		assert_non_null(msg);
		if (!msg[0] || strcmp(msg, "unknown error") == 0)
			fail_msg("%s error %ld has no message of its own", what, i);
		assert_string_equal(fn(i), msg);
		for (j = 0; j < i; j++)
			if (strcmp(fn(-j), msg) == 0)
				fail_msg("%s errors %ld and %ld share the message \"%s\"", what, j, i, msg);
	}
	assert_string_equal(fn(-count), "unknown error");
	assert_string_equal(fn(count), "unknown error");
	assert_string_equal(fn(-9223372036854775807L - 1), "unknown error");
}

static void test_lib_strerror_covers_every_code(void **state)
{
	(void)state;
	check_every_code("libkauri", kauri_lib_strerror, KAURI_LIB_NUM_ERRORS);
	/* The texts the system tests look for. */
	assert_string_equal(kauri_lib_strerror(-KAURI_PROTOCOL_NOT_DECLARED), "not declared in the manifest");
	assert_string_equal(kauri_lib_strerror(-KAURI_PROTOCOL_BAD_REQUEST), "malformed request");
}

static void test_kernel_strerror_covers_every_code(void **state)
{
	(void)state;
	check_every_code("kernel", kauri_kernel_strerror, KAURI_NUM_ERRORS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lib_strerror_covers_every_code),
		cmocka_unit_test(test_kernel_strerror_covers_every_code),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
