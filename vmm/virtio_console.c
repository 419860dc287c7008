/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-console device: transmitq into a line assembler, receiveq from a byte source. */
#include <string.h>
#include "virtio_console.h"

static struct virtio_console *to_console(const struct virtio_mmio *dev)
{
	return dev->data;
}

/* No size, multiport or emergency write: the config space is empty. */
static uint64_t console_features(const struct virtio_mmio *dev)
{
	(void)dev;
	return 0;
}

static void console_config_read(struct virtio_mmio *dev, uint32_t offset, uint32_t size,
				uint32_t *value)
{
	(void)dev, (void)offset, (void)size;
	*value = 0;
}

/* The guest's output: every readable byte of the chain, in order; nothing is written back. */
static int64_t console_transmit(struct virtio_mmio *dev, const struct virtq_chain *c)
{
	struct virtio_console *con = to_console(dev);
	uint64_t offset = 0;
	uint32_t n;
	uint8_t *p;

	while ((p = virtq_chain_at(c, false, offset, &n))) {
		line_assembler_put(&con->line, p, n);
		offset += n;
	}
	return 0;
}

void virtio_console_input(struct virtio_console *con)
{
	struct virtio_mmio *dev = &con->mmio;
	struct virtqueue *q = &dev->queues[VIRTIO_CONSOLE_RX];
	bool pushed = false;
	int rc;

	if (!con->config->source || (dev->status & VIRTIO_STATUS_NEEDS_RESET) ||
	    !(dev->status & VIRTIO_STATUS_DRIVER_OK))
		return;
	for (;;) {
		uint64_t filled = 0;
		uint32_t room;
		uint8_t *p;
		size_t n;

		if (!con->rx_held) {
			rc = virtqueue_pop(q, &con->rx_chain);
			if (rc < 0 || (rc > 0 && con->rx_chain.write_bytes == 0)) {
				/* A receive buffer the device cannot write is no buffer at all. */
				virtio_mmio_fail(dev, rc < 0 ? rc : -VIRTIO_ERR_LAYOUT);
				break;
			}
			if (rc == 0)
				break;
			con->rx_held = true;
		}
		while ((p = virtq_chain_at(&con->rx_chain, true, filled, &room))) {
			n = con->config->source(con->config->source_ctx, p, room);
			filled += n;
			if (n < room)
				break;
		}
		if (!filled)
			break;
		con->rx_held = false;
		if (virtqueue_push(q, con->rx_chain.head, (uint32_t)filled))
			break;
		pushed = true;
	}
	if (pushed)
		virtio_mmio_used(dev, VIRTIO_CONSOLE_RX);
}

static void console_notify(struct virtio_mmio *dev, uint16_t queue)
{
	if (queue == VIRTIO_CONSOLE_TX)
		virtio_mmio_serve_queue(dev, queue, console_transmit);
	else
		virtio_console_input(to_console(dev));
}

void virtio_console_flush(struct virtio_console *con)
{
	line_assembler_flush(&con->line);
}

/* A reset guest starts a new line; a buffer we held is the old driver's. */
static void console_reset(struct virtio_mmio *dev)
{
	struct virtio_console *con = to_console(dev);

	line_assembler_flush(&con->line);
	con->rx_held = false;
}

static const struct virtio_device_ops console_ops = {
	.device_id = VIRTIO_ID_CONSOLE,
	.num_queues = 2,
	.queue_num_max = VIRTIO_CONSOLE_QUEUE_SIZE,
	.max_chain_bytes = VIRTIO_CONSOLE_MAX_CHAIN,
	.config_size = 0,
	.features = console_features,
	.config_read = console_config_read,
	.queue_notify = console_notify,
	.reset = console_reset,
};

void virtio_console_init(struct virtio_console *con, const struct virtio_console_config *config,
			 const struct guest_memory *mem)
{
	con->config = config;
	con->rx_held = false;
	line_assembler_init(&con->line, config->sink, config->sink_ctx);
	virtio_mmio_init(&con->mmio, &console_ops, con, mem);
}
