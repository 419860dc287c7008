/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_block_protocol: block storage from the storage server (core/services/storage), for the
 * apps whose manifest entry connects to it. One block a call, its bytes in the message:
 *
 *   KAURI_BLOCK_INFO            reply MR0 the device's blocks, MR1 the block size
 *   KAURI_BLOCK_READ  MR0 lba   reply MR0.. the block (KAURI_BLOCK_SIZE bytes)
 *   KAURI_BLOCK_WRITE MR0 lba, MR1.. the block          reply: nothing more
 *   KAURI_BLOCK_FLUSH           reply once every write before it is on the medium
 *
 * The reply's label is 0, or a KAURI_BLOCK_E_* code. A write's reply comes when the block is on
 * the card (the server buffers nothing), so FLUSH has nothing to wait for today; clients call it
 * where durability matters, as they will when the server caches.
 */
#ifndef KAURI_BLOCK_H
#define KAURI_BLOCK_H

#include <stdint.h>
#include <uapi/kauri/types.h>

#define KAURI_BLOCK_PROTOCOL	"kos_block_protocol"
#define KAURI_BLOCK_SIZE	512u

enum kauri_block_request {
	KAURI_BLOCK_INFO = 1,
	KAURI_BLOCK_READ = 2,
	KAURI_BLOCK_WRITE = 3,
	KAURI_BLOCK_FLUSH = 4,
};

enum kauri_block_error {
	KAURI_BLOCK_OK = 0,
	KAURI_BLOCK_E_REQUEST = 1,	/* an unknown request or a malformed message */
	KAURI_BLOCK_E_RANGE = 2,	/* a block past the device's end */
	KAURI_BLOCK_E_IO = 3,		/* the device failed the transfer (after its retries) */
	KAURI_BLOCK_E_MAX
};

const char *kauri_block_strerror(long err);

struct kauri_block_info {
	uint64_t blocks;
	uint32_t block_size;
};

/* Each: 0, or -KAURI_BLOCK_E_*. EP is the capability kauri_protocol_connect() gave. */
long kauri_block_info(kauri_cptr_t ep, struct kauri_block_info *info);
long kauri_block_read(kauri_cptr_t ep, uint64_t lba, void *block);
long kauri_block_write(kauri_cptr_t ep, uint64_t lba, const void *block);
long kauri_block_flush(kauri_cptr_t ep);

#endif
