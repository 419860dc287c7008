/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages for the VMM's error codes, each saying what is wrong and, where it can, what to do. */
#include "vmm_error.h"

static const char *const messages[VMM_NUM_ERRORS] = {
	[VMM_OK] = "success",
	[ARM64_IMAGE_E_NOT_IMAGE] = "not a Linux arm64 Image (no \"ARM\\x64\" magic at 0x38)",
	[ARM64_IMAGE_E_GZIP] = "the kernel is gzip-compressed (a vmlinuz): decompress it into an Image first",
	[ARM64_IMAGE_E_BIG_ENDIAN] = "a big-endian kernel: guests must be little-endian",
	[ARM64_IMAGE_E_BAD_RAM] = "guest RAM must be non-empty and start on a 2 MiB boundary",
	[ARM64_IMAGE_E_TOO_BIG] = "the kernel (image_size, BSS included) does not fit in guest RAM",
	[ARM64_IMAGE_E_DTB_TOO_BIG] = "the device tree is over 2 MiB or does not fit after the kernel",
	[ARM64_IMAGE_E_INITRD_NO_FIT] = "the initrd does not fit in guest RAM after the kernel",
	[GUEST_DTB_E_NOSPACE] = "the guest's device tree does not fit in its buffer",
	[GUEST_DTB_E_CONFIG] = "the guest platform description is out of range (GIC version, RAM, INTIDs, devices)",
	[GUEST_DTB_E_FDT] = "libfdt failed writing the guest's device tree",
	[VGIC_E_ACCESS] = "GIC register access of a size or alignment the register does not take",
	[VGIC_E_RANGE] = "GIC register access outside the frame",
	[VGIC_E_INTID] = "no such interrupt line",
	[VGIC_E_STATE] = "EOI of an interrupt that was not injected",
	[VGIC_E_CONFIG] = "the GIC version is neither 2 nor 3",
	[VIRTIO_ERR_ACCESS_SIZE] = "access of the wrong size",
	[VIRTIO_ERR_ACCESS_ALIGN] = "unaligned access",
	[VIRTIO_ERR_NO_REGISTER] = "no such register",
	[VIRTIO_ERR_STATE] = "write not allowed in this state",
	[VIRTIO_ERR_FEATURES] = "features not offered or without VERSION_1",
	[VIRTIO_ERR_QUEUE_SETUP] = "queue set up with a bad size or bad rings",
	[VIRTIO_ERR_AVAIL_IDX] = "avail idx jumped more than the queue size",
	[VIRTIO_ERR_HEAD_RANGE] = "chain head out of range",
	[VIRTIO_ERR_NEXT_RANGE] = "descriptor next out of range",
	[VIRTIO_ERR_LOOP] = "descriptor loop",
	[VIRTIO_ERR_INDIRECT] = "indirect descriptor (not offered)",
	[VIRTIO_ERR_BUFFER] = "buffer outside guest RAM or empty",
	[VIRTIO_ERR_CHAIN_BYTES] = "chain too long in bytes",
	[VIRTIO_ERR_SEGMENTS] = "chain has too many buffers",
	[VIRTIO_ERR_ORDER] = "readable buffer after a writable one",
	[VIRTIO_ERR_LAYOUT] = "chain does not fit the request",
	[VIRTIO_ERR_USED_ID] = "used id out of range",
	[VIRTIO_ERR_BROKEN] = "device needs reset",
	[VIRTIO_ERR_NO_BUFFER] = "no buffer from the guest",
	[VIRTIO_ERR_BACKEND] = "backend I/O error",
};

const char *vmm_strerror(int err)
{
	unsigned int n = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	return n < VMM_NUM_ERRORS && messages[n] ? messages[n] : "unknown error";
}
