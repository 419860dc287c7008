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
};

const char *vmm_strerror(int err)
{
	unsigned int n = err < 0 ? 0u - (unsigned int)err : (unsigned int)err;

	return n < VMM_NUM_ERRORS && messages[n] ? messages[n] : "unknown error";
}
