/* SPDX-License-Identifier: BSD-2-Clause */
/* Guest memory translation and the split virtqueue's device side, with every hostile ring refused. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio.h"
#include "virtqueue.h"

#define MAX_BYTES 4096u

struct fixture {
	struct test_guest g;
	struct test_vq vq;
	struct virtqueue q;
	struct virtq_chain chain;
};

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	test_vq_layout(&f.g, &f.vq, 8);
	test_vq_attach(&f.g, &f.vq, &f.q, MAX_BYTES);
	*state = &f;
	return 0;
}

static void guest_memory_bounds(void **state)
{
	struct guest_memory m;
	uint8_t ram[64];

	(void)state;
	guest_memory_init(&m, ram, 0x1000, sizeof(ram));
	assert_ptr_equal(guest_memory_ptr(&m, 0x1000, 64), ram);
	assert_ptr_equal(guest_memory_ptr(&m, 0x103f, 1), ram + 63);
	assert_null(guest_memory_ptr(&m, 0x103f, 2));		/* one byte past the end */
	assert_null(guest_memory_ptr(&m, 0x1040, 1));
	assert_null(guest_memory_ptr(&m, 0xfff, 2));		/* starts below RAM */
	assert_null(guest_memory_ptr(&m, 0x1000, 0));		/* empty */
	assert_null(guest_memory_ptr(&m, 0x1010, UINT64_MAX));	/* ipa + len wraps */
	assert_null(guest_memory_ptr(&m, UINT64_MAX, 2));
	/* A RAM said to reach past 2^64 ends where addresses end. */
	guest_memory_init(&m, ram, UINT64_MAX - 15, 64);
	assert_int_equal(m.size, 15);
	assert_non_null(guest_memory_ptr(&m, UINT64_MAX - 1, 1));
	assert_null(guest_memory_ptr(&m, UINT64_MAX - 1, 2));
}

static void happy_path(void **state)
{
	struct fixture *f = *state;
	uint64_t out = test_alloc(&f->g, 10), in = test_alloc(&f->g, 20);
	struct test_buf bufs[] = { { out, 10, false }, { in, 20, true } };
	uint8_t buf[10];
	uint32_t len;
	uint16_t head;

	memcpy(test_gpa(&f->g, out), "0123456789", 10);
	head = test_vq_chain(&f->g, &f->vq, bufs, 2);
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), 1);
	assert_int_equal(f->chain.head, head);
	assert_int_equal(f->chain.count, 2);
	assert_int_equal(f->chain.readable, 1);
	assert_ptr_equal(f->chain.seg[0].ptr, test_gpa(&f->g, out));
	assert_false(f->chain.seg[0].writable);
	assert_int_equal(f->chain.seg[1].len, 20);
	assert_true(f->chain.seg[1].writable);
	assert_int_equal(f->chain.read_bytes, 10);
	assert_int_equal(f->chain.write_bytes, 20);
	assert_int_equal(virtq_chain_read(&f->chain, 3, buf, sizeof(buf)), 7);
	assert_memory_equal(buf, "3456789", 7);
	assert_int_equal(virtq_chain_write(&f->chain, 15, "abcdefgh", 8), 5);
	assert_memory_equal(test_gpa(&f->g, in + 15), "abcde", 5);
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), 0);		/* nothing more */

	assert_int_equal(test_vq_used_idx(&f->g, &f->vq), 0);
	assert_int_equal(virtqueue_push(&f->q, head, 5), 0);
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq), 1);
	assert_int_equal(test_vq_used(&f->g, &f->vq, 0, &len), head);
	assert_int_equal(len, 5);
	assert_int_equal(virtqueue_push(&f->q, 8, 0), -VIRTIO_ERR_USED_ID);
}

/* Indices are free-running 16-bit counters: they must keep working across the wrap. */
static void index_wrap(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 4);
	struct test_buf buf = { b, 4, true };
	uint32_t len;

	for (unsigned int i = 0; i < 70000; i++) {
		uint16_t head = test_vq_chain(&f->g, &f->vq, &buf, 1);

		assert_int_equal(virtqueue_pop(&f->q, &f->chain), 1);
		assert_int_equal(f->chain.head, head);
		assert_int_equal(virtqueue_push(&f->q, head, i & 3), 0);
		assert_int_equal(test_vq_used(&f->g, &f->vq, (uint16_t)i, &len), head);
		assert_int_equal(len, i & 3);
	}
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq), (uint16_t)70000);
}

static void interrupt_suppression(void **state)
{
	struct fixture *f = *state;
	uint16_t flags = VIRTQ_AVAIL_F_NO_INTERRUPT;

	assert_true(virtqueue_wants_interrupt(&f->q));
	memcpy(test_gpa(&f->g, f->vq.avail), &flags, 2);
	assert_false(virtqueue_wants_interrupt(&f->q));
}

static void enable_checks(void **state)
{
	struct fixture *f = *state;
	struct virtqueue q;

	virtqueue_init(&q, &f->g.mem, 16, MAX_BYTES);
	q.desc_ipa = f->vq.desc;
	q.avail_ipa = f->vq.avail;
	q.used_ipa = f->vq.used;
	q.num = 0;
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.num = 6;						/* not a power of two */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.num = 32;						/* above QueueNumMax */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.num = 8;
	q.desc_ipa = f->vq.desc + 8;				/* descriptors 16-aligned */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.desc_ipa = f->vq.desc;
	q.used_ipa = f->vq.used + 2;				/* used ring 4-aligned */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.used_ipa = TEST_RAM_IPA + TEST_RAM_SIZE - 16;		/* runs out of RAM */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	q.used_ipa = f->vq.used;
	q.avail_ipa = 0x1000;					/* not RAM at all */
	assert_int_equal(virtqueue_enable(&q), -VIRTIO_ERR_QUEUE_SETUP);
	assert_false(q.ready);
	q.avail_ipa = f->vq.avail;
	assert_int_equal(virtqueue_enable(&q), 0);
	assert_true(q.ready);
}

/* A refused chain is refused for good: the next pop gives the same error, used ring untouched. */
static void assert_refused(struct fixture *f, int err)
{
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), err);
	assert_int_equal(f->q.error, err);
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), err);
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq), 0);
	virtqueue_reset(&f->q);
	assert_int_equal(f->q.error, 0);
	assert_false(f->q.ready);
}

static void hostile_loop(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 8);

	test_vq_set_desc(&f->g, &f->vq, 0, b, 8, VIRTQ_DESC_F_NEXT, 1);
	test_vq_set_desc(&f->g, &f->vq, 1, b, 8, VIRTQ_DESC_F_NEXT, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_LOOP);
}

static void hostile_self_loop(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 8);

	test_vq_set_desc(&f->g, &f->vq, 3, b, 8, VIRTQ_DESC_F_NEXT | VIRTQ_DESC_F_WRITE, 3);
	test_vq_publish(&f->g, &f->vq, 3);
	assert_refused(f, -VIRTIO_ERR_LOOP);
}

static void hostile_next_out_of_range(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 8);

	test_vq_set_desc(&f->g, &f->vq, 0, b, 8, VIRTQ_DESC_F_NEXT, 8);	/* table has 0..7 */
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_NEXT_RANGE);
}

static void hostile_head_out_of_range(void **state)
{
	struct fixture *f = *state;

	test_vq_publish(&f->g, &f->vq, 0xffff);
	assert_refused(f, -VIRTIO_ERR_HEAD_RANGE);
}

static void hostile_buffer_outside_ram(void **state)
{
	struct fixture *f = *state;

	test_vq_set_desc(&f->g, &f->vq, 0, TEST_RAM_IPA + TEST_RAM_SIZE - 4, 8, 0, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_BUFFER);
}

static void hostile_buffer_wraps(void **state)
{
	struct fixture *f = *state;

	test_vq_set_desc(&f->g, &f->vq, 0, UINT64_MAX - 3, 0x1000, VIRTQ_DESC_F_WRITE, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_BUFFER);
}

static void hostile_buffer_below_ram(void **state)
{
	struct fixture *f = *state;

	test_vq_set_desc(&f->g, &f->vq, 0, TEST_RAM_IPA - 1, 2, 0, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_BUFFER);
}

static void hostile_empty_buffer(void **state)
{
	struct fixture *f = *state;

	test_vq_set_desc(&f->g, &f->vq, 0, TEST_RAM_IPA, 0, 0, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_BUFFER);
}

static void hostile_oversized_chain(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, MAX_BYTES);
	struct test_buf bufs[] = { { b, MAX_BYTES, false }, { b, 1, true } };

	test_vq_chain(&f->g, &f->vq, bufs, 2);		/* one byte over the limit */
	assert_refused(f, -VIRTIO_ERR_CHAIN_BYTES);
}

static void chain_at_the_limit(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, MAX_BYTES);
	struct test_buf bufs[] = { { b, MAX_BYTES - 1, false }, { b, 1, true } };

	test_vq_chain(&f->g, &f->vq, bufs, 2);
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), 1);
	assert_int_equal(f->chain.read_bytes + f->chain.write_bytes, MAX_BYTES);
}

static void hostile_too_many_segments(void **state)
{
	struct fixture *f = *state;
	struct test_vq vq;
	struct virtqueue q;
	uint64_t b = test_alloc(&f->g, 1);

	/* A queue bigger than the segment array: a chain can outgrow the array without looping. */
	test_vq_layout(&f->g, &vq, 128);
	test_vq_attach(&f->g, &vq, &q, MAX_BYTES);
	for (uint16_t i = 0; i <= VIRTQUEUE_MAX_SEGMENTS; i++)
		test_vq_set_desc(&f->g, &vq, i, b, 1, VIRTQ_DESC_F_NEXT, (uint16_t)(i + 1));
	test_vq_set_desc(&f->g, &vq, VIRTQUEUE_MAX_SEGMENTS, b, 1, 0, 0);
	test_vq_publish(&f->g, &vq, 0);
	assert_int_equal(virtqueue_pop(&q, &f->chain), -VIRTIO_ERR_SEGMENTS);
}

static void hostile_indirect(void **state)
{
	struct fixture *f = *state;
	uint64_t table = test_alloc(&f->g, 32);

	test_vq_set_desc(&f->g, &f->vq, 0, table, 32, VIRTQ_DESC_F_INDIRECT, 0);
	test_vq_publish(&f->g, &f->vq, 0);
	assert_refused(f, -VIRTIO_ERR_INDIRECT);
}

static void hostile_avail_jump(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 8);

	test_vq_set_desc(&f->g, &f->vq, 0, b, 8, 0, 0);
	test_vq_set_avail_idx(&f->g, &f->vq, 8);		/* a full ring is still honest */
	assert_int_equal(virtqueue_pop(&f->q, &f->chain), 1);
	virtqueue_reset(&f->q);
	test_vq_attach(&f->g, &f->vq, &f->q, MAX_BYTES);
	test_vq_set_avail_idx(&f->g, &f->vq, 9);		/* nine chains in an eight-entry ring */
	assert_refused(f, -VIRTIO_ERR_AVAIL_IDX);
}

static void hostile_readable_after_writable(void **state)
{
	struct fixture *f = *state;
	uint64_t b = test_alloc(&f->g, 8);
	struct test_buf bufs[] = { { b, 8, true }, { b, 8, false } };

	test_vq_chain(&f->g, &f->vq, bufs, 2);
	assert_refused(f, -VIRTIO_ERR_ORDER);
}

static void error_names(void **state)
{
	(void)state;
	assert_string_equal(vmm_strerror(-VIRTIO_ERR_LOOP), "descriptor loop");
	assert_string_equal(vmm_strerror(VMM_NUM_ERRORS), "unknown error");
	for (int e = 0; e < VMM_NUM_ERRORS; e++)
		assert_non_null(vmm_strerror(-e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(guest_memory_bounds),
		cmocka_unit_test_setup_teardown(happy_path, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(index_wrap, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(interrupt_suppression, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(enable_checks, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_loop, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_self_loop, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_next_out_of_range, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_head_out_of_range, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_buffer_outside_ram, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_buffer_wraps, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_buffer_below_ram, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_empty_buffer, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_oversized_chain, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(chain_at_the_limit, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_too_many_segments, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_indirect, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_avail_jump, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(hostile_readable_after_writable, setup, test_guest_teardown),
		cmocka_unit_test(error_names),
	};

	return cmocka_run_group_tests_name("vmm virtqueue", tests, NULL, NULL);
}
