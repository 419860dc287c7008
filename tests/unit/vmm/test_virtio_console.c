/* SPDX-License-Identifier: BSD-2-Clause */
/* The line assembler, and virtio-console's transmit (to whole lines) and receive (from a source). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio_console.h"

struct lines {
	int count;
	char text[8][LINE_ASSEMBLER_MAX + 1];
	size_t len[8];
};

static void collect(void *ctx, const char *line, size_t len)
{
	struct lines *l = ctx;

	assert_true(l->count < 8);
	memcpy(l->text[l->count], line, len);
	l->text[l->count][len] = 0;
	l->len[l->count++] = len;
}

static void put(struct line_assembler *la, const char *s)
{
	line_assembler_put(la, (const uint8_t *)s, strlen(s));
}

static void lines_whole(void **state)
{
	struct line_assembler la;
	struct lines l = { 0 };

	(void)state;
	line_assembler_init(&la, collect, &l);
	put(&la, "hel");
	assert_int_equal(l.count, 0);
	put(&la, "lo\r\nwor");
	assert_int_equal(l.count, 1);
	assert_string_equal(l.text[0], "hello");
	put(&la, "ld\n\n");
	assert_int_equal(l.count, 3);
	assert_string_equal(l.text[1], "world");
	assert_int_equal(l.len[2], 0);		/* an empty line is a line */
	line_assembler_flush(&la);
	assert_int_equal(l.count, 3);		/* nothing pending */
	put(&la, "tail");
	line_assembler_flush(&la);
	assert_string_equal(l.text[3], "tail");
}

static void lines_capped(void **state)
{
	struct line_assembler la;
	struct lines l = { 0 };
	char longline[LINE_ASSEMBLER_MAX + 11];

	(void)state;
	line_assembler_init(&la, collect, &l);
	memset(longline, 'x', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = 0;
	put(&la, longline);
	assert_int_equal(l.count, 1);
	assert_int_equal(l.len[0], LINE_ASSEMBLER_MAX);
	put(&la, "\n");
	assert_int_equal(l.count, 2);
	assert_int_equal(l.len[1], 10);
}

struct fixture {
	struct test_guest g;
	struct lines lines;
	const char *input;
	struct virtio_console_config config;
	struct virtio_console con;
	struct test_vq vq[2];
};

static size_t source(void *ctx, uint8_t *buf, size_t max)
{
	struct fixture *f = ctx;
	size_t n = f->input ? strlen(f->input) : 0;

	if (!n)
		return 0;
	if (n > max)
		n = max;
	memcpy(buf, f->input, n);
	f->input += n;
	return n;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	f.config = (struct virtio_console_config){ collect, &f.lines, source, &f };
	virtio_console_init(&f.con, &f.config, &f.g.mem);
	test_mmio_bring_up(&f.con.mmio, &f.g, f.vq, 2);
	*state = &f;
	return 0;
}

static void transmit(void **state)
{
	struct fixture *f = *state;
	uint64_t a = test_alloc(&f->g, 8), b = test_alloc(&f->g, 8);
	struct test_buf bufs[] = { { a, 3, false }, { b, 6, false } };
	uint32_t len;

	assert_int_equal(test_mmio_read(&f->con.mmio, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_CONSOLE);
	memcpy(test_gpa(&f->g, a), "boo", 3);
	memcpy(test_gpa(&f->g, b), "t ok\nx", 6);
	test_vq_chain(&f->g, &f->vq[VIRTIO_CONSOLE_TX], bufs, 2);
	assert_int_equal(test_mmio_write(&f->con.mmio, VIRTIO_MMIO_QUEUE_NOTIFY, VIRTIO_CONSOLE_TX),
			 VIRTIO_IRQ_RAISE);
	assert_int_equal(f->lines.count, 1);
	assert_string_equal(f->lines.text[0], "boot ok");
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq[VIRTIO_CONSOLE_TX]), 1);
	test_vq_used(&f->g, &f->vq[VIRTIO_CONSOLE_TX], 0, &len);
	assert_int_equal(len, 0);
	virtio_console_flush(&f->con);
	assert_string_equal(f->lines.text[1], "x");
}

static void receive(void **state)
{
	struct fixture *f = *state;
	struct test_vq *rx = &f->vq[VIRTIO_CONSOLE_RX];
	uint64_t b = test_alloc(&f->g, 4);
	struct test_buf buf = { b, 4, true };
	uint32_t len;

	/* A buffer but no input: the device keeps the buffer for later. */
	test_vq_chain(&f->g, rx, &buf, 1);
	test_mmio_notify(&f->con.mmio, VIRTIO_CONSOLE_RX);
	assert_int_equal(test_vq_used_idx(&f->g, rx), 0);
	/* Input longer than the buffer: what fits now, the rest with the next buffer. */
	f->input = "ls -l\n";
	virtio_console_input(&f->con);
	assert_int_equal(test_vq_used_idx(&f->g, rx), 1);
	test_vq_used(&f->g, rx, 0, &len);
	assert_int_equal(len, 4);
	assert_memory_equal(test_gpa(&f->g, b), "ls -", 4);
	assert_int_equal(virtio_mmio_irq_update(&f->con.mmio), VIRTIO_IRQ_RAISE);
	test_vq_chain(&f->g, rx, &buf, 1);
	test_mmio_notify(&f->con.mmio, VIRTIO_CONSOLE_RX);
	test_vq_used(&f->g, rx, 1, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(test_gpa(&f->g, b), "l\n", 2);
}

static void receive_buffer_not_writable(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 4);
	struct test_buf buf = { b, 4, false };

	f->input = "x";
	test_vq_chain(&f->g, &f->vq[VIRTIO_CONSOLE_RX], &buf, 1);
	test_mmio_notify(&f->con.mmio, VIRTIO_CONSOLE_RX);
	assert_true(test_mmio_read(&f->con.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(f->con.mmio.error, -VIRTIO_ERR_LAYOUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lines_whole),
		cmocka_unit_test(lines_capped),
		cmocka_unit_test_setup_teardown(transmit, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(receive, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(receive_buffer_not_writable, setup, test_guest_teardown),
	};

	return cmocka_run_group_tests_name("vmm virtio-console", tests, NULL, NULL);
}
