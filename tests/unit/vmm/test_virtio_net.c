/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-net: MAC in config, frames out behind a virtio_net_hdr to a sink, frames in to the guest. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio_net.h"

struct fixture {
	struct test_guest g;
	struct virtio_net_config config;
	struct virtio_net net;
	struct test_vq vq[2];
	uint8_t sent[2048];
	size_t sent_len;
	int frames;
};

static void sink(void *ctx, const uint8_t *frame, size_t len)
{
	struct fixture *f = ctx;

	memcpy(f->sent, frame, len);
	f->sent_len = len;
	f->frames++;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	f.config = (struct virtio_net_config){ { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }, sink, &f };
	virtio_net_init(&f.net, &f.config, &f.g.mem);
	test_mmio_bring_up(&f.net.mmio, &f.g, f.vq, 2);
	*state = &f;
	return 0;
}

static void config_and_features(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->net.mmio;
	uint32_t v;

	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_NET);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG), 0x12005452);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 5, 1, &v), 0);
	assert_int_equal(v, 0x56);
	assert_int_equal(virtio_mmio_read(d, VIRTIO_MMIO_CONFIG + 6, 2, &v), -VIRTIO_ERR_NO_REGISTER);
	test_mmio_write(d, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_FEATURES), 1u << VIRTIO_NET_F_MAC);
}

/* A frame as the guest sends it: header in one buffer, frame split over two. */
static void send(struct fixture *f, uint8_t gso_type, uint32_t frame_len)
{
	uint64_t hdr = test_alloc(&f->g, VIRTIO_NET_HDR_BYTES), data = test_alloc(&f->g, frame_len);
	struct test_buf bufs[] = { { hdr, VIRTIO_NET_HDR_BYTES, false }, { data, 14, false },
				   { data + 14, frame_len - 14, false } };

	memset(test_gpa(&f->g, hdr), 0, VIRTIO_NET_HDR_BYTES);
	*(uint8_t *)test_gpa(&f->g, hdr + 1) = gso_type;
	for (uint32_t i = 0; i < frame_len; i++)
		*(uint8_t *)test_gpa(&f->g, data + i) = (uint8_t)i;
	test_vq_chain(&f->g, &f->vq[VIRTIO_NET_TX], bufs, 3);
	test_mmio_notify(&f->net.mmio, VIRTIO_NET_TX);
}

static void transmit(void **state)
{
	struct fixture *f = *state;

	send(f, 0, 60);
	assert_int_equal(f->frames, 1);
	assert_int_equal(f->sent_len, 60);
	for (int i = 0; i < 60; i++)
		assert_int_equal(f->sent[i], i);
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq[VIRTIO_NET_TX]), 1);
	send(f, 0, VIRTIO_NET_MAX_FRAME);
	assert_int_equal(f->sent_len, VIRTIO_NET_MAX_FRAME);
	assert_int_equal(f->net.tx_dropped, 0);
}

static void transmit_dropped(void **state)
{
	struct fixture *f = *state;

	send(f, 1 /* GSO_TCPV4: not offered */, 60);
	send(f, 0, VIRTIO_NET_MAX_FRAME + 1);
	assert_int_equal(f->frames, 0);
	assert_int_equal(f->net.tx_dropped, 2);
	/* Dropped frames still give their buffers back; the device goes on. */
	assert_int_equal(test_vq_used_idx(&f->g, &f->vq[VIRTIO_NET_TX]), 2);
	assert_false(test_mmio_read(&f->net.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void receive(void **state)
{
	struct fixture *f = *state;
	struct test_vq *rx = &f->vq[VIRTIO_NET_RX];
	uint64_t a = test_alloc(&f->g, 8), b = test_alloc(&f->g, 1600);
	struct test_buf bufs[] = { { a, 8, true }, { b, 1600, true } };	/* header split too */
	uint8_t frame[100], hdr[VIRTIO_NET_HDR_BYTES];
	uint32_t len;

	for (int i = 0; i < 100; i++)
		frame[i] = (uint8_t)(0xff - i);
	assert_int_equal(virtio_net_receive(&f->net, frame, sizeof(frame)), -VIRTIO_ERR_NO_BUFFER);
	test_vq_chain(&f->g, rx, bufs, 2);
	assert_int_equal(virtio_net_receive(&f->net, frame, sizeof(frame)), 0);
	assert_int_equal(test_vq_used_idx(&f->g, rx), 1);
	test_vq_used(&f->g, rx, 0, &len);
	assert_int_equal(len, VIRTIO_NET_HDR_BYTES + 100);
	memcpy(hdr, test_gpa(&f->g, a), 8);
	memcpy(hdr + 8, test_gpa(&f->g, b), 4);
	assert_memory_equal(hdr, "\0\0\0\0\0\0\0\0\0\0\x01\0", VIRTIO_NET_HDR_BYTES);	/* num_buffers 1 */
	assert_memory_equal(test_gpa(&f->g, b + 4), frame, 100);
	assert_int_equal(virtio_mmio_irq_update(&f->net.mmio), VIRTIO_IRQ_RAISE);
}

static void receive_too_big(void **state)
{
	struct fixture *f = *state;
	struct test_vq *rx = &f->vq[VIRTIO_NET_RX];
	uint64_t b = test_alloc(&f->g, 64);
	struct test_buf buf = { b, 64, true };
	uint8_t frame[VIRTIO_NET_MAX_FRAME + 1] = { 0 };
	uint32_t len;

	test_vq_chain(&f->g, rx, &buf, 1);
	assert_int_equal(virtio_net_receive(&f->net, frame, sizeof(frame)), -VIRTIO_ERR_LAYOUT);
	assert_int_equal(test_vq_used_idx(&f->g, rx), 0);		/* refused before taking a buffer */
	assert_int_equal(virtio_net_receive(&f->net, frame, 60), -VIRTIO_ERR_LAYOUT);
	assert_int_equal(test_vq_used_idx(&f->g, rx), 1);		/* the small buffer comes back empty */
	test_vq_used(&f->g, rx, 0, &len);
	assert_int_equal(len, 0);
	assert_int_equal(f->net.rx_dropped, 2);
}

static void receive_hostile_ring(void **state)
{
	struct fixture *f = *state;

	test_vq_publish(&f->g, &f->vq[VIRTIO_NET_RX], 99);
	assert_int_equal(virtio_net_receive(&f->net, "x", 1), -VIRTIO_ERR_BROKEN);
	assert_int_equal(f->net.mmio.error, -VIRTIO_ERR_HEAD_RANGE);
	assert_int_equal(virtio_net_receive(&f->net, "x", 1), -VIRTIO_ERR_BROKEN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(config_and_features, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(transmit, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(transmit_dropped, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(receive, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(receive_too_big, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(receive_hostile_ring, setup, test_guest_teardown),
	};

	return cmocka_run_group_tests_name("vmm virtio-net", tests, NULL, NULL);
}
