/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libFuzzer target: the VMM's virtqueue and virtio-blk with a hostile guest. The input is the
 * guest's RAM (rings, descriptors, request headers, data) after a few bytes that choose the queue
 * size and where the rings are; the device is brought up through its registers, notified, and its
 * chains also popped and pushed directly. Whatever the bytes, nothing may touch memory outside
 * guest RAM or the disk, every popped buffer must lie inside RAM, and every loop must end.
 */
#include <stdlib.h>
#include <string.h>
#include "virtio_blk.h"

#define DISK_SECTORS 8u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t disk[DISK_SECTORS * VIRTIO_BLK_SECTOR_SIZE];

static int disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	(void)ctx;
	if (offset > sizeof(disk) || len > sizeof(disk) - offset)
		__builtin_trap();
	memcpy(buf, disk + offset, len);
	return 0;
}

static int disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	(void)ctx;
	if (offset > sizeof(disk) || len > sizeof(disk) - offset)
		__builtin_trap();
	memcpy(disk + offset, buf, len);
	return 0;
}

static int disk_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

static const struct virtio_blk_backend_ops disk_ops = { disk_read, disk_write, disk_flush };

static void mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t value)
{
	(void)virtio_mmio_write(dev, offset, 4, value);
}

static uint16_t take16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/* Every segment of a popped chain must lie inside guest RAM. */
static void check_chain(const struct virtq_chain *c, const uint8_t *ram, size_t ram_size)
{
	for (uint16_t i = 0; i < c->count; i++) {
		const uint8_t *p = c->seg[i].ptr;

		if (p < ram || c->seg[i].len == 0 || c->seg[i].len > ram_size - (size_t)(p - ram))
			__builtin_trap();
	}
}

#define CONTROL_BYTES 8u
#define RAM_IPA 0x80000000ull

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct virtio_blk blk;
	static struct virtq_chain chain;
	const struct virtio_blk_config config = {
		.capacity = DISK_SECTORS, .blk_size = 512, .read_only = false, .id = "fuzz",
		.backend = &disk_ops, .backend_ctx = NULL,
	};
	struct guest_memory mem;
	size_t ram_size;
	uint8_t *ram;
	uint16_t num;
	uint32_t status = VIRTIO_STATUS_ACKNOWLEDGE | VIRTIO_STATUS_DRIVER;

	if (size < CONTROL_BYTES)
		return 0;
	ram_size = size - CONTROL_BYTES;
	/* An exact-size heap copy, so that ASan sees any access past guest RAM. */
	ram = malloc(ram_size ? ram_size : 1);
	if (!ram)
		return 0;
	memcpy(ram, data + CONTROL_BYTES, ram_size);
	guest_memory_init(&mem, ram, RAM_IPA, ram_size);

	/* Control bytes: queue size, then the desc, avail and used rings' offsets into RAM. */
	num = (uint16_t)(1u << (data[0] % 9));
	virtio_blk_init(&blk, &config, &mem);
	mmio_write(&blk.mmio, VIRTIO_MMIO_STATUS, status);
	mmio_write(&blk.mmio, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	mmio_write(&blk.mmio, VIRTIO_MMIO_DRIVER_FEATURES, 1);
	mmio_write(&blk.mmio, VIRTIO_MMIO_STATUS, status |= VIRTIO_STATUS_FEATURES_OK);
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_NUM, data[1] & 0x80 ? data[1] : num);
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)RAM_IPA + take16(data + 2));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DRIVER_LOW, (uint32_t)RAM_IPA + take16(data + 4));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DEVICE_LOW, (uint32_t)RAM_IPA + take16(data + 6));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DESC_HIGH, (uint32_t)(RAM_IPA >> 32));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (uint32_t)(RAM_IPA >> 32));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (uint32_t)(RAM_IPA >> 32));
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_READY, 1);
	mmio_write(&blk.mmio, VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_DRIVER_OK);

	/* The device serving whatever the rings say, twice (the second sees the first's used ring). */
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	mmio_write(&blk.mmio, VIRTIO_MMIO_QUEUE_NOTIFY, 0);
	if (blk.mmio.error && !(blk.mmio.status & VIRTIO_STATUS_NEEDS_RESET))
		__builtin_trap();

	/* The same rings popped and pushed directly, from the start, with the chains checked. */
	if (blk.mmio.queues[0].ready) {
		struct virtqueue *q = &blk.mmio.queues[0];
		int rc;

		virtqueue_init(q, &mem, VIRTIO_BLK_QUEUE_SIZE, blk.mmio.ops->max_chain_bytes);
		q->num = data[1] & 0x80 ? data[1] : num;
		q->desc_ipa = RAM_IPA + take16(data + 2);
		q->avail_ipa = RAM_IPA + take16(data + 4);
		q->used_ipa = RAM_IPA + take16(data + 6);
		if (virtqueue_enable(q) == 0) {
			for (unsigned int i = 0; i <= q->num && (rc = virtqueue_pop(q, &chain)) > 0; i++) {
				check_chain(&chain, ram, ram_size);
				virtq_chain_write(&chain, 0, "fuzz", 4);
				if (virtqueue_push(q, chain.head, (uint32_t)chain.write_bytes))
					__builtin_trap();
			}
		}
	}
	(void)vmm_strerror(blk.mmio.error);
	mmio_write(&blk.mmio, VIRTIO_MMIO_STATUS, 0);
	free(ram);
	return 0;
}
