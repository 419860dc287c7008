/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_block_protocol: storage partitions from the storage server (core/services/storage), by
 * their GPT names, for the apps whose manifest entry connects to it and lists the partition
 * under resources/partitions with READ and/or WRITE. One block a call, its bytes in the message:
 *
 *   KAURI_BLOCK_OPEN   MR0 the name's length, MR1.. the name (kauri_set_mr_text)
 *                      reply MR0 a handle, MR1 the partition's blocks, MR2 the rights (READ 1, WRITE 2)
 *   KAURI_BLOCK_READ   MR0 handle, MR1 block (from the partition's start)   reply MR0.. the block
 *   KAURI_BLOCK_WRITE  MR0 handle, MR1 block, MR2.. the block               reply: nothing more
 *   KAURI_BLOCK_FLUSH                        reply once every write before it is on the medium
 *
 * The reply's label is 0, or a KAURI_BLOCK_E_* code. A handle is good only for the app that
 * opened it (the server knows its clients by their badges). A write's reply comes when the block
 * is on the card (the server buffers nothing), so FLUSH has nothing to wait for today; clients
 * call it where durability matters, as they will when the server caches.
 *
 * The storage server learns an app's rights from the root server: KAURI_MSG_PARTITION on its
 * supervisor capability, MR0 the name's length, MR1.. the name, then the client's badge; reply
 * MR0 the rights (0: none). Only the app that publishes kos_block_protocol may ask.
 */
#ifndef KAURI_BLOCK_H
#define KAURI_BLOCK_H

#include <stdint.h>
#include <uapi/kauri/types.h>

#define KAURI_BLOCK_PROTOCOL	"kos_block_protocol"
#define KAURI_BLOCK_SIZE	512u
#define KAURI_BLOCK_NAME_MAX	36u	/* a GPT partition name */
#define KAURI_MSG_PARTITION	0x207

#define KAURI_BLOCK_READ_RIGHT	1u
#define KAURI_BLOCK_WRITE_RIGHT	2u

enum kauri_block_request {
	KAURI_BLOCK_OPEN = 1,
	KAURI_BLOCK_READ = 2,
	KAURI_BLOCK_WRITE = 3,
	KAURI_BLOCK_FLUSH = 4,
};

enum kauri_block_error {
	KAURI_BLOCK_OK = 0,
	KAURI_BLOCK_E_REQUEST = 1,	/* an unknown request or a malformed message */
	KAURI_BLOCK_E_RANGE = 2,	/* a block past the partition's end */
	KAURI_BLOCK_E_IO = 3,		/* the device failed the transfer (after its retries) */
	KAURI_BLOCK_E_NO_PARTITION = 4,	/* no partition of that name on the card */
	KAURI_BLOCK_E_DENIED = 5,	/* the manifest gives the app no such right, or the handle is not its */
	KAURI_BLOCK_E_MAX
};

const char *kauri_block_strerror(long err);

struct kauri_block_partition {
	kauri_word_t handle;
	uint64_t blocks;
	uint32_t rights;	/* KAURI_BLOCK_*_RIGHT */
};

/* Each: 0, or -KAURI_BLOCK_E_*. EP is the capability kauri_protocol_connect() gave. */
long kauri_block_open(kauri_cptr_t ep, const char *name, struct kauri_block_partition *part);
long kauri_block_read(kauri_cptr_t ep, const struct kauri_block_partition *part, uint64_t block, void *data);
long kauri_block_write(kauri_cptr_t ep, const struct kauri_block_partition *part, uint64_t block, const void *data);
long kauri_block_flush(kauri_cptr_t ep);

/* For the storage server: BADGE's rights on partition NAME (KAURI_BLOCK_*_RIGHT), or -KAURI_PROTOCOL_*. */
long kauri_block_rights(kauri_word_t badge, const char *name);

#endif
