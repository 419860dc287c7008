/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The virtio 1.2 specification's numbers that the device side needs (status bits, feature bits,
 * device IDs), and the one error enum every part of the VMM's virtio code reports with.
 */
#ifndef VMM_VIRTIO_H
#define VMM_VIRTIO_H

#include "vmm_error.h"

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
/* Errors: VIRTIO_ERR_* in the VMM's one error enum (vmm_error.h). */
#define VIRTIO_ID_NET			1u
#define VIRTIO_ID_BLOCK			2u
#define VIRTIO_ID_CONSOLE		3u


#endif
