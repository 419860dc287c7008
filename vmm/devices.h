/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's virtio-mmio devices and what is behind them: the console (each guest line an app
 * console line), the network (frames over two data diodes), the disks (the images the root server
 * mapped, the storage partitions the VMM opened). Each device has a window of GUEST_DTB_VIRTIO_SIZE bytes and a level SPI; its line goes
 * into the GIC distributor model.
 */
#ifndef VMM_DEVICES_H
#define VMM_DEVICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <kauri/diode.h>
#include <kauri/vm.h>
#include "disk_image.h"
#include "disk_partition.h"
#include "guest_dtb.h"
#include "vgic_distributor.h"
#include "virtio_blk.h"
#include "virtio_console.h"
#include "virtio_net.h"

struct vm_device {
	const char *name;		/* in the VMM's messages */
	uint64_t base;			/* its window's IPA */
	uint32_t intid;
	struct virtio_mmio *mmio;
	bool refusal_reported;		/* its first refused access has been printed */
	bool failure_reported;		/* its DEVICE_NEEDS_RESET has been printed */
};

/* A disk's backend: an image the root server mapped, or a storage partition the VMM opened. */
struct vm_disk {
	struct vm_disk_image image;
	struct vm_disk_partition partition;
	struct virtio_blk_blocks blocks;	/* the partition's blocks as virtio-blk's byte ranges */
};

/*
 * virtio-net's two channels (rx's notification, signalled when a frame comes, wakes the VMM), and
 * a frame that came while the guest had no buffer for it.
 */
struct vm_net_link {
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	bool rx_error_reported;
	bool held;
	size_t held_len;
	uint8_t frame[VIRTIO_NET_MAX_FRAME];
};

struct vm_devices {
	struct vgic *gic;
	unsigned int count;
	struct vm_device dev[GUEST_DTB_MAX_VIRTIO];
	bool has_console, has_net;
	struct vm_device *net_dev;
	struct virtio_console console;
	struct virtio_console_config console_config;
	struct virtio_net net;
	struct virtio_net_config net_config;
	struct vm_net_link link;
	struct virtio_blk blk[CONFIG_VMM_MAX_BLK];
	struct virtio_blk_config blk_config[CONFIG_VMM_MAX_BLK];
	struct vm_disk disk[CONFIG_VMM_MAX_BLK];
};

/*
 * The devices INFO asks for, serving the guest RAM MEM (filled in before the guest runs) and
 * raising their lines in GIC. *LAST_SLOT: the highest CNode slot of the channels and protocol
 * they use (0 for none). 0, or -1 after printing why not.
 */
int devices_init(struct vm_devices *d, const struct kauri_vm_info *info, const struct guest_memory *mem,
		 struct vgic *gic, kauri_cptr_t *last_slot);

/* The devices as the guest's device tree lists them, into OUT (GUEST_DTB_MAX_VIRTIO); how many. */
unsigned int devices_describe(const struct vm_devices *d, struct guest_virtio_mmio *out);

/* Whether IPA lies in a device's window. */
bool devices_claims(const struct vm_devices *d, uint64_t ipa);

/*
 * The guest's SIZE-byte access at IPA, if it is in a device's window: a write of *VALUE, or a
 * read into *VALUE (0 for a refused one, which changes nothing). False outside every window.
 */
bool devices_mmio(struct vm_devices *d, uint64_t ipa, bool write, unsigned int size, uint64_t *value);

/* The notification that wakes the VMM for host input (frames for the guest), or 0 for none. */
kauri_cptr_t devices_wakeup(const struct vm_devices *d);

/* Moves host input that came (frames) into the guest's buffers. */
void devices_poll(struct vm_devices *d);

/* The guest stopped: pass on what is left of its last console line. */
void devices_stop(struct vm_devices *d);

#endif
