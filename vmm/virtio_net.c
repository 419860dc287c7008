/* SPDX-License-Identifier: BSD-2-Clause */
/* virtio-net device without offloads: frames pass whole, copied once each way. */
#include <string.h>
#include "virtio_net.h"

static struct virtio_net *to_net(const struct virtio_mmio *dev)
{
	return dev->data;
}

static uint64_t net_features(const struct virtio_mmio *dev)
{
	(void)dev;
	return VIRTIO_BIT(VIRTIO_NET_F_MAC);
}

static void net_config_read(struct virtio_mmio *dev, uint32_t offset, uint32_t size, uint32_t *value)
{
	*value = 0;
	memcpy(value, to_net(dev)->config->mac + offset, size);
}

/*
 * A frame from the guest. With no offload offered, a header asking for checksum or segmentation
 * work is a frame we cannot send as it is: dropped, as are runts and giants. Nothing is written.
 */
static int64_t net_transmit(struct virtio_mmio *dev, const struct virtq_chain *c)
{
	struct virtio_net *net = to_net(dev);
	uint8_t hdr[VIRTIO_NET_HDR_BYTES];
	uint64_t len = c->read_bytes - VIRTIO_NET_HDR_BYTES;

	if (c->read_bytes <= VIRTIO_NET_HDR_BYTES || len > VIRTIO_NET_MAX_FRAME) {
		net->tx_dropped++;
		return 0;
	}
	virtq_chain_read(c, 0, hdr, sizeof(hdr));
	if (hdr[0] || hdr[1]) {		/* flags, gso_type */
		net->tx_dropped++;
		return 0;
	}
	virtq_chain_read(c, VIRTIO_NET_HDR_BYTES, net->frame, len);
	net->config->sink(net->config->sink_ctx, net->frame, len);
	return 0;
}

int virtio_net_receive(struct virtio_net *net, const void *frame, size_t len)
{
	struct virtio_mmio *dev = &net->mmio;
	struct virtqueue *q = &dev->queues[VIRTIO_NET_RX];
	uint8_t hdr[VIRTIO_NET_HDR_BYTES] = { 0 };
	struct virtq_chain chain;
	uint32_t used = 0;
	int rc;

	if (dev->status & VIRTIO_STATUS_NEEDS_RESET)
		return -VIRTIO_ERR_BROKEN;
	if (!(dev->status & VIRTIO_STATUS_DRIVER_OK))
		return -VIRTIO_ERR_NO_BUFFER;
	if (len > VIRTIO_NET_MAX_FRAME) {
		net->rx_dropped++;
		return -VIRTIO_ERR_LAYOUT;
	}
	rc = virtqueue_pop(q, &chain);
	if (rc < 0) {
		virtio_mmio_fail(dev, rc);
		return -VIRTIO_ERR_BROKEN;
	}
	if (rc == 0)
		return -VIRTIO_ERR_NO_BUFFER;
	/* Without MRG_RXBUF every frame fits one buffer (spec 5.1.6.3); else the buffer returns empty. */
	if (chain.write_bytes >= VIRTIO_NET_HDR_BYTES + len) {
		hdr[VIRTIO_NET_HDR_NUM_BUFFERS] = 1;
		virtq_chain_write(&chain, 0, hdr, sizeof(hdr));
		virtq_chain_write(&chain, VIRTIO_NET_HDR_BYTES, frame, len);
		used = VIRTIO_NET_HDR_BYTES + (uint32_t)len;
	} else
		net->rx_dropped++;
	virtqueue_push(q, chain.head, used);
	virtio_mmio_used(dev, VIRTIO_NET_RX);
	return used ? 0 : -VIRTIO_ERR_LAYOUT;
}

/* Receive buffers are only taken when a frame comes; a notify on receiveq needs nothing. */
static void net_notify(struct virtio_mmio *dev, uint16_t queue)
{
	if (queue == VIRTIO_NET_TX)
		virtio_mmio_serve_queue(dev, queue, net_transmit);
}

static const struct virtio_device_ops net_ops = {
	.device_id = VIRTIO_ID_NET,
	.num_queues = 2,
	.queue_num_max = VIRTIO_NET_QUEUE_SIZE,
	/* Room for a header and a largest frame however the guest splits them, and no more. */
	.max_chain_bytes = 64u * 1024u,
	.config_size = VIRTIO_NET_CONFIG_SIZE,
	.features = net_features,
	.config_read = net_config_read,
	.queue_notify = net_notify,
};

void virtio_net_init(struct virtio_net *net, const struct virtio_net_config *config,
		     const struct guest_memory *mem)
{
	net->config = config;
	net->tx_dropped = net->rx_dropped = 0;
	virtio_mmio_init(&net->mmio, &net_ops, net, mem);
}
