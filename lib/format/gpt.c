/* SPDX-License-Identifier: BSD-2-Clause */
/* The primary GPT: header at LBA 1, entries from the LBA it names, every field bounded. */
#include <string.h>

#include <format/byteorder.h>
#include <format/error.h>
#include <format/gpt.h>
#include <format/zip.h>

#define HEADER_SIGNATURE	"EFI PART"
#define HEADER_REVISION		0x00010000u
#define HEADER_MIN_SIZE		92u
#define ENTRY_MIN_SIZE		128u
#define MAX_ENTRY_BYTES		(128u * 128u)	/* what BUF holds from LBA 2 */



static int fail(const char **why, const char *reason)
{
	*why = reason;
	return -KFMT_EFORMAT;
}

static int all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return 0;
	return 1;
}

int gpt_read(const uint8_t *buf, size_t len, uint64_t disk_blocks, struct gpt *gpt, const char **why)
{
	const uint8_t *h = buf + GPT_BLOCK_SIZE;
	uint8_t header[GPT_BLOCK_SIZE];
	uint32_t header_size, entries, entry_size;
	uint64_t entries_lba, last_lba, first_usable, last_usable;

	memset(gpt, 0, sizeof(*gpt));
	if (len < 2 * GPT_BLOCK_SIZE + MAX_ENTRY_BYTES)
		return fail(why, "fewer than 34 blocks to read it from");
	if (memcmp(h, HEADER_SIGNATURE, 8) != 0)
		return fail(why, "no GPT header at LBA 1 (signature \"EFI PART\")");
	header_size = get_le32(h + 12);
	if (get_le32(h + 8) != HEADER_REVISION || header_size < HEADER_MIN_SIZE || header_size > GPT_BLOCK_SIZE)
		return fail(why, "a GPT header of another revision or size");
	memcpy(header, h, header_size);
	memset(header + 16, 0, 4);	/* the CRC covers the header with its own field zeroed */
	if (zip_crc32(0, header, header_size) != get_le32(h + 16))
		return fail(why, "the GPT header's CRC-32 does not match");
	if (get_le64(h + 24) != 1)
		return fail(why, "a GPT header that does not say it is at LBA 1");
	last_lba = get_le64(h + 32);
	first_usable = get_le64(h + 40);
	last_usable = get_le64(h + 48);
	entries_lba = get_le64(h + 72);
	entries = get_le32(h + 80);
	entry_size = get_le32(h + 84);
	if (last_lba >= disk_blocks || first_usable > last_usable || last_usable >= last_lba)
		return fail(why, "a GPT header whose disk is larger than this one, or whose usable blocks make no sense");
	if (entries_lba != 2 || entry_size < ENTRY_MIN_SIZE || entry_size % 8 || entries == 0 ||
	    (uint64_t)entries * entry_size > MAX_ENTRY_BYTES)
		return fail(why, "GPT entries not right after the header, or more than 16 KiB of them");
	if (zip_crc32(0, buf + 2 * GPT_BLOCK_SIZE, (size_t)entries * entry_size) != get_le32(h + 88))
		return fail(why, "the GPT entries' CRC-32 does not match");
	gpt->disk_blocks = last_lba + 1;
	for (uint32_t i = 0; i < entries; i++) {
		const uint8_t *e = buf + 2 * GPT_BLOCK_SIZE + (size_t)i * entry_size;
		struct gpt_partition *p;

		if (all_zero(e, 16))
			continue;	/* an unused entry */
		if (gpt->count == GPT_MAX_PARTITIONS)
			return fail(why, "more than 16 partitions");
		p = &gpt->part[gpt->count++];
		memcpy(p->type, e, 16);
		p->first_lba = get_le64(e + 32);
		p->last_lba = get_le64(e + 40);
		if (p->first_lba < first_usable || p->last_lba > last_usable || p->first_lba > p->last_lba)
			return fail(why, "a partition outside the disk's usable blocks");
		for (unsigned int c = 0; c < GPT_NAME_MAX; c++) {
			uint16_t u = (uint16_t)(e[56 + 2 * c] | e[57 + 2 * c] << 8);

			if (!u)
				break;
			p->name[c] = u >= 0x20 && u < 0x7f ? (char)u : '?';
		}
	}
	/* Partitions may not overlap: each pair compared (16 at most). */
	for (unsigned int i = 0; i < gpt->count; i++)
		for (unsigned int j = i + 1; j < gpt->count; j++)
			if (gpt->part[i].first_lba <= gpt->part[j].last_lba && gpt->part[j].first_lba <= gpt->part[i].last_lba)
				return fail(why, "two partitions overlap");
	return 0;
}

const struct gpt_partition *gpt_find(const struct gpt *gpt, const char *name)
{
	for (unsigned int i = 0; i < gpt->count; i++)
		if (strcmp(gpt->part[i].name, name) == 0)
			return &gpt->part[i];
	return NULL;
}
