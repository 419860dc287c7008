/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-blk's byte ranges as calls on a device of 512-byte blocks (virtio_blk_blocks.h). */
#include <string.h>
#include "virtio_blk_blocks.h"

#define BLOCK	VIRTIO_BLK_SECTOR_SIZE

/* virtio-blk checks every request's range; this checks it again, as the image backend does. */
static bool on_disk(const struct virtio_blk_blocks *disk, uint64_t offset, uint32_t len)
{
	uint64_t bytes = disk->blocks * BLOCK;

	return disk->blocks <= UINT64_MAX / BLOCK && offset <= bytes && len <= bytes - offset;
}

/* The bytes of [offset, offset + len) that lie in offset's block: at most to the block's end. */
static uint32_t in_block(uint64_t offset, uint32_t len)
{
	uint32_t left = BLOCK - (uint32_t)(offset % BLOCK);

	return len < left ? len : left;
}

static int blocks_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	struct virtio_blk_blocks *disk = ctx;
	uint8_t *to = buf;

	if (!on_disk(disk, offset, len))
		return -1;
	while (len) {
		uint32_t n = in_block(offset, len);
		uint64_t block = offset / BLOCK;

		if (n == BLOCK) {
			if (disk->ops->read_block(disk->ctx, block, to))
				return -1;
		} else {
			if (disk->ops->read_block(disk->ctx, block, disk->bounce))
				return -1;
			memcpy(to, disk->bounce + offset % BLOCK, n);
		}
		to += n;
		offset += n;
		len -= n;
	}
	return 0;
}

/*
 * A block the buffer holds part of is read, changed and written back: the rest of it comes in
 * the chain's next buffer and is written the same way, so the block ends up whole.
 */
static int blocks_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct virtio_blk_blocks *disk = ctx;
	const uint8_t *from = buf;

	if (disk->read_only || !on_disk(disk, offset, len))
		return -1;
	while (len) {
		uint32_t n = in_block(offset, len);
		uint64_t block = offset / BLOCK;

		if (n == BLOCK) {
			if (disk->ops->write_block(disk->ctx, block, from))
				return -1;
		} else {
			if (disk->ops->read_block(disk->ctx, block, disk->bounce))
				return -1;
			memcpy(disk->bounce + offset % BLOCK, from, n);
			if (disk->ops->write_block(disk->ctx, block, disk->bounce))
				return -1;
		}
		from += n;
		offset += n;
		len -= n;
	}
	return 0;
}

static int blocks_flush(void *ctx)
{
	struct virtio_blk_blocks *disk = ctx;

	return disk->ops->flush(disk->ctx);
}

const struct virtio_blk_backend_ops virtio_blk_blocks_backend = {
	.read = blocks_read,
	.write = blocks_write,
	.flush = blocks_flush,
};
