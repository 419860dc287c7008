/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk device. Data moves straight between guest buffers and the backend, buffer by buffer;
 * the request header and status byte may lie anywhere in the chain (VERSION_1 implies any layout).
 */
#include <string.h>
#include "virtio_blk.h"

static struct virtio_blk *to_blk(const struct virtio_mmio *dev)
{
	return dev->data;
}

static uint64_t blk_features(const struct virtio_mmio *dev)
{
	uint64_t f = VIRTIO_BIT(VIRTIO_BLK_F_SIZE_MAX) | VIRTIO_BIT(VIRTIO_BLK_F_SEG_MAX) |
		     VIRTIO_BIT(VIRTIO_BLK_F_BLK_SIZE) | VIRTIO_BIT(VIRTIO_BLK_F_FLUSH);

	return to_blk(dev)->config->read_only ? f | VIRTIO_BIT(VIRTIO_BLK_F_RO) : f;
}

static void blk_config_read(struct virtio_mmio *dev, uint32_t offset, uint32_t size, uint32_t *value)
{
	*value = 0;
	memcpy(value, to_blk(dev)->config_space + offset, size);
}

/*
 * Moves len bytes between the disk at byte `pos` and the chain's data, which starts `skip` bytes
 * into its readable (OUT) or writable (IN) part. Returns the bytes moved before any failure.
 */
static uint64_t transfer(const struct virtio_blk *blk, const struct virtq_chain *c, bool in,
			 uint64_t skip, uint64_t len, uint64_t pos)
{
	const struct virtio_blk_config *cfg = blk->config;
	uint64_t done = 0;

	while (done < len) {
		uint32_t n;
		uint8_t *p = virtq_chain_at(c, in, skip + done, &n);

		if (!p)
			break;
		if (n > len - done)
			n = (uint32_t)(len - done);
		if (in ? cfg->backend->read(cfg->backend_ctx, pos + done, p, n) :
			 cfg->backend->write(cfg->backend_ctx, pos + done, p, n))
			break;
		done += n;
	}
	return done;
}

/* Whether [sector, sector + bytes / 512) lies on the disk, bytes a whole number of sectors. */
static bool in_range(const struct virtio_blk *blk, uint64_t sector, uint64_t bytes)
{
	uint64_t capacity = blk->config->capacity;

	return bytes % VIRTIO_BLK_SECTOR_SIZE == 0 && sector <= capacity &&
	       bytes / VIRTIO_BLK_SECTOR_SIZE <= capacity - sector;
}

/* Carries out one request; returns its status and in *written the data bytes put in the chain. */
static uint8_t execute(const struct virtio_blk *blk, const struct virtq_chain *c, uint32_t type,
		       uint64_t sector, uint64_t *written)
{
	const struct virtio_blk_config *cfg = blk->config;
	uint64_t in_bytes = c->write_bytes - 1;		/* the last writable byte is the status */
	uint64_t out_bytes = c->read_bytes - VIRTIO_BLK_HEADER_BYTES;
	uint64_t pos = sector * VIRTIO_BLK_SECTOR_SIZE;

	*written = 0;
	switch (type) {
	case VIRTIO_BLK_T_IN:
		if (!in_range(blk, sector, in_bytes))
			return VIRTIO_BLK_S_IOERR;
		*written = transfer(blk, c, true, 0, in_bytes, pos);
		return *written == in_bytes ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
	case VIRTIO_BLK_T_OUT:
		if (cfg->read_only || !in_range(blk, sector, out_bytes))
			return VIRTIO_BLK_S_IOERR;
		return transfer(blk, c, false, VIRTIO_BLK_HEADER_BYTES, out_bytes, pos) == out_bytes ?
			VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR;
	case VIRTIO_BLK_T_FLUSH:
		if (cfg->read_only)
			return VIRTIO_BLK_S_OK;
		return cfg->backend->flush(cfg->backend_ctx) ? VIRTIO_BLK_S_IOERR : VIRTIO_BLK_S_OK;
	case VIRTIO_BLK_T_GET_ID:
		*written = virtq_chain_write(c, 0, cfg->id,
					     in_bytes < VIRTIO_BLK_ID_BYTES ? in_bytes : VIRTIO_BLK_ID_BYTES);
		return VIRTIO_BLK_S_OK;
	default:
		return VIRTIO_BLK_S_UNSUPP;
	}
}

static int64_t blk_request(struct virtio_mmio *dev, const struct virtq_chain *c)
{
	uint8_t header[VIRTIO_BLK_HEADER_BYTES], status;
	uint32_t type;
	uint64_t sector, written;

	/* Without a header to read and a status byte to write there is no request to answer. */
	if (c->read_bytes < VIRTIO_BLK_HEADER_BYTES || c->write_bytes < 1)
		return -VIRTIO_ERR_LAYOUT;
	virtq_chain_read(c, 0, header, sizeof(header));
	memcpy(&type, header, sizeof(type));
	memcpy(&sector, header + 8, sizeof(sector));
	status = execute(to_blk(dev), c, type, sector, &written);
	virtq_chain_write(c, c->write_bytes - 1, &status, 1);
	return (int64_t)written + 1;
}

static void blk_notify(struct virtio_mmio *dev, uint16_t queue)
{
	virtio_mmio_serve_queue(dev, queue, blk_request);
}

static const struct virtio_device_ops blk_ops = {
	.device_id = VIRTIO_ID_BLOCK,
	.num_queues = 1,
	.queue_num_max = VIRTIO_BLK_QUEUE_SIZE,
	/* The most a guest that keeps to SEG_MAX and SIZE_MAX sends, plus header and status. */
	.max_chain_bytes = VIRTIO_BLK_SEG_MAX * VIRTIO_BLK_SIZE_MAX + 4096u,
	.config_size = VIRTIO_BLK_CONFIG_SIZE,
	.features = blk_features,
	.config_read = blk_config_read,
	.queue_notify = blk_notify,
};

void virtio_blk_init(struct virtio_blk *blk, const struct virtio_blk_config *config,
		     const struct guest_memory *mem)
{
	uint32_t size_max = VIRTIO_BLK_SIZE_MAX, seg_max = VIRTIO_BLK_SEG_MAX;

	blk->config = config;
	/* Config space (spec 5.2.4), little-endian; geometry (offset 16) stays 0. */
	memset(blk->config_space, 0, sizeof(blk->config_space));
	memcpy(blk->config_space + 0, &config->capacity, 8);
	memcpy(blk->config_space + 8, &size_max, 4);
	memcpy(blk->config_space + 12, &seg_max, 4);
	memcpy(blk->config_space + 20, &config->blk_size, 4);
	virtio_mmio_init(&blk->mmio, &blk_ops, blk, mem);
}
