/* SPDX-License-Identifier: BSD-2-Clause */
/* The Linux arm64 Image header and where a guest's kernel, initrd and DTB go in its RAM. */
#ifndef VMM_ARM64_IMAGE_H
#define VMM_ARM64_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "vmm_error.h"

/* Documentation/arch/arm64/booting.rst: the 64-byte header at the start of an Image. */
#define ARM64_IMAGE_HEADER_SIZE		64
#define ARM64_IMAGE_TEXT_OFFSET		8
#define ARM64_IMAGE_SIZE		16
#define ARM64_IMAGE_FLAGS		24
#define ARM64_IMAGE_MAGIC_OFFSET	0x38
#define ARM64_IMAGE_MAGIC		0x644d5241u	/* "ARM\x64", little-endian */
#define ARM64_IMAGE_FLAG_BE		(1u << 0)
#define ARM64_IMAGE_FLAG_PAGE_SHIFT	1
#define ARM64_IMAGE_FLAG_PAGE_MASK	(3u << ARM64_IMAGE_FLAG_PAGE_SHIFT)
#define ARM64_IMAGE_FLAG_ANYWHERE	(1u << 3)	/* placement: any 2 MiB base, not near RAM's start */
/* Kernels before 3.17 leave image_size 0; their text_offset is then 0x80000. */
#define ARM64_IMAGE_OLD_TEXT_OFFSET	0x80000u
#define ARM64_IMAGE_ALIGN		0x200000u	/* the Image's base: 2 MiB aligned */
#define ARM64_DTB_MAX_SIZE		0x200000u	/* the DTB: at most 2 MiB, 8-byte aligned */
#define ARM64_DTB_ALIGN			8u
/* Where the initrd and DTB start: page boundaries, so the VMM can map them page by page. */
#define ARM64_LAYOUT_PAGE		0x1000u

struct arm64_image_info {
	uint64_t text_offset;	/* from a 2 MiB aligned base (0x80000 for an old kernel) */
	uint64_t image_size;	/* bytes the kernel needs from its start, BSS included */
	uint64_t flags;
	unsigned int page_size_kib;	/* 4, 16 or 64; 0 if the header does not say */
	bool anywhere;		/* flags bit 3: any 2 MiB aligned base will do */
	bool size_unknown;	/* image_size was 0: image_size is only the file's length */
};

/* Guest RAM and what goes into it besides the kernel. */
struct arm64_layout_request {
	uint64_t ram_base;	/* 2 MiB aligned */
	uint64_t ram_size;
	uint64_t initrd_size;	/* 0: no initrd */
	uint64_t dtb_size;	/* the room to keep for the DTB (at most 2 MiB) */
};

/* Guest physical addresses; the kernel is entered at kernel_start with x0 = dtb. */
struct arm64_layout {
	uint64_t kernel_start;
	uint64_t kernel_end;	/* kernel_start + image_size: the BSS too is kept free */
	uint64_t initrd_start;	/* both 0 without an initrd */
	uint64_t initrd_end;
	uint64_t dtb;
};

/* Reads the header of the LEN bytes at IMAGE; returns 0 or -ARM64_IMAGE_E_*. */
int arm64_image_parse(const void *image, size_t len, struct arm64_image_info *info);

/*
 * Places the kernel at the first 2 MiB boundary of RAM plus text_offset, the DTB at the top of
 * RAM and the initrd just below it, leaving the room after the kernel to the kernel.
 * Returns 0 or -ARM64_IMAGE_E_*.
 */
int arm64_image_layout(const struct arm64_image_info *info, const struct arm64_layout_request *req,
		       struct arm64_layout *out);

#endif
