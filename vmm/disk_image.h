/* SPDX-License-Identifier: BSD-2-Clause */
/* Image disks: a release's disk image the root server mapped into the VMM (writable unless read-only). */
#ifndef VMM_DISK_IMAGE_H
#define VMM_DISK_IMAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "virtio_blk.h"

struct vm_disk_image {
	uint8_t *bytes;
	uint64_t size;
	bool read_only;
};

/* virtio-blk's backend for an image: backend_ctx is its struct vm_disk_image. */
extern const struct virtio_blk_backend_ops vm_disk_image_backend;

#endif
