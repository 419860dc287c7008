/* SPDX-License-Identifier: BSD-2-Clause */
/* The one error enum of the VMM's code (guest platform and virtio devices), and its messages. */
#ifndef VMM_ERROR_H
#define VMM_ERROR_H

/*
 * Functions return 0 (or a size) on success and one of these, negated, on failure;
 * vmm_strerror() words each one. A module's codes carry its prefix.
 */
enum vmm_error {
	VMM_OK = 0,

	/* arm64_image.c */
	ARM64_IMAGE_E_NOT_IMAGE,	/* too short, or no "ARM\x64" magic */
	ARM64_IMAGE_E_GZIP,		/* gzip-compressed (Debian's vmlinuz): decompress it first */
	ARM64_IMAGE_E_BIG_ENDIAN,	/* a big-endian kernel: guests here are little-endian */
	ARM64_IMAGE_E_BAD_RAM,		/* RAM not 2 MiB aligned, empty or past the address space */
	ARM64_IMAGE_E_TOO_BIG,		/* the kernel (with its BSS) does not fit in RAM */
	ARM64_IMAGE_E_DTB_TOO_BIG,	/* the DTB is over 2 MiB or does not fit after the kernel */
	ARM64_IMAGE_E_INITRD_NO_FIT,	/* the initrd does not fit between the kernel and the DTB */

	/* guest_dtb.c */
	GUEST_DTB_E_NOSPACE,		/* the buffer is too small for the tree */
	GUEST_DTB_E_CONFIG,		/* a field of the description is out of range */
	GUEST_DTB_E_FDT,		/* libfdt failed otherwise */

	/* vgic_distributor.c */
	VGIC_E_ACCESS,			/* a size or alignment the register does not take */
	VGIC_E_RANGE,			/* an offset outside the frame */
	VGIC_E_INTID,			/* an INTID this distributor does not have (or not a line) */
	VGIC_E_STATE,			/* an EOI of an interrupt that was not injected */
	VGIC_E_CONFIG,			/* vgic_init: not GICv2 or GICv3 */

	/* the virtio device side: a guest's access or ring, or a backend's failure */
	/* virtio-mmio register accesses */
	VIRTIO_ERR_ACCESS_SIZE,		/* not 32 bits (registers) or not 1/2/4 (config space) */
	VIRTIO_ERR_ACCESS_ALIGN,	/* not aligned to its size */
	VIRTIO_ERR_NO_REGISTER,		/* nothing at that offset, or not in that direction */
	VIRTIO_ERR_STATE,		/* a write the device's state does not allow now */
	VIRTIO_ERR_FEATURES,		/* features the device does not offer, or no VERSION_1 */
	VIRTIO_ERR_QUEUE_SETUP,		/* QueueReady with a bad size or rings outside RAM/misaligned */
	/* virtqueue chains from the guest */
	VIRTIO_ERR_AVAIL_IDX,		/* avail idx moved on by more than the queue size */
	VIRTIO_ERR_HEAD_RANGE,		/* a chain head past the descriptor table */
	VIRTIO_ERR_NEXT_RANGE,		/* a next index past the descriptor table */
	VIRTIO_ERR_LOOP,		/* a chain longer than the queue: a descriptor loop */
	VIRTIO_ERR_INDIRECT,		/* an INDIRECT descriptor, a feature not offered */
	VIRTIO_ERR_BUFFER,		/* a buffer outside guest RAM, or of length 0 */
	VIRTIO_ERR_CHAIN_BYTES,		/* a chain longer in bytes than the queue's limit */
	VIRTIO_ERR_SEGMENTS,		/* more buffers in a chain than the device takes */
	VIRTIO_ERR_ORDER,		/* a readable buffer after a writable one */
	VIRTIO_ERR_LAYOUT,		/* a chain whose buffers do not have the shape the request needs */
	VIRTIO_ERR_USED_ID,		/* a used-ring id that is no descriptor (a VMM bug) */
	VIRTIO_ERR_BROKEN,		/* the device needs a reset first */
	VIRTIO_ERR_NO_BUFFER,		/* the guest has given no buffer to fill (not a fault) */
	VIRTIO_ERR_BACKEND,		/* the backend failed (I/O error) */

	VMM_NUM_ERRORS
};

/* A short constant message for a (positive or negative) code; "unknown error" for others. */
const char *vmm_strerror(int err);

#endif
