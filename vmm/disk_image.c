/* SPDX-License-Identifier: BSD-2-Clause */
/* Image disks (disk_image.h): the guest's requests are copies to and from the mapped image. */
#include <string.h>
#include "disk_image.h"

/* The virtio-blk model checks every request's range; these check it again. */
static bool image_range(const struct vm_disk_image *disk, uint64_t offset, uint32_t len)
{
	return offset <= disk->size && len <= disk->size - offset;
}

static int image_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	const struct vm_disk_image *disk = ctx;

	if (!image_range(disk, offset, len))
		return -1;
	memcpy(buf, disk->bytes + offset, len);
	return 0;
}

/* A read-only image is mapped read-only: a write to it would fault the VMM. */
static int image_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct vm_disk_image *disk = ctx;

	if (disk->read_only || !image_range(disk, offset, len))
		return -1;
	memcpy(disk->bytes + offset, buf, len);
	return 0;
}

/* The image is memory: a write is done once it is copied. */
static int image_flush(void *ctx)
{
	(void)ctx;
	return 0;
}

const struct virtio_blk_backend_ops vm_disk_image_backend = {
	.read = image_read,
	.write = image_write,
	.flush = image_flush,
};
