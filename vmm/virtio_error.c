/* SPDX-License-Identifier: BSD-2-Clause */
/* The one place a virtio error code becomes words for a log line. */
#include "virtio.h"

static const char *const names[VIRTIO_ERR_COUNT] = {
	[VIRTIO_OK] = "ok",
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

const char *virtio_error_name(int err)
{
	if (err < 0)
		err = -err;
	if (err >= VIRTIO_ERR_COUNT)
		return "unknown error";
	return names[err];
}
