/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.2 specification's numbers that the device side needs (status bits, feature bits,
 * device IDs), and the one error enum every part of the VMM's virtio code reports with.
 */
#ifndef VMM_VIRTIO_H
#define VMM_VIRTIO_H

#include <stdint.h>

/* Device status (spec 2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	1u
#define VIRTIO_STATUS_DRIVER		2u
#define VIRTIO_STATUS_DRIVER_OK		4u
#define VIRTIO_STATUS_FEATURES_OK	8u
#define VIRTIO_STATUS_NEEDS_RESET	64u
#define VIRTIO_STATUS_FAILED		128u

/* Transport-independent feature bits (spec 6). */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32

#define VIRTIO_BIT(n)			(1ull << (n))

/* Device IDs (spec 5). */
#define VIRTIO_ID_NET			1u
#define VIRTIO_ID_BLOCK			2u
#define VIRTIO_ID_CONSOLE		3u

/*
 * Every way the device side refuses something: a guest's access or ring, or a backend's failure.
 * Functions return them negated; virtio_error_name() gives the word a log line uses.
 */
enum virtio_error {
	VIRTIO_OK = 0,
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
	VIRTIO_ERR_COUNT
};

const char *virtio_error_name(int err);

#endif
