/* SPDX-License-Identifier: BSD-2-Clause */
/* A guest RAM and a minimal virtio driver for the VMM's unit tests. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"

void test_guest_init(struct test_guest *g)
{
	g->ram = aligned_alloc(4096, TEST_RAM_SIZE);
	assert_non_null(g->ram);
	memset(g->ram, 0, TEST_RAM_SIZE);
	guest_memory_init(&g->mem, g->ram, TEST_RAM_IPA, TEST_RAM_SIZE);
	g->next_free = TEST_RAM_IPA;
}

void test_guest_free(struct test_guest *g)
{
	free(g->ram);
}

int test_guest_teardown(void **state)
{
	test_guest_free(*state);
	return 0;
}

void *test_gpa(struct test_guest *g, uint64_t ipa)
{
	assert_true(ipa >= TEST_RAM_IPA && ipa < TEST_RAM_IPA + TEST_RAM_SIZE);
	return g->ram + (ipa - TEST_RAM_IPA);
}

uint64_t test_alloc(struct test_guest *g, uint64_t size)
{
	uint64_t ipa = g->next_free;

	g->next_free = (ipa + size + 15) & ~15ull;
	assert_true(g->next_free <= TEST_RAM_IPA + TEST_RAM_SIZE);
	return ipa;
}

void test_vq_layout(struct test_guest *g, struct test_vq *vq, uint16_t num)
{
	memset(vq, 0, sizeof(*vq));
	vq->num = num;
	vq->desc = test_alloc(g, (uint64_t)VIRTQ_DESC_SIZE * num);
	vq->avail = test_alloc(g, VIRTQ_AVAIL_SIZE(num));
	vq->used = test_alloc(g, VIRTQ_USED_SIZE(num));
}

void test_vq_set_desc(struct test_guest *g, struct test_vq *vq, uint16_t i, uint64_t addr,
		      uint32_t len, uint16_t flags, uint16_t next)
{
	uint8_t *p = test_gpa(g, vq->desc + (uint64_t)i * VIRTQ_DESC_SIZE);

	memcpy(p, &addr, 8);
	memcpy(p + 8, &len, 4);
	memcpy(p + 12, &flags, 2);
	memcpy(p + 14, &next, 2);
}

void test_vq_set_avail_idx(struct test_guest *g, struct test_vq *vq, uint16_t idx)
{
	vq->avail_idx = idx;
	memcpy(test_gpa(g, vq->avail + 2), &idx, 2);
}

void test_vq_publish(struct test_guest *g, struct test_vq *vq, uint16_t head)
{
	memcpy(test_gpa(g, vq->avail + 4 + 2u * (vq->avail_idx % vq->num)), &head, 2);
	test_vq_set_avail_idx(g, vq, (uint16_t)(vq->avail_idx + 1));
}

uint16_t test_vq_chain(struct test_guest *g, struct test_vq *vq, const struct test_buf *bufs, int n)
{
	uint16_t head = vq->next_desc;

	for (int i = 0; i < n; i++) {
		uint16_t d = (uint16_t)((head + i) % vq->num);

		test_vq_set_desc(g, vq, d, bufs[i].ipa, bufs[i].len,
				 (uint16_t)((bufs[i].writable ? VIRTQ_DESC_F_WRITE : 0) |
					    (i + 1 < n ? VIRTQ_DESC_F_NEXT : 0)),
				 (uint16_t)((d + 1) % vq->num));
	}
	vq->next_desc = (uint16_t)((head + n) % vq->num);
	test_vq_publish(g, vq, head);
	return head;
}

uint16_t test_vq_used_idx(struct test_guest *g, const struct test_vq *vq)
{
	uint16_t idx;

	memcpy(&idx, test_gpa(g, vq->used + 2), 2);
	return idx;
}

uint32_t test_vq_used(struct test_guest *g, const struct test_vq *vq, uint16_t i, uint32_t *len)
{
	uint8_t *e = test_gpa(g, vq->used + 4 + 8u * (i % vq->num));
	uint32_t id;

	memcpy(&id, e, 4);
	memcpy(len, e + 4, 4);
	return id;
}

void test_vq_attach(struct test_guest *g, struct test_vq *vq, struct virtqueue *q, uint32_t max_bytes)
{
	virtqueue_init(q, &g->mem, VIRTQUEUE_MAX_SIZE, max_bytes);
	q->num = vq->num;
	q->desc_ipa = vq->desc;
	q->avail_ipa = vq->avail;
	q->used_ipa = vq->used;
	assert_int_equal(virtqueue_enable(q), 0);
}

uint32_t test_mmio_read(struct virtio_mmio *dev, uint64_t offset)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(virtio_mmio_read(dev, offset, 4, &v), 0);
	return v;
}

int test_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t value)
{
	int rc = virtio_mmio_write(dev, offset, 4, value);

	assert_true(rc >= 0);
	return rc;
}

void test_mmio_setup_queue(struct virtio_mmio *dev, uint32_t sel, const struct test_vq *vq)
{
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_SEL, sel);
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_NUM, vq->num);
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)vq->desc);
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(vq->desc >> 32));
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)vq->avail);
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(vq->avail >> 32));
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)vq->used);
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(vq->used >> 32));
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_READY, 1);
}

void test_mmio_bring_up(struct virtio_mmio *dev, struct test_guest *g, struct test_vq *vqs, int nq)
{
	uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	test_mmio_write(dev, VIRTIO_MMIO_STATUS, 0);
	test_mmio_write(dev, VIRTIO_MMIO_STATUS, VIRTIO_STATUS_ACKNOWLEDGE);
	test_mmio_write(dev, VIRTIO_MMIO_STATUS, status);
	for (uint32_t sel = 0; sel < 2; sel++) {
		test_mmio_write(dev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, sel);
		test_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, sel);
		test_mmio_write(dev, VIRTIO_MMIO_DRIVER_FEATURES, test_mmio_read(dev, VIRTIO_MMIO_DEVICE_FEATURES));
	}
	status |= VIRTIO_STATUS_FEATURES_OK;
	test_mmio_write(dev, VIRTIO_MMIO_STATUS, status);
	assert_int_equal(test_mmio_read(dev, VIRTIO_MMIO_STATUS), status);
	for (int i = 0; i < nq; i++) {
		test_vq_layout(g, &vqs[i], 16);
		test_mmio_setup_queue(dev, (uint32_t)i, &vqs[i]);
		assert_int_equal(test_mmio_read(dev, VIRTIO_MMIO_QUEUE_READY), 1);
	}
	test_mmio_write(dev, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_DRIVER_OK);
}

void test_mmio_notify(struct virtio_mmio *dev, uint32_t queue)
{
	test_mmio_write(dev, VIRTIO_MMIO_QUEUE_NOTIFY, queue);
}
