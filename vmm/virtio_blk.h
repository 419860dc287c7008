/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk (virtio 1.2 spec 5.2) over a backend that reads and writes byte ranges of a disk
 * image. Requests: IN, OUT, FLUSH, GET_ID; anything else is answered UNSUPP.
 */
#ifndef VMM_VIRTIO_BLK_H
#define VMM_VIRTIO_BLK_H

#include <stdbool.h>
#include <stdint.h>
#include "virtio_mmio.h"

#define VIRTIO_BLK_F_SIZE_MAX		1
#define VIRTIO_BLK_F_SEG_MAX		2
#define VIRTIO_BLK_F_RO			5
#define VIRTIO_BLK_F_BLK_SIZE		6
#define VIRTIO_BLK_F_FLUSH		9

#define VIRTIO_BLK_T_IN			0u
#define VIRTIO_BLK_T_OUT		1u
#define VIRTIO_BLK_T_FLUSH		4u
#define VIRTIO_BLK_T_GET_ID		8u

#define VIRTIO_BLK_S_OK			0u
#define VIRTIO_BLK_S_IOERR		1u
#define VIRTIO_BLK_S_UNSUPP		2u

#define VIRTIO_BLK_SECTOR_SIZE		512u
#define VIRTIO_BLK_ID_BYTES		20u
#define VIRTIO_BLK_HEADER_BYTES		16u	/* type u32, reserved u32, sector u64 */
/* What the guest is told it may send: data buffers per request and bytes per buffer. */
#define VIRTIO_BLK_SEG_MAX		(VIRTQUEUE_MAX_SEGMENTS - 2u)	/* + header + status */
#define VIRTIO_BLK_SIZE_MAX		(64u * 1024u)
#define VIRTIO_BLK_QUEUE_SIZE		128u
#define VIRTIO_BLK_CONFIG_SIZE		24u	/* capacity, size_max, seg_max, geometry, blk_size */

/* The disk image. Each returns 0, or nonzero for an I/O error. */
struct virtio_blk_backend_ops {
	int (*read)(void *ctx, uint64_t offset, void *buf, uint32_t len);
	int (*write)(void *ctx, uint64_t offset, const void *buf, uint32_t len);
	int (*flush)(void *ctx);
};

/* Fixed for the device's life (from the manifest). */
struct virtio_blk_config {
	uint64_t capacity;		/* in 512-byte sectors */
	uint32_t blk_size;		/* the image's preferred block size, a power of two >= 512 */
	bool read_only;
	char id[VIRTIO_BLK_ID_BYTES];	/* GET_ID's answer, NUL-padded */
	const struct virtio_blk_backend_ops *backend;
	void *backend_ctx;
};

struct virtio_blk {
	struct virtio_mmio mmio;
	const struct virtio_blk_config *config;
	uint8_t config_space[VIRTIO_BLK_CONFIG_SIZE];
};

void virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_config *config,
		     const struct guest_memory *mem);

#endif
