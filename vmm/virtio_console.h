/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-console (virtio 1.2 spec 5.3), one port, no MULTIPORT: what the guest writes to its
 * transmitq reaches a sink as whole lines; its receiveq is filled from a source of input bytes.
 */
#ifndef VMM_VIRTIO_CONSOLE_H
#define VMM_VIRTIO_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "line_assembler.h"
#include "virtio_mmio.h"

#define VIRTIO_CONSOLE_RX		0u	/* receiveq: input for the guest */
#define VIRTIO_CONSOLE_TX		1u	/* transmitq: the guest's output */
#define VIRTIO_CONSOLE_QUEUE_SIZE	64u
#define VIRTIO_CONSOLE_MAX_CHAIN	(64u * 1024u)

struct virtio_console_config {
	line_sink sink;			/* each whole line of the guest's output */
	void *sink_ctx;
	/* Up to max input bytes into buf; returns how many (0: none waiting). May be NULL. */
	size_t (*source)(void *ctx, uint8_t *buf, size_t max);
	void *source_ctx;
};

struct virtio_console {
	struct virtio_mmio mmio;
	const struct virtio_console_config *config;
	struct line_assembler line;
	/* A receive buffer taken from the guest while no input was waiting, kept for the next. */
	bool rx_held;
	struct virtq_chain rx_chain;
};

void virtio_console_init(struct virtio_console *con, const struct virtio_console_config *config,
			 const struct guest_memory *mem);
/* The source has input: move what fits into the guest's receive buffers. */
void virtio_console_input(struct virtio_console *con);
/* Pass on a last line that has no '\n' yet (the guest stopped). */
void virtio_console_flush(struct virtio_console *con);

#endif
