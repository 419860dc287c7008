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

/*
 * N bytes of BLOCK from byte AT on, which a guest buffer holds only part of, through the bounce
 * block: a write reads the block, changes it and writes it back. The rest of the block comes in
 * the chain's next buffer and is moved the same way, so a written block ends up whole.
 */
static int move_partial(struct virtio_blk_blocks *disk, uint64_t block, uint32_t at, uint8_t *guest, uint32_t n,
			bool write)
{
	if (disk->ops->read_block(disk->ctx, block, disk->bounce))
		return -1;
	if (!write) {
		memcpy(guest, disk->bounce + at, n);
		return 0;
	}
	memcpy(disk->bounce + at, guest, n);
	return disk->ops->write_block(disk->ctx, block, disk->bounce);
}

/* LEN bytes at OFFSET between the disk and GUEST, one call a block; a write only reads GUEST. */
static int move(struct virtio_blk_blocks *disk, uint64_t offset, uint8_t *guest, uint32_t len, bool write)
{
	if ((write && disk->read_only) || !on_disk(disk, offset, len))
		return -1;
	while (len) {
		uint32_t n = in_block(offset, len);
		uint64_t block = offset / BLOCK;
		int err;

		if (n < BLOCK)
			err = move_partial(disk, block, (uint32_t)(offset % BLOCK), guest, n, write);
		else if (write)
			err = disk->ops->write_block(disk->ctx, block, guest);
		else
			err = disk->ops->read_block(disk->ctx, block, guest);
		if (err)
			return -1;
		guest += n;
		offset += n;
		len -= n;
	}
	return 0;
}

static int blocks_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	return move(ctx, offset, buf, len, false);
}

static int blocks_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	return move(ctx, offset, (uint8_t *)(uintptr_t)buf, len, true);
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
