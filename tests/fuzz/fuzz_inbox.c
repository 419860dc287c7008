/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: inbox_header_read() on arbitrary header blocks, and what it accepts written back the same. */
#include <stdint.h>
#include <string.h>

#include <format/inbox.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t block[INBOX_HEADER_SIZE], again[INBOX_HEADER_SIZE];
	struct inbox_header h;

	memset(block, 0, sizeof(block));
	memcpy(block, data, size < sizeof(block) ? size : sizeof(block));
	if (inbox_header_read(block, &h) != 0)
		return 0;
	if (h.status > INBOX_DONE || h.outcome >= INBOX_OUTCOME_MAX)
		__builtin_trap();
	/* Read, written and read again: the same header. */
	inbox_header_write(again, &h);
	if (memcmp(again, block, 37) != 0)
		__builtin_trap();
	return 0;
}
