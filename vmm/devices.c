/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's devices: the virtio library's console, net and blk models, each given a window
 * and an SPI, and their backends on Kauri (the app's console, two data diodes, mapped images,
 * storage partitions).
 * A guest access the model refuses reads as zero and changes nothing, as on hardware; its first
 * one per device, and a device the guest broke, are reported once.
 */
#include <string.h>
#include <kauri/channel.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/lib_error.h>
#include "devices.h"
#include "vm.h"

/* Console, network and every disk each get a window of the device tree's. */
_Static_assert(2 + CONFIG_VMM_MAX_BLK <= GUEST_DTB_MAX_VIRTIO, "a window for every device");

/* QEMU's first virtio-net MAC: the address a guest on QEMU's virt machine is used to. */
static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/* A line of the guest's console is one of the app's console lines. */
static void console_line(void *ctx, const char *line, size_t len)
{
	(void)ctx;
	kauri_console_write(line, len);
}

/*
 * A frame from the guest goes out whole as one diode record; the sender never waits. Its slots
 * hold the largest frame the net model passes on, so no record is refused.
 */
static void net_send(void *ctx, const uint8_t *frame, size_t len)
{
	struct vm_net_link *link = ctx;

	kauri_diode_send(&link->tx, frame, len);
}

static struct vm_device *add_device(struct vm_devices *d, const char *name, struct virtio_mmio *mmio)
{
	struct vm_device *dev = &d->dev[d->count];

	dev->name = name;
	dev->base = GUEST_VIRTIO_IPA + (uint64_t)d->count * GUEST_DTB_VIRTIO_SIZE;
	dev->intid = GUEST_VIRTIO_INTID + d->count;
	dev->mmio = mmio;
	dev->refusal_reported = dev->failure_reported = false;
	d->count++;
	return dev;
}

static int open_net(struct vm_devices *d, const struct kauri_vm_info *info, kauri_cptr_t *last_slot)
{
	struct vm_net_link *link = &d->link;
	struct kauri_channel tx, rx;
	long err;

	if ((err = kauri_channel_open(info->net_tx, &tx)) ||
	    (err = kauri_diode_sender_init(&link->tx, &tx, VIRTIO_NET_MAX_FRAME))) {
		kauri_printf("vm: cannot send the guest's frames on channel %s: %s\n", info->net_tx,
			     kauri_lib_strerror(err));
		return -1;
	}
	if ((err = kauri_channel_open(info->net_rx, &rx)) || (err = kauri_diode_receiver_init(&link->rx, &rx))) {
		kauri_printf("vm: cannot receive the guest's frames on channel %s: %s\n", info->net_rx,
			     kauri_lib_strerror(err));
		return -1;
	}
	if (!link->rx.notification) {
		kauri_printf("vm: channel %s needs RECV: frames for the guest must wake the VMM\n", info->net_rx);
		return -1;
	}
	link->rx_error_reported = false;
	link->held = false;
	*last_slot = tx.notification > rx.notification ? tx.notification : rx.notification;
	return 0;
}

/*
 * Disk I as the guest sees it: an image the root server mapped, or a partition the VMM opens on
 * kos_block_protocol. 0, or -1 after printing why not.
 */
static int init_disk(struct vm_devices *d, unsigned int i, const struct kauri_vm_info *info,
		     const struct guest_memory *mem, kauri_cptr_t *last_slot)
{
	const struct kauri_vm_disk *src = &info->disk[i];
	struct vm_disk *disk = &d->disk[i];
	struct virtio_blk_config *config = &d->blk_config[i];
	size_t name_len = strlen(src->name);
	bool read_only = src->read_only != 0;

	memset(config, 0, sizeof(*config));
	if (src->partition[0]) {
		if (vm_disk_partition_open(&disk->partition, src->name, src->partition, read_only, &disk->blocks,
					   last_slot))
			return -1;
		config->capacity = disk->blocks.blocks;
		config->backend = &virtio_blk_blocks_backend;
		config->backend_ctx = &disk->blocks;
	} else {
		disk->image = (struct vm_disk_image){
			.bytes = (uint8_t *)info + src->file.offset, .size = src->file.size, .read_only = read_only,
		};
		config->capacity = disk->image.size / VIRTIO_BLK_SECTOR_SIZE;
		config->backend = &vm_disk_image_backend;
		config->backend_ctx = &disk->image;
	}
	config->blk_size = VIRTIO_BLK_SECTOR_SIZE;
	config->read_only = read_only;
	/* GET_ID: the disk node's name, cut to the 20 bytes the spec gives it. */
	memcpy(config->id, src->name, name_len < VIRTIO_BLK_ID_BYTES ? name_len : VIRTIO_BLK_ID_BYTES);
	virtio_blk_init(&d->blk[i], config, mem);
	add_device(d, src->name, &d->blk[i].mmio);
	return 0;
}

int devices_init(struct vm_devices *d, const struct kauri_vm_info *info, const struct guest_memory *mem,
		 struct vgic *gic, kauri_cptr_t *last_slot)
{
	d->gic = gic;
	d->count = 0;
	d->has_console = info->console != 0;
	d->has_net = info->net_tx[0] != '\0';
	*last_slot = 0;
	if (d->has_console) {
		d->console_config = (struct virtio_console_config){ .sink = console_line };
		virtio_console_init(&d->console, &d->console_config, mem);
		add_device(d, "console", &d->console.mmio);
	}
	if (d->has_net) {
		if (open_net(d, info, last_slot))
			return -1;
		d->net_config.sink = net_send;
		d->net_config.sink_ctx = &d->link;
		memcpy(d->net_config.mac, guest_mac, sizeof(guest_mac));
		virtio_net_init(&d->net, &d->net_config, mem);
		d->net_dev = add_device(d, "net", &d->net.mmio);
	}
	for (unsigned int i = 0; i < info->ndisks; i++)
		if (init_disk(d, i, info, mem, last_slot))
			return -1;
	return 0;
}

unsigned int devices_describe(const struct vm_devices *d, struct guest_virtio_mmio *out)
{
	for (unsigned int i = 0; i < d->count; i++)
		out[i] = (struct guest_virtio_mmio){ .base = d->dev[i].base, .intid = d->dev[i].intid };
	return d->count;
}

kauri_cptr_t devices_wakeup(const struct vm_devices *d)
{
	return d->has_net ? d->link.rx.notification : 0;
}

static void set_line(struct vm_devices *d, const struct vm_device *dev, enum virtio_irq_change change)
{
	if (change != VIRTIO_IRQ_NONE)
		vgic_set_line(d->gic, dev->intid, change == VIRTIO_IRQ_RAISE);
}

/* The guest broke the device's protocol: it serves nothing until the driver resets it. */
static void report_failure(struct vm_device *dev)
{
	if (!dev->mmio->error) {
		dev->failure_reported = false;	/* reset by the driver: a new failure is news again */
		return;
	}
	if (dev->failure_reported)
		return;
	kauri_printf("vm: virtio %s: the guest broke the device, which waits for a reset: %s\n", dev->name,
		     vmm_strerror(dev->mmio->error));
	dev->failure_reported = true;
}

static void report_refusal(struct vm_device *dev, bool write, uint64_t offset, unsigned int size, int err)
{
	if (dev->refusal_reported)
		return;
	kauri_printf("vm: virtio %s: refused the guest's %u-byte %s at offset 0x%llx: %s (further ones not shown)\n",
		     dev->name, size, write ? "write" : "read", (unsigned long long)offset, vmm_strerror(err));
	dev->refusal_reported = true;
}

/* The index of the device whose window holds IPA, or d->count for none. */
static unsigned int window_index(const struct vm_devices *d, uint64_t ipa)
{
	uint64_t index;

	if (ipa < GUEST_VIRTIO_IPA)
		return d->count;
	index = (ipa - GUEST_VIRTIO_IPA) / GUEST_DTB_VIRTIO_SIZE;
	return index < d->count ? (unsigned int)index : d->count;
}

bool devices_claims(const struct vm_devices *d, uint64_t ipa)
{
	return window_index(d, ipa) < d->count;
}

bool devices_mmio(struct vm_devices *d, uint64_t ipa, bool write, unsigned int size, uint64_t *value)
{
	unsigned int index = window_index(d, ipa);
	struct vm_device *dev;
	uint64_t offset;
	uint32_t read = 0;
	int rc;

	if (index == d->count)
		return false;
	dev = &d->dev[index];
	offset = (ipa - GUEST_VIRTIO_IPA) % GUEST_DTB_VIRTIO_SIZE;
	if (write) {
		rc = virtio_mmio_write(dev->mmio, offset, size, (uint32_t)*value);
		if (rc >= 0)
			set_line(d, dev, (enum virtio_irq_change)rc);
	} else {
		rc = virtio_mmio_read(dev->mmio, offset, size, &read);
		*value = rc ? 0 : read;
	}
	if (rc < 0)
		report_refusal(dev, write, offset, size, rc);
	report_failure(dev);
	return true;
}

/*
 * Frames from the rx channel into the guest's receive buffers, until the channel is empty or
 * the guest has no buffer (the frame is then held for the next poll: the guest adds buffers and
 * notifies). A frame the guest's buffer cannot hold, or one for a broken device, is dropped.
 */
static void net_receive(struct vm_devices *d)
{
	struct vm_net_link *link = &d->link;

	for (;;) {
		if (!link->held) {
			long n = kauri_diode_receive(&link->rx, link->frame, sizeof(link->frame), NULL);

			if (n == -KAURI_DIODE_EMPTY)
				break;
			if (n == -KAURI_DIODE_TOO_BIG || n == 0)
				continue;	/* larger than any Ethernet frame, or no frame at all */
			if (n < 0) {
				if (!link->rx_error_reported)
					kauri_printf("vm: virtio net: receiving: %s\n", kauri_lib_strerror(n));
				link->rx_error_reported = true;
				break;
			}
			link->held = true;
			link->held_len = (size_t)n;
		}
		if (virtio_net_receive(&d->net, link->frame, link->held_len) == -VIRTIO_ERR_NO_BUFFER)
			break;
		link->held = false;
	}
	set_line(d, d->net_dev, virtio_mmio_irq_update(&d->net.mmio));
	report_failure(d->net_dev);
}

void devices_poll(struct vm_devices *d)
{
	if (d->has_net)
		net_receive(d);
}

void devices_stop(struct vm_devices *d)
{
	if (d->has_console)
		virtio_console_flush(&d->console);
}
