/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A GUID partition table (UEFI 2.10, section 5.3) read from a block device's first blocks: the
 * header at LBA 1, checked (signature, revision, sizes, header CRC-32) and its entries (entry
 * array CRC-32), with each partition's name converted from UTF-16LE to ASCII. Only the primary
 * table is read; a card whose primary is damaged is refused, not repaired. The storage server
 * and the host tools run this code.
 */
#ifndef FORMAT_GPT_H
#define FORMAT_GPT_H

#include <stddef.h>
#include <stdint.h>

#define GPT_BLOCK_SIZE		512u
#define GPT_MAX_PARTITIONS	16u	/* the first 16 entries are read; later ones must be unused */
#define GPT_NAME_MAX		36u	/* UTF-16 code units in an entry's name */

struct gpt_partition {
	uint8_t type[16];		/* the type GUID as stored (mixed-endian) */
	uint64_t first_lba, last_lba;	/* inclusive */
	char name[GPT_NAME_MAX + 1];	/* ASCII; other characters as '?' */
};

struct gpt {
	uint64_t disk_blocks;		/* from the header's last LBA (the backup's) */
	unsigned int count;
	struct gpt_partition part[GPT_MAX_PARTITIONS];
};

/*
 * The table in the first blocks of a disk of DISK_BLOCKS blocks: BUF holds LEN bytes from LBA 0
 * (at least 34 blocks: the protective MBR, header and 128 entries of 128 bytes). 0, or
 * -KFMT_EFORMAT with the reason in *WHY (a static string).
 */
int gpt_read(const uint8_t *buf, size_t len, uint64_t disk_blocks, struct gpt *gpt, const char **why);

/* The partition called NAME, or NULL. */
const struct gpt_partition *gpt_find(const struct gpt *gpt, const char *name);

#endif
