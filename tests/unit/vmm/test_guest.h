/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the VMM tests share: a guest RAM, and a minimal virtio driver that lays out split rings,
 * builds descriptor chains and drives a device through its virtio-mmio registers, as Linux would.
 */
#ifndef TEST_GUEST_H
#define TEST_GUEST_H

#include <stdbool.h>
#include <stdint.h>
#include "guest_memory.h"
#include "virtio_mmio.h"

#define TEST_RAM_IPA	0x40000000ull
#define TEST_RAM_SIZE	(1u << 20)

struct test_guest {
	uint8_t *ram;
	struct guest_memory mem;
	uint64_t next_free;	/* bump allocator over RAM, for buffers */
};

/* The driver's side of one queue. */
struct test_vq {
	uint16_t num;
	uint64_t desc, avail, used;
	uint16_t avail_idx;
	uint16_t next_desc;
};

struct test_buf {
	uint64_t ipa;
	uint32_t len;
	bool writable;
};

void test_guest_init(struct test_guest *g);
void test_guest_free(struct test_guest *g);
/* cmocka teardown for a fixture whose first member is its struct test_guest. */
int test_guest_teardown(void **state);
void *test_gpa(struct test_guest *g, uint64_t ipa);
uint64_t test_alloc(struct test_guest *g, uint64_t size);

/* Rings for a queue of num entries, in fresh RAM. */
void test_vq_layout(struct test_guest *g, struct test_vq *vq, uint16_t num);
void test_vq_set_desc(struct test_guest *g, struct test_vq *vq, uint16_t i, uint64_t addr,
		      uint32_t len, uint16_t flags, uint16_t next);
/* Puts head in the avail ring and moves avail idx on by one. */
void test_vq_publish(struct test_guest *g, struct test_vq *vq, uint16_t head);
void test_vq_set_avail_idx(struct test_guest *g, struct test_vq *vq, uint16_t idx);
/* A chain of n buffers in fresh descriptors, published; returns its head. */
uint16_t test_vq_chain(struct test_guest *g, struct test_vq *vq, const struct test_buf *bufs, int n);
uint16_t test_vq_used_idx(struct test_guest *g, const struct test_vq *vq);
/* Used ring entry i: id, and len in *len. */
uint32_t test_vq_used(struct test_guest *g, const struct test_vq *vq, uint16_t i, uint32_t *len);
/* A virtqueue set up on vq directly, without a transport. */
void test_vq_attach(struct test_guest *g, struct test_vq *vq, struct virtqueue *q, uint32_t max_bytes);

/* Register access that must succeed; the read's value, the write's irq change. */
uint32_t test_mmio_read(struct virtio_mmio *dev, uint64_t offset);
int test_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t value);
/* Linux's bring-up: reset, ACKNOWLEDGE, DRIVER, every offered feature, FEATURES_OK, queues, DRIVER_OK. */
void test_mmio_bring_up(struct virtio_mmio *dev, struct test_guest *g, struct test_vq *vqs, int nq);
void test_mmio_setup_queue(struct virtio_mmio *dev, uint32_t sel, const struct test_vq *vq);
void test_mmio_notify(struct virtio_mmio *dev, uint32_t queue);

#endif
