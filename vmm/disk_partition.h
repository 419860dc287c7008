/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partition disks: a storage partition the storage server serves on kos_block_protocol
 * (kauri/block.h), opened by the VMM at start with the rights its manifest entry gives it, and
 * served to virtio-blk as a device of 512-byte blocks (virtio_blk_blocks.h), one call a block.
 */
#ifndef VMM_DISK_PARTITION_H
#define VMM_DISK_PARTITION_H

#include <stdbool.h>
#include <kauri/block.h>
#include "virtio_blk_blocks.h"

struct vm_disk_partition {
	const char *disk;		/* the disk node's name, for messages */
	const char *name;		/* the partition's GPT name */
	struct kauri_block_partition part;
	bool error_reported;		/* its first storage error has been printed */
};

/*
 * Opens partition NAME for the disk DISK, into P, and makes BLOCKS its virtio-blk backend
 * (read-only as READ_ONLY says). *LAST_SLOT is raised to the protocol's capability slot when
 * this connects to it. 0, or -1 after printing why not: no storage server, no such partition,
 * or rights short of what the disk needs.
 */
int vm_disk_partition_open(struct vm_disk_partition *p, const char *disk, const char *name, bool read_only,
			   struct virtio_blk_blocks *blocks, kauri_cptr_t *last_slot);

#endif
