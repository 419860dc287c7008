/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lib/libc run where the kernel runs it: AArch64 under QEMU, MMU off (so all
 * memory is Device memory and an unaligned access faults), the AAPCS64 va_list,
 * the kernel's compiler flags. Runs format_cases.h and alignment sweeps of the
 * mem* functions, prints failures and "N passed, N failed", exits with 1 on
 * any failure through semihosting.
 */
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <klib/printf.h>

#include "format_cases.h"

#define SYS_WRITE0			0x04
#define SYS_EXIT			0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

long semihosting_call(long operation, const void *parameter);
void semihosting_exit(int status) __attribute__((noreturn));
int main(void);

static unsigned int passed, failed;

static void print(const char *s)
{
	semihosting_call(SYS_WRITE0, s);
}

void semihosting_exit(int status)
{
	/* AArch64 SYS_EXIT takes a block: the reason, then the exit status. */
	const uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint64_t)status };

	semihosting_call(SYS_EXIT, block);
	for (;;)
		;
}

static void report(int ok, const char *what)
{
	char line[256];

	if (ok) {
		passed++;
		return;
	}
	failed++;
	snprintf(line, sizeof(line), "FAIL %s\n", what);
	print(line);
}

static void check_format(const char *expected, const char *fmt, ...)
{
	char buf[256], what[512];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snprintf(what, sizeof(what), "format \"%s\" gave \"%s\" (%d), expected \"%s\"", fmt, buf,
		 ret, expected);
	report(ret == (int)strlen(expected) && strcmp(buf, expected) == 0, what);
}

#define CHECK_CASE(expected, ...) check_format(expected, __VA_ARGS__);

static void check_truncation(void)
{
	char buf[8] = "#######";
	int ret = snprintf(buf, 5, "%s-%d", "kauri", 7);

	report(ret == 7 && memcmp(buf, "kaur\0##", 8) == 0, "snprintf into 5 bytes of \"kauri-7\"");
	ret = snprintf(NULL, 0, "%08x", 1u);
	report(ret == 8, "snprintf(NULL, 0) returns the full length");
}

static void count_char(void *ctx, char c)
{
	(void)c;
	(*(unsigned int *)ctx)++;
}

static int format_counted(unsigned int *count, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vformat(count_char, count, fmt, ap);
	va_end(ap);
	return ret;
}

static void check_vformat_count(void)
{
	unsigned int count = 0;
	int ret = format_counted(&count, "%-20s|%#llx|%c", "kauri", 0xabcULL, 'z');

	report(ret == 28 && count == 28, "vformat returns and emits 28 characters");
}

/* Every alignment of source and destination on Device memory: a wrong word access faults. */
static void check_mem_alignment(void)
{
	static unsigned char src[64], dst[64];
	int ok = 1;

	for (size_t i = 0; i < sizeof(src); i++)
		src[i] = (unsigned char)(i * 7 + 1);
	for (size_t s_off = 0; s_off < 8; s_off++)
		for (size_t d_off = 0; d_off < 8; d_off++)
			for (size_t n = 0; n <= 40; n++) {
				memset(dst, 0xee, sizeof(dst));
				memcpy(dst + d_off, src + s_off, n);
				for (size_t i = 0; i < sizeof(dst); i++) {
					unsigned char want = i >= d_off && i < d_off + n ?
						src[s_off + i - d_off] : 0xee;

					ok &= dst[i] == want;
				}
			}
	report(ok, "memcpy at every alignment");

	ok = 1;
	for (size_t off = 0; off < 8; off++)
		for (size_t n = 0; n <= 40; n++) {
			memset(dst, 0x11, sizeof(dst));
			memset(dst + off, 0xa5, n);
			for (size_t i = 0; i < sizeof(dst); i++)
				ok &= dst[i] == (i >= off && i < off + n ? 0xa5 : 0x11);
		}
	report(ok, "memset at every alignment");

	ok = 1;
	for (int delta = -9; delta <= 9; delta++)
		for (size_t n = 0; n <= 24; n++) {
			unsigned char buf[64], want[64];

			for (size_t i = 0; i < sizeof(buf); i++)
				buf[i] = want[i] = (unsigned char)i;
			/* The reference copy goes through a separate buffer, so overlap cannot matter. */
			for (size_t i = 0; i < n; i++)
				dst[i] = buf[16 + i];
			for (size_t i = 0; i < n; i++)
				want[16 + delta + (int)i] = dst[i];
			memmove(buf + 16 + delta, buf + 16, n);
			ok &= memcmp(buf, want, sizeof(buf)) == 0;
		}
	report(ok, "memmove at every overlap");
}

int main(void)
{
	char line[64];

	ALL_FORMAT_CASES(CHECK_CASE)
	check_truncation();
	check_vformat_count();
	check_mem_alignment();
	snprintf(line, sizeof(line), "klib on aarch64: %u passed, %u failed\n", passed, failed);
	print(line);
	return failed ? 1 : 0;
}
