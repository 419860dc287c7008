/* SPDX-License-Identifier: BSD-2-Clause */
/* Partition disks (disk_partition.h): virtio-blk's block calls as kos_block_protocol requests. */
#include <kauri/debug.h>
#include <kauri/lib_error.h>
#include <kauri/protocol.h>
#include "disk_partition.h"

/* kos_block_protocol, connected to for the first partition disk; the others share it. */
static kauri_cptr_t block_protocol;

/* The guest gets an I/O error for every failed call; the console hears of the first. */
static int storage_result(struct vm_disk_partition *p, const char *what, uint64_t block, long err)
{
	if (!err)
		return 0;
	if (!p->error_reported)
		kauri_printf("vm: disk %s: partition %s: %s of block %llu: %s (an I/O error for the guest; "
			     "further ones not shown)\n", p->disk, p->name, what, (unsigned long long)block,
			     kauri_block_strerror(err));
	p->error_reported = true;
	return -1;
}

static int partition_read_block(void *ctx, uint64_t block, void *data)
{
	struct vm_disk_partition *p = ctx;

	return storage_result(p, "read", block, kauri_block_read(block_protocol, &p->part, block, data));
}

static int partition_write_block(void *ctx, uint64_t block, const void *data)
{
	struct vm_disk_partition *p = ctx;

	return storage_result(p, "write", block, kauri_block_write(block_protocol, &p->part, block, data));
}

static int partition_flush(void *ctx)
{
	struct vm_disk_partition *p = ctx;

	return storage_result(p, "flush", 0, kauri_block_flush(block_protocol));
}

static const struct virtio_blk_block_ops partition_block_ops = {
	.read_block = partition_read_block,
	.write_block = partition_write_block,
	.flush = partition_flush,
};

static const char *rights_text(uint32_t rights)
{
	static const char *const text[] = { "no rights", "READ", "WRITE", "READ and WRITE" };

	return text[rights & (KAURI_BLOCK_READ_RIGHT | KAURI_BLOCK_WRITE_RIGHT)];
}

int vm_disk_partition_open(struct vm_disk_partition *p, const char *disk, const char *name, bool read_only,
			   struct virtio_blk_blocks *blocks, kauri_cptr_t *last_slot)
{
	uint32_t needed = KAURI_BLOCK_READ_RIGHT | (read_only ? 0 : KAURI_BLOCK_WRITE_RIGHT);
	long err;

	p->disk = disk;
	p->name = name;
	p->error_reported = false;
	if (!block_protocol) {
		long slot = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL);

		if (slot < 0) {
			kauri_printf("vm: disk %s: cannot connect to %s: %s\n", disk, KAURI_BLOCK_PROTOCOL,
				     kauri_lib_strerror(slot));
			return -1;
		}
		block_protocol = (kauri_cptr_t)slot;
		if (block_protocol > *last_slot)
			*last_slot = block_protocol;
	}
	/* The storage server answers once it has read the card: until then the VMM waits here. */
	err = kauri_block_open(block_protocol, name, &p->part);
	if (err) {
		kauri_printf("vm: disk %s: cannot open partition %s: %s\n", disk, name, kauri_block_strerror(err));
		return -1;
	}
	/* The manifest check holds the rights to the disk's use; a storage server that disagrees is said. */
	if ((p->part.rights & needed) != needed) {
		kauri_printf("vm: disk %s: partition %s gives this app %s, a %s disk needs %s\n", disk, name,
			     rights_text(p->part.rights), read_only ? "read-only" : "writable", rights_text(needed));
		return -1;
	}
	*blocks = (struct virtio_blk_blocks){
		.ops = &partition_block_ops, .ctx = p, .blocks = p->part.blocks, .read_only = read_only,
	};
	return 0;
}
