/* SPDX-License-Identifier: BSD-2-Clause */
/* Object sizes and untyped watermark arithmetic: pure functions, also built into host tests. */
#include <kauri/types.h>
#include <kernel/untyped.h>

int object_size_bits(enum kauri_object_type type, unsigned int user_size)
{
	switch (type) {
	case KAURI_UNTYPED:
		return user_size >= KAURI_MIN_UNTYPED_BITS && user_size <= KAURI_MAX_UNTYPED_BITS ? (int)user_size : -1;
	case KAURI_TCB:
		return KAURI_TCB_SIZE_BITS;
	case KAURI_ENDPOINT:
		return KAURI_ENDPOINT_SIZE_BITS;
	case KAURI_NOTIFICATION:
		return KAURI_NOTIFICATION_SIZE_BITS;
	case KAURI_CNODE:
		return user_size >= 1 && user_size <= KAURI_MAX_CNODE_RADIX ?
		       (int)(user_size + KAURI_SLOT_SIZE_BITS) : -1;
	case KAURI_FRAME_4K:
		return KAURI_FRAME_4K_SIZE_BITS;
	case KAURI_FRAME_2M:
		return KAURI_FRAME_2M_SIZE_BITS;
	case KAURI_PAGE_TABLE:
		return KAURI_PAGE_TABLE_SIZE_BITS;
	case KAURI_VSPACE:
		return KAURI_VSPACE_SIZE_BITS;
	default:
		return -1;
	}
}

uint64_t untyped_retype_start(uint64_t free_index, unsigned int object_bits)
{
	uint64_t align = 1UL << object_bits;

	return (free_index + align - 1) & ~(align - 1);
}
