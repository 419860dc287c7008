/* SPDX-License-Identifier: BSD-2-Clause */
/* Reads a Linux arm64 Image header and lays out kernel, initrd and DTB in guest RAM. */
#include <format/byteorder.h>
#include "arm64_image.h"

static uint64_t align_down(uint64_t x, uint64_t a)
{
	return x & ~(a - 1);
}

int arm64_image_parse(const void *image, size_t len, struct arm64_image_info *info)
{
	const uint8_t *p = image;
	uint64_t size;
	unsigned int page;

	/* gzip's magic (RFC 1952): Debian installs vmlinuz compressed; the build inflates it. */
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return -ARM64_IMAGE_E_GZIP;
	if (len < ARM64_IMAGE_HEADER_SIZE || get_le32(p + ARM64_IMAGE_MAGIC_OFFSET) != ARM64_IMAGE_MAGIC)
		return -ARM64_IMAGE_E_NOT_IMAGE;

	info->flags = get_le64(p + ARM64_IMAGE_FLAGS);
	if (info->flags & ARM64_IMAGE_FLAG_BE)
		return -ARM64_IMAGE_E_BIG_ENDIAN;
	size = get_le64(p + ARM64_IMAGE_SIZE);
	info->size_unknown = size == 0;
	if (info->size_unknown) {
		/* Before 3.17: no size, the flags word is not there either, text_offset is 0x80000. */
		info->text_offset = ARM64_IMAGE_OLD_TEXT_OFFSET;
		info->flags = 0;
	} else {
		info->text_offset = get_le64(p + ARM64_IMAGE_TEXT_OFFSET);
	}
	/* The kernel needs at least its own file; image_size adds the BSS. */
	info->image_size = size > len ? size : len;
	page = (unsigned int)((info->flags & ARM64_IMAGE_FLAG_PAGE_MASK) >> ARM64_IMAGE_FLAG_PAGE_SHIFT);
	info->page_size_kib = page == 0 ? 0 : page == 1 ? 4 : page == 2 ? 16 : 64;
	info->anywhere = (info->flags & ARM64_IMAGE_FLAG_ANYWHERE) != 0;
	return VMM_OK;
}

int arm64_image_layout(const struct arm64_image_info *info, const struct arm64_layout_request *req,
		       struct arm64_layout *out)
{
	uint64_t ram_end = req->ram_base + req->ram_size;
	uint64_t dtb_room = req->dtb_size ? req->dtb_size : ARM64_DTB_MAX_SIZE;
	uint64_t kernel_start, kernel_end, dtb;

	if (req->ram_size == 0 || (req->ram_base & (ARM64_IMAGE_ALIGN - 1)) || ram_end < req->ram_base)
		return -ARM64_IMAGE_E_BAD_RAM;
	/* Placement bit clear asks for a base "as close as possible" to RAM's start: RAM's start. */
	kernel_start = req->ram_base + info->text_offset;
	kernel_end = kernel_start + info->image_size;
	if (info->text_offset >= req->ram_size || info->image_size > ram_end - kernel_start)
		return -ARM64_IMAGE_E_TOO_BIG;
	if (dtb_room > ARM64_DTB_MAX_SIZE || dtb_room > ram_end - kernel_end)
		return -ARM64_IMAGE_E_DTB_TOO_BIG;
	dtb = align_down(ram_end - dtb_room, ARM64_LAYOUT_PAGE);
	if (dtb < kernel_end)
		return -ARM64_IMAGE_E_DTB_TOO_BIG;

	out->kernel_start = kernel_start;
	out->kernel_end = kernel_end;
	out->dtb = dtb;
	out->initrd_start = 0;
	out->initrd_end = 0;
	if (req->initrd_size) {
		if (req->initrd_size > dtb - kernel_end)
			return -ARM64_IMAGE_E_INITRD_NO_FIT;
		out->initrd_start = align_down(dtb - req->initrd_size, ARM64_LAYOUT_PAGE);
		if (out->initrd_start < kernel_end)
			return -ARM64_IMAGE_E_INITRD_NO_FIT;
		out->initrd_end = out->initrd_start + req->initrd_size;
	}
	return VMM_OK;
}
