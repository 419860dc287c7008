/* SPDX-License-Identifier: BSD-2-Clause */
/* Object sizes and untyped watermark arithmetic: pure functions, also built into host tests. */
#include <uapi/kauri/types.h>
#include <kernel/object_type.h>
#include <kernel/untyped.h>

int object_size_bits(enum kauri_object_type type, unsigned int user_size)
{
	if ((unsigned int)type >= KAURI_NUM_OBJECT_TYPES)
		return -1;
	return retype_types[type].size_bits(user_size);
}

uint64_t untyped_retype_start(uint64_t free_index, unsigned int object_bits)
{
	uint64_t align = 1UL << object_bits;

	return (free_index + align - 1) & ~(align - 1);
}
