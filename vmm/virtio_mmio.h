/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio-mmio transport, version 2 (virtio 1.2 spec 4.2.2): the register window a guest's
 * data aborts land in. A device is a const ops table (what it is, what it offers, what it does
 * on a notify) and its own mutable data; this file owns features, status, queues and interrupts.
 */
#ifndef VMM_VIRTIO_MMIO_H
#define VMM_VIRTIO_MMIO_H

#include <stdbool.h>
#include <stdint.h>
#include "guest_memory.h"
#include "virtio.h"
#include "virtqueue.h"

#define VIRTIO_MMIO_MAGIC		0x74726976u	/* "virt" */
#define VIRTIO_MMIO_VERSION		2u
#define VIRTIO_MMIO_VENDOR_ID		0x5255414bu	/* "KAUR" */
#define VIRTIO_MMIO_WINDOW_SIZE		0x200u		/* registers and config space */

/* Register offsets (spec 4.2.2). */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000
#define VIRTIO_MMIO_VERSION_REG		0x004
#define VIRTIO_MMIO_DEVICE_ID		0x008
#define VIRTIO_MMIO_VENDOR_ID_REG	0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100

/* InterruptStatus bits. */
#define VIRTIO_MMIO_INT_VRING		1u
#define VIRTIO_MMIO_INT_CONFIG		2u

/* Queues per device: receive and transmit for console and net, one request queue for blk. */
#define VIRTIO_MMIO_MAX_QUEUES		2u

/* What the caller does with the device's interrupt line after an access. */
enum virtio_irq_change {
	VIRTIO_IRQ_NONE,
	VIRTIO_IRQ_RAISE,
	VIRTIO_IRQ_LOWER,
};

struct virtio_mmio;

struct virtio_device_ops {
	uint32_t device_id;
	uint16_t num_queues;
	uint16_t queue_num_max;
	uint32_t max_chain_bytes;
	uint32_t config_size;
	/* Device feature bits offered; the transport adds VIRTIO_F_VERSION_1. */
	uint64_t (*features)(const struct virtio_mmio *dev);
	/* Config space at offset (already inside config_size, aligned to size 1, 2 or 4). */
	void (*config_read)(struct virtio_mmio *dev, uint32_t offset, uint32_t size, uint32_t *value);
	/* NULL: the config space is read-only. */
	int (*config_write)(struct virtio_mmio *dev, uint32_t offset, uint32_t size, uint32_t value);
	/* The driver wrote QueueNotify for a ready queue of a DRIVER_OK device. */
	void (*queue_notify)(struct virtio_mmio *dev, uint16_t queue);
	/* The driver reset the device: forget everything in flight (NULL: nothing kept). */
	void (*reset)(struct virtio_mmio *dev);
};

struct virtio_mmio {
	const struct virtio_device_ops *ops;
	void *data;			/* the device's own state */
	const struct guest_memory *mem;
	uint32_t status;
	uint32_t device_features_sel;
	uint32_t driver_features_sel;
	uint64_t driver_features;
	uint32_t queue_sel;
	uint32_t interrupt_status;
	uint32_t config_generation;
	bool irq_level;			/* the line's level as last reported to the caller */
	int error;			/* why the device needs a reset (-VIRTIO_ERR_*), or 0 */
	struct virtqueue queues[VIRTIO_MMIO_MAX_QUEUES];
};

void virtio_mmio_init(struct virtio_mmio *dev, const struct virtio_device_ops *ops, void *data,
		      const struct guest_memory *mem);

/* A guest read of `size` bytes at `offset` in the window: 0 and *value, or -VIRTIO_ERR_*. */
int virtio_mmio_read(struct virtio_mmio *dev, uint64_t offset, uint32_t size, uint32_t *value);
/*
 * A guest write: an enum virtio_irq_change (>= 0), or -VIRTIO_ERR_* for an access the device
 * refuses, which then changed nothing. A queue the driver sets up wrongly is not refused here:
 * the device is marked as needing a reset (dev->error says why) and the driver is told.
 */
int virtio_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t size, uint32_t value);

/*
 * For devices: every chain the driver made available on `queue`, one at a time, to `handle`,
 * which returns how many bytes it wrote into the chain (its used length) or -VIRTIO_ERR_* to fail
 * the device; each chain is pushed back, and the driver interrupted if it wants that.
 */
typedef int64_t (*virtio_chain_handler)(struct virtio_mmio *dev, const struct virtq_chain *chain);
void virtio_mmio_serve_queue(struct virtio_mmio *dev, uint16_t queue, virtio_chain_handler handle);
/* For devices: chains were pushed to `queue`; interrupt the driver if it wants that. */
void virtio_mmio_used(struct virtio_mmio *dev, uint16_t queue);
/* For devices: the guest broke the protocol (err < 0); set DEVICE_NEEDS_RESET and tell it. */
void virtio_mmio_fail(struct virtio_mmio *dev, int err);
/* Whether the interrupt line must change after work done outside an access (host input). */
enum virtio_irq_change virtio_mmio_irq_update(struct virtio_mmio *dev);
/* Whether the driver negotiated feature `bit`. */
bool virtio_mmio_has_feature(const struct virtio_mmio *dev, unsigned int bit);

#endif
