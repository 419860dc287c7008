/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the kernel's trace buffer (lib/format/trace_writer.c): what it stores is read
 * back by the tools' reader (lib/format/trace_reader.c), so the two sides of uapi/kauri/trace.h
 * must agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <format/error.h>
#include <format/trace_reader.h>
#include <cmocka.h>

#define HZ 62500000

static uint64_t mem[(TRACE_HEADER_SIZE + 4 * TRACE_RECORD_SIZE + 20) / 8];

static void test_header_and_records_read_back(void **state)
{
	struct trace_buffer b;
	struct trace_reader r;
	struct trace_record rec;
	size_t len;

	assert_int_equal(trace_buffer_init(&b, mem, sizeof(mem), HZ), 0);
	assert_int_equal(b.capacity, 4);
	trace_buffer_put(&b, 100, TRACE_IPC_SEND, 7, 3, 0x40123000, 1, 3);
	trace_buffer_put(&b, 101, TRACE_FAULT, 8, 2, 4, 0, 0x400040);
	len = trace_buffer_finish(&b);
	assert_int_equal(len, TRACE_HEADER_SIZE + 2 * TRACE_RECORD_SIZE);
	assert_memory_equal(mem, "KTRC", 4);
	assert_int_equal(trace_open(&r, (const uint8_t *)mem, len), 0);
	assert_int_equal(r.header.version, TRACE_VERSION);
	assert_int_equal(r.header.timer_hz, HZ);
	assert_int_equal(r.header.cpu_count, 1);
	assert_int_equal(r.header.dropped, 0);
	assert_int_equal(trace_next(&r, &rec), 1);
	assert_int_equal(rec.timestamp, 100);
	assert_int_equal(rec.type, TRACE_IPC_SEND);
	assert_int_equal(rec.cpu, 0);
	assert_int_equal(rec.tid, 7);
	assert_int_equal(rec.app, 3);
	assert_int_equal(rec.args[0], 0x40123000);
	assert_int_equal(rec.args[1], 1);
	assert_int_equal(rec.args[2], 3);
	assert_int_equal(trace_next(&r, &rec), 1);
	assert_int_equal(rec.type, TRACE_FAULT);
	assert_int_equal(rec.args[2], 0x400040);
	assert_int_equal(trace_next(&r, &rec), 0);
}

static void test_full_buffer_counts_dropped_and_keeps_the_first(void **state)
{
	struct trace_buffer b;
	struct trace_reader r;
	struct trace_record rec;
	size_t len;

	trace_buffer_init(&b, mem, sizeof(mem), HZ);
	for (uint64_t i = 0; i < 10; i++)
		trace_buffer_put(&b, 1000 + i, TRACE_SYSCALL_ENTRY, 1, 0, i, 0, 0);
	len = trace_buffer_finish(&b);
	assert_int_equal(len, TRACE_HEADER_SIZE + 4 * TRACE_RECORD_SIZE);
	assert_int_equal(trace_open(&r, (const uint8_t *)mem, len), 0);
	assert_int_equal(r.header.dropped, 6);
	for (uint64_t i = 0; i < 4; i++) {
		assert_int_equal(trace_next(&r, &rec), 1);
		assert_int_equal(rec.args[0], i);
	}
	assert_int_equal(trace_next(&r, &rec), 0);
}

static void test_timestamps_never_go_back(void **state)
{
	struct trace_buffer b;
	struct trace_reader r;
	struct trace_record rec;

	trace_buffer_init(&b, mem, sizeof(mem), HZ);
	trace_buffer_put(&b, 500, TRACE_IRQ_ENTRY, 0, 0, 30, 0, 0);
	trace_buffer_put(&b, 499, TRACE_IRQ_EXIT, 0, 0, 30, 0, 0);
	trace_buffer_put(&b, 600, TRACE_CTX_SWITCH, 0, 0, 5, 1, 0);
	assert_int_equal(trace_open(&r, (const uint8_t *)mem, trace_buffer_finish(&b)), 0);
	assert_int_equal(trace_next(&r, &rec), 1);
	assert_int_equal(rec.timestamp, 500);
	assert_int_equal(trace_next(&r, &rec), 1);
	assert_int_equal(rec.timestamp, 500);
	assert_int_equal(trace_next(&r, &rec), 1);
	assert_int_equal(rec.timestamp, 600);
}

static void test_too_small_or_missing_buffer(void **state)
{
	struct trace_buffer b;

	assert_int_equal(trace_buffer_init(&b, mem, TRACE_HEADER_SIZE + TRACE_RECORD_SIZE - 1, HZ), -1);
	assert_int_equal(trace_buffer_finish(&b), 0);
	assert_int_equal(trace_buffer_init(&b, NULL, 4096, HZ), -1);
	assert_int_equal(trace_buffer_init(&b, mem, TRACE_HEADER_SIZE + TRACE_RECORD_SIZE, HZ), 0);
	assert_int_equal(b.capacity, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_records_read_back),
		cmocka_unit_test(test_full_buffer_counts_dropped_and_keeps_the_first),
		cmocka_unit_test(test_timestamps_never_go_back),
		cmocka_unit_test(test_too_small_or_missing_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
