/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A virtio-blk backend over a device of 512-byte blocks (a storage partition on
 * kos_block_protocol): the byte ranges virtio-blk asks for become one call a block. A block that
 * lies whole in the guest's buffer moves straight between the buffer and the device; one that a
 * buffer holds only part of (buffers need not be sector-sized) goes through a bounce block, a
 * write of it read first.
 */
#ifndef VMM_VIRTIO_BLK_BLOCKS_H
#define VMM_VIRTIO_BLK_BLOCKS_H

#include <stdbool.h>
#include <stdint.h>
#include "virtio_blk.h"

/* The device, block numbers from its start. Each returns 0, or nonzero for an I/O error. */
struct virtio_blk_block_ops {
	int (*read_block)(void *ctx, uint64_t block, void *data);
	int (*write_block)(void *ctx, uint64_t block, const void *data);
	int (*flush)(void *ctx);
};

/* A disk of blocks: virtio_blk_config's backend_ctx, with virtio_blk_blocks_backend its backend. */
struct virtio_blk_blocks {
	const struct virtio_blk_block_ops *ops;
	void *ctx;
	uint64_t blocks;
	bool read_only;
	uint8_t bounce[VIRTIO_BLK_SECTOR_SIZE];
};

extern const struct virtio_blk_backend_ops virtio_blk_blocks_backend;

#endif
