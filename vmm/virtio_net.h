/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-net (virtio 1.2 spec 5.1), one queue pair, a MAC address and no offloads: each frame the
 * guest sends goes to a sink whole; frames for the guest go into its receive buffers, each behind
 * a virtio_net_hdr that says nothing but num_buffers = 1.
 */
#ifndef VMM_VIRTIO_NET_H
#define VMM_VIRTIO_NET_H

#include <stddef.h>
#include <stdint.h>
#include "virtio_mmio.h"

#define VIRTIO_NET_F_MAC		5

#define VIRTIO_NET_RX			0u	/* receiveq1 */
#define VIRTIO_NET_TX			1u	/* transmitq1 */
#define VIRTIO_NET_QUEUE_SIZE		256u
/* virtio_net_hdr with VERSION_1: flags, gso_type, hdr_len, gso_size, csum_start, csum_offset, num_buffers. */
#define VIRTIO_NET_HDR_BYTES		12u
#define VIRTIO_NET_HDR_NUM_BUFFERS	10u	/* its offset */
/* An Ethernet frame without FCS, with one VLAN tag. */
#define VIRTIO_NET_MAX_FRAME		1518u
#define VIRTIO_NET_CONFIG_SIZE		6u	/* mac */

struct virtio_net_config {
	uint8_t mac[6];
	void (*sink)(void *ctx, const uint8_t *frame, size_t len);
	void *sink_ctx;
};

struct virtio_net {
	struct virtio_mmio mmio;
	const struct virtio_net_config *config;
	uint64_t tx_dropped;		/* frames the guest sent that were not Ethernet frames we pass on */
	uint64_t rx_dropped;		/* frames for the guest that its buffer could not hold */
	uint8_t frame[VIRTIO_NET_MAX_FRAME];
};

void virtio_net_init(struct virtio_net *net, const struct virtio_net_config *config,
		     const struct guest_memory *mem);
/*
 * A frame for the guest: 0 when it is in a receive buffer; -VIRTIO_ERR_NO_BUFFER when the guest
 * has none ready (the caller may keep the frame and retry on the next notify); -VIRTIO_ERR_LAYOUT
 * when it is larger than VIRTIO_NET_MAX_FRAME or the guest's buffer (then dropped);
 * -VIRTIO_ERR_BROKEN when the device needs a reset.
 */
int virtio_net_receive(struct virtio_net *net, const void *frame, size_t len);

#endif
