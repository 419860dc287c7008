/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-mmio v2 register model. Every write is checked against the device's state before it
 * changes anything; what a guest may do wrong without being refused outright (a bad queue, a bad
 * chain) ends in DEVICE_NEEDS_RESET, never in a crash of the VMM.
 */
#include <string.h>
#include "virtio_mmio.h"

void virtio_mmio_init(struct virtio_mmio *dev, const struct virtio_device_ops *ops, void *data,
		      const struct guest_memory *mem)
{
	memset(dev, 0, sizeof(*dev));
	dev->ops = ops;
	dev->data = data;
	dev->mem = mem;
	for (unsigned int i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
		virtqueue_init(&dev->queues[i], mem, i < ops->num_queues ? ops->queue_num_max : 0,
			       ops->max_chain_bytes);
}

static uint64_t offered(const struct virtio_mmio *dev)
{
	return dev->ops->features(dev) | VIRTIO_BIT(VIRTIO_F_VERSION_1);
}

bool virtio_mmio_has_feature(const struct virtio_mmio *dev, unsigned int bit)
{
	return bit < 64 && (dev->driver_features & VIRTIO_BIT(bit));
}

enum virtio_irq_change virtio_mmio_irq_update(struct virtio_mmio *dev)
{
	bool level = dev->interrupt_status != 0;

	if (level == dev->irq_level)
		return VIRTIO_IRQ_NONE;
	dev->irq_level = level;
	return level ? VIRTIO_IRQ_RAISE : VIRTIO_IRQ_LOWER;
}

void virtio_mmio_used(struct virtio_mmio *dev, uint16_t queue)
{
	if (queue < dev->ops->num_queues && virtqueue_wants_interrupt(&dev->queues[queue]))
		dev->interrupt_status |= VIRTIO_MMIO_INT_VRING;
}

void virtio_mmio_fail(struct virtio_mmio *dev, int err)
{
	if (!dev->error)
		dev->error = err;
	dev->status |= VIRTIO_STATUS_NEEDS_RESET;
	/* Spec 2.1.2: a DRIVER_OK device that needs a reset sends a configuration change. */
	if (dev->status & VIRTIO_STATUS_DRIVER_OK)
		dev->interrupt_status |= VIRTIO_MMIO_INT_CONFIG;
}

void virtio_mmio_serve_queue(struct virtio_mmio *dev, uint16_t queue, virtio_chain_handler handle)
{
	struct virtqueue *q = &dev->queues[queue];
	struct virtq_chain chain;
	bool pushed = false;
	int64_t used;
	int rc;

	while ((rc = virtqueue_pop(q, &chain)) > 0) {
		used = handle(dev, &chain);
		if (used < 0) {
			rc = (int)used;
			break;
		}
		rc = virtqueue_push(q, chain.head, (uint32_t)used);
		if (rc)
			break;
		pushed = true;
	}
	if (pushed)
		virtio_mmio_used(dev, queue);
	if (rc < 0)
		virtio_mmio_fail(dev, rc);
}

static void reset(struct virtio_mmio *dev)
{
	dev->status = 0;
	dev->device_features_sel = dev->driver_features_sel = 0;
	dev->driver_features = 0;
	dev->queue_sel = 0;
	dev->interrupt_status = 0;
	dev->error = 0;
	for (unsigned int i = 0; i < VIRTIO_MMIO_MAX_QUEUES; i++)
		virtqueue_reset(&dev->queues[i]);
	if (dev->ops->reset)
		dev->ops->reset(dev);
}

/* The selected queue, if the device has it. */
static struct virtqueue *selected(struct virtio_mmio *dev)
{
	return dev->queue_sel < dev->ops->num_queues ? &dev->queues[dev->queue_sel] : NULL;
}

static int config_access(const struct virtio_mmio *dev, uint64_t offset, uint32_t size)
{
	if (size != 1 && size != 2 && size != 4)
		return -VIRTIO_ERR_ACCESS_SIZE;
	if (offset & (size - 1))
		return -VIRTIO_ERR_ACCESS_ALIGN;
	if (offset - VIRTIO_MMIO_CONFIG + size > dev->ops->config_size)
		return -VIRTIO_ERR_NO_REGISTER;
	return 0;
}

/* Registers are 32 bits wide and accessed only as such (spec 4.2.2.2). */
static int register_access(uint64_t offset, uint32_t size)
{
	if (size != 4)
		return -VIRTIO_ERR_ACCESS_SIZE;
	if (offset & 3)
		return -VIRTIO_ERR_ACCESS_ALIGN;
	return 0;
}

int virtio_mmio_read(struct virtio_mmio *dev, uint64_t offset, uint32_t size, uint32_t *value)
{
	struct virtqueue *q = selected(dev);
	int err;

	if (offset >= VIRTIO_MMIO_WINDOW_SIZE)
		return -VIRTIO_ERR_NO_REGISTER;
	if (offset >= VIRTIO_MMIO_CONFIG) {
		err = config_access(dev, offset, size);
		if (err)
			return err;
		dev->ops->config_read(dev, (uint32_t)(offset - VIRTIO_MMIO_CONFIG), size, value);
		return 0;
	}
	err = register_access(offset, size);
	if (err)
		return err;
	switch (offset) {
	case VIRTIO_MMIO_MAGIC_VALUE:
		*value = VIRTIO_MMIO_MAGIC;
		break;
	case VIRTIO_MMIO_VERSION_REG:
		*value = VIRTIO_MMIO_VERSION;
		break;
	case VIRTIO_MMIO_DEVICE_ID:
		*value = dev->ops->device_id;
		break;
	case VIRTIO_MMIO_VENDOR_ID_REG:
		*value = VIRTIO_MMIO_VENDOR_ID;
		break;
	case VIRTIO_MMIO_DEVICE_FEATURES:
		*value = dev->device_features_sel < 2 ?
			(uint32_t)(offered(dev) >> (32 * dev->device_features_sel)) : 0;
		break;
	case VIRTIO_MMIO_QUEUE_NUM_MAX:
		*value = q ? q->num_max : 0;
		break;
	case VIRTIO_MMIO_QUEUE_READY:
		*value = q ? q->ready : 0;
		break;
	case VIRTIO_MMIO_INTERRUPT_STATUS:
		*value = dev->interrupt_status;
		break;
	case VIRTIO_MMIO_STATUS:
		*value = dev->status;
		break;
	case VIRTIO_MMIO_CONFIG_GENERATION:
		*value = dev->config_generation;
		break;
	default:
		return -VIRTIO_ERR_NO_REGISTER;
	}
	return 0;
}

/* FEATURES_OK only for a subset of what we offer that includes VERSION_1 (no legacy drivers). */
static int write_status(struct virtio_mmio *dev, uint32_t value)
{
	uint32_t old = dev->status;
	uint32_t want = (value & ~VIRTIO_STATUS_NEEDS_RESET) | (old & VIRTIO_STATUS_NEEDS_RESET);

	if (value == 0) {
		reset(dev);
		return 0;
	}
	/* The driver only ever adds bits (spec 2.1.2); clearing one takes a reset. */
	if ((old & want) != old)
		return -VIRTIO_ERR_STATE;
	if ((want & VIRTIO_STATUS_FEATURES_OK) && !(old & VIRTIO_STATUS_FEATURES_OK)) {
		if ((dev->driver_features & ~offered(dev)) ||
		    !(dev->driver_features & VIRTIO_BIT(VIRTIO_F_VERSION_1)))
			return -VIRTIO_ERR_FEATURES;
	}
	if ((want & VIRTIO_STATUS_DRIVER_OK) && !(want & VIRTIO_STATUS_FEATURES_OK))
		return -VIRTIO_ERR_STATE;
	dev->status = want;
	return 0;
}

/* 64-bit values written as two 32-bit halves. */
static void set_half(uint64_t *reg, uint32_t value, bool high)
{
	if (high)
		*reg = (*reg & 0xffffffffull) | (uint64_t)value << 32;
	else
		*reg = (*reg & ~0xffffffffull) | value;
}

static int write_driver_features(struct virtio_mmio *dev, uint32_t value)
{
	if (dev->status & VIRTIO_STATUS_FEATURES_OK)
		return -VIRTIO_ERR_STATE;
	if (dev->driver_features_sel >= 2)
		return value ? -VIRTIO_ERR_FEATURES : 0;
	set_half(&dev->driver_features, value, dev->driver_features_sel == 1);
	return 0;
}

/* QueueNum and the ring addresses: only for a queue that exists and is not running. */
static int write_queue_setup(struct virtio_mmio *dev, uint64_t offset, uint32_t value)
{
	struct virtqueue *q = selected(dev);

	if (!q || q->ready)
		return -VIRTIO_ERR_STATE;
	switch (offset) {
	case VIRTIO_MMIO_QUEUE_NUM:
		if (value > 0xffff)
			return -VIRTIO_ERR_STATE;
		q->num = (uint16_t)value;
		break;
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
		set_half(&q->desc_ipa, value, offset == VIRTIO_MMIO_QUEUE_DESC_HIGH);
		break;
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
		set_half(&q->avail_ipa, value, offset == VIRTIO_MMIO_QUEUE_DRIVER_HIGH);
		break;
	default:
		set_half(&q->used_ipa, value, offset == VIRTIO_MMIO_QUEUE_DEVICE_HIGH);
		break;
	}
	return 0;
}

static int write_queue_ready(struct virtio_mmio *dev, uint32_t value)
{
	struct virtqueue *q = selected(dev);
	int err;

	if (!q)
		return -VIRTIO_ERR_STATE;
	if (!value) {
		q->ready = false;
		return 0;
	}
	if (q->ready)
		return 0;
	if (!(dev->status & VIRTIO_STATUS_FEATURES_OK))
		return -VIRTIO_ERR_STATE;
	err = virtqueue_enable(q);
	if (err)
		virtio_mmio_fail(dev, err);
	return 0;
}

static void notify(struct virtio_mmio *dev, uint32_t queue)
{
	/* A notify before DRIVER_OK, after a failure or for a stopped queue has nothing to run. */
	if (queue >= dev->ops->num_queues || !dev->queues[queue].ready ||
	    (dev->status & (VIRTIO_STATUS_DRIVER_OK | VIRTIO_STATUS_NEEDS_RESET)) !=
	    VIRTIO_STATUS_DRIVER_OK)
		return;
	dev->ops->queue_notify(dev, (uint16_t)queue);
}

static int write_register(struct virtio_mmio *dev, uint64_t offset, uint32_t value)
{
	switch (offset) {
	case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
		dev->device_features_sel = value;
		return 0;
	case VIRTIO_MMIO_DRIVER_FEATURES:
		return write_driver_features(dev, value);
	case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
		dev->driver_features_sel = value;
		return 0;
	case VIRTIO_MMIO_QUEUE_SEL:
		dev->queue_sel = value;
		return 0;
	case VIRTIO_MMIO_QUEUE_NUM:
	case VIRTIO_MMIO_QUEUE_DESC_LOW:
	case VIRTIO_MMIO_QUEUE_DESC_HIGH:
	case VIRTIO_MMIO_QUEUE_DRIVER_LOW:
	case VIRTIO_MMIO_QUEUE_DRIVER_HIGH:
	case VIRTIO_MMIO_QUEUE_DEVICE_LOW:
	case VIRTIO_MMIO_QUEUE_DEVICE_HIGH:
		return write_queue_setup(dev, offset, value);
	case VIRTIO_MMIO_QUEUE_READY:
		return write_queue_ready(dev, value);
	case VIRTIO_MMIO_QUEUE_NOTIFY:
		notify(dev, value);
		return 0;
	case VIRTIO_MMIO_INTERRUPT_ACK:
		dev->interrupt_status &= ~value;
		return 0;
	case VIRTIO_MMIO_STATUS:
		return write_status(dev, value);
	default:
		return -VIRTIO_ERR_NO_REGISTER;
	}
}

int virtio_mmio_write(struct virtio_mmio *dev, uint64_t offset, uint32_t size, uint32_t value)
{
	int err;

	if (offset >= VIRTIO_MMIO_WINDOW_SIZE)
		return -VIRTIO_ERR_NO_REGISTER;
	if (offset >= VIRTIO_MMIO_CONFIG) {
		err = config_access(dev, offset, size);
		if (!err)
			err = dev->ops->config_write ?
				dev->ops->config_write(dev, (uint32_t)(offset - VIRTIO_MMIO_CONFIG), size, value) :
				-VIRTIO_ERR_NO_REGISTER;
	} else {
		err = register_access(offset, size);
		if (!err)
			err = write_register(dev, offset, value);
	}
	if (err)
		return err;
	return virtio_mmio_irq_update(dev);
}
