/* SPDX-License-Identifier: BSD-2-Clause */
/* The one error enum of the VMM's guest-platform code, and its messages. */
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

	VMM_NUM_ERRORS
};

/* A short constant message for a (positive or negative) code; "unknown error" for others. */
const char *vmm_strerror(int err);

#endif
