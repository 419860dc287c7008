/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The device side of a split virtqueue (virtio 1.2 spec 2.7) in guest RAM: takes the chains the
 * driver makes available and gives them back through the used ring. Everything in the rings is
 * the guest's to write, so every index, address and length is checked before it is used.
 */
#ifndef VMM_VIRTQUEUE_H
#define VMM_VIRTQUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "guest_memory.h"

/* Largest queue any of our devices offers (QueueNumMax); queue sizes are powers of two. */
#define VIRTQUEUE_MAX_SIZE		256u
/* Buffers one chain may have: a block request's data segments plus its header and status. */
#define VIRTQUEUE_MAX_SEGMENTS		64u

/* The split ring's layout in guest memory (little-endian, as the guest and the VMM both are). */
#define VIRTQ_DESC_F_NEXT		1u
#define VIRTQ_DESC_F_WRITE		2u
#define VIRTQ_DESC_F_INDIRECT		4u
#define VIRTQ_AVAIL_F_NO_INTERRUPT	1u
#define VIRTQ_DESC_SIZE			16u	/* addr u64, len u32, flags u16, next u16 */
#define VIRTQ_DESC_ALIGN		16u
#define VIRTQ_AVAIL_ALIGN		2u
#define VIRTQ_USED_ALIGN		4u
#define VIRTQ_AVAIL_SIZE(num)		(4u + 2u * (num) + 2u)	/* flags, idx, ring, used_event */
#define VIRTQ_USED_SIZE(num)		(4u + 8u * (num) + 2u)	/* flags, idx, ring, avail_event */

struct virtq_segment {
	uint8_t *ptr;		/* in the VMM's mapping of guest RAM, len bytes all inside it */
	uint32_t len;
	bool writable;		/* device-writable (the driver's VIRTQ_DESC_F_WRITE) */
};

/* One available chain: its readable buffers first, then its writable ones (the spec's order). */
struct virtq_chain {
	uint16_t head;		/* what virtqueue_push() gives back */
	uint16_t count;
	uint16_t readable;	/* seg[0 .. readable) are readable, the rest writable */
	uint64_t read_bytes;
	uint64_t write_bytes;
	struct virtq_segment seg[VIRTQUEUE_MAX_SEGMENTS];
};

struct virtqueue {
	/* Fixed by the device. */
	const struct guest_memory *mem;
	uint16_t num_max;
	uint32_t max_chain_bytes;
	/* Written by the driver through the transport while the queue is not ready. */
	uint16_t num;
	uint64_t desc_ipa, avail_ipa, used_ipa;
	bool ready;
	/* The device's own position, and the rings resolved when the queue became ready. */
	uint16_t last_avail;
	uint16_t used_idx;
	int error;		/* the first refused chain's -VIRTIO_ERR_*, sticky until reset */
	uint8_t *desc, *avail, *used;
};

void virtqueue_init(struct virtqueue *q, const struct guest_memory *mem, uint16_t num_max,
		    uint32_t max_chain_bytes);
/* Back to the state after init: not ready, no rings, no error. */
void virtqueue_reset(struct virtqueue *q);
/* The driver's QueueReady = 1: checks size and rings; 0 or -VIRTIO_ERR_QUEUE_SETUP. */
int virtqueue_enable(struct virtqueue *q);

/*
 * The next available chain into *chain: 1 when there is one, 0 when there is none (or the queue
 * is not ready), -VIRTIO_ERR_* when the guest's rings are malformed. After an error the queue
 * stays refused (the same error) until it is reset.
 */
int virtqueue_pop(struct virtqueue *q, struct virtq_chain *chain);
/* Hands chain `head` back to the driver with `len` bytes written into it. */
int virtqueue_push(struct virtqueue *q, uint16_t head, uint32_t len);
/* After pushing: whether the driver wants an interrupt for it (VIRTQ_AVAIL_F_NO_INTERRUPT clear). */
bool virtqueue_wants_interrupt(const struct virtqueue *q);

/*
 * The guest bytes at byte `offset` of the chain's readable (writable = false) or writable part:
 * a pointer, and in *len how many bytes follow it in that one buffer; NULL past the part's end.
 */
uint8_t *virtq_chain_at(const struct virtq_chain *chain, bool writable, uint64_t offset, uint32_t *len);
/* Copy out of the chain's readable bytes, from byte `offset` on; returns the bytes copied. */
size_t virtq_chain_read(const struct virtq_chain *chain, uint64_t offset, void *dst, size_t len);
/* Copy into the chain's writable bytes, from byte `offset` on; returns the bytes copied. */
size_t virtq_chain_write(const struct virtq_chain *chain, uint64_t offset, const void *src, size_t len);

#endif
