/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: gpt_read() on arbitrary first blocks of a disk, checking what it accepts. */
#include <stdint.h>
#include <string.h>

#include <format/gpt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first 34 blocks, the input at LBA 1 onwards (a protective MBR is not read). */
static uint8_t disk[34 * GPT_BLOCK_SIZE];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gpt gpt;
	const char *why = NULL;
	size_t n = size < sizeof(disk) - GPT_BLOCK_SIZE ? size : sizeof(disk) - GPT_BLOCK_SIZE;

	memset(disk, 0, sizeof(disk));
	memcpy(disk + GPT_BLOCK_SIZE, data, n);
	if (gpt_read(disk, sizeof(disk), 1u << 20, &gpt, &why) != 0) {
		if (!why || !why[0])
			__builtin_trap();
		return 0;
	}
	if (gpt.count > GPT_MAX_PARTITIONS || gpt.disk_blocks > 1u << 20)
		__builtin_trap();
	for (unsigned int i = 0; i < gpt.count; i++) {
		const struct gpt_partition *p = &gpt.part[i];

		if (p->first_lba > p->last_lba || p->last_lba >= gpt.disk_blocks ||
		    strnlen(p->name, sizeof(p->name)) == sizeof(p->name))
			__builtin_trap();
		for (unsigned int j = 0; j < i; j++)
			if (p->first_lba <= gpt.part[j].last_lba && gpt.part[j].first_lba <= p->last_lba)
				__builtin_trap();
	}
	return 0;
}
