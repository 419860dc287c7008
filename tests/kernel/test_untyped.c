/* SPDX-License-Identifier: BSD-2-Clause */
/* Untyped.Retype: every object type, counts, errors, exhaustion, alignment, device memory, reuse. */
#include "kernel_test.h"

static enum kauri_error retype_into(kauri_cptr_t ut, enum kauri_object_type type, unsigned int bits,
				    kauri_word_t slot, kauri_word_t count)
{
	return kauri_untyped_retype(ut, type, bits, ROOT_CNODE, 0, 0, slot, count);
}

KERNEL_TEST(retype_endpoint)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);

	CHECK(ep != 0);
	CHECK(!slot_empty(ep));
}

KERNEL_TEST(retype_notification)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);

	CHECK(n != 0);
	CHECK(signal_reaches(n, n));
}

KERNEL_TEST(retype_tcb)
{
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0);

	CHECK(tcb != 0);
	CHECK_OK(kauri_tcb_set_priority(tcb, ROOT_TCB, 10));
}

KERNEL_TEST(retype_cnode)
{
	kauri_cptr_t cnode = object_new(KAURI_CNODE, 4);

	CHECK(cnode != 0);
	/* Its slots are addressable with depth 4 and start empty. */
	CHECK_OK(kauri_cnode_copy(cnode, 15, 4, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_ERR(kauri_cnode_copy(cnode, 15, 4, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS), KAURI_DELETE_FIRST);
}

KERNEL_TEST(retype_frame_4k)
{
	kauri_cptr_t frame = object_new(KAURI_FRAME_4K, 0);
	kauri_word_t pa = 1;

	CHECK(frame != 0);
	CHECK_OK(kauri_frame_get_address(frame, &pa));
	CHECK(pa != 0 && (pa & 0xfff) == 0);
}

KERNEL_TEST(retype_frame_2m)
{
	kauri_cptr_t frame = object_new(KAURI_FRAME_2M, 0);
	kauri_word_t pa = 1;

	CHECK(frame != 0);
	CHECK_OK(kauri_frame_get_address(frame, &pa));
	CHECK((pa & 0x1fffff) == 0);
}

KERNEL_TEST(retype_page_table)
{
	kauri_cptr_t table = object_new(KAURI_PAGE_TABLE, 0);

	CHECK(table != 0);
	CHECK_OK(kauri_page_table_map(table, ROOT_VSPACE, 0x20000000UL));
}

KERNEL_TEST(retype_vspace)
{
	kauri_cptr_t vspace = object_new(KAURI_VSPACE, 0);
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0);
	kauri_cptr_t frame;
	void *buffer = frame_new_mapped(&frame);

	CHECK(vspace != 0 && buffer);
	/* A new VSpace comes with an ASID: a TCB accepts it. */
	CHECK_OK(kauri_tcb_configure(tcb, 0, ROOT_CNODE, vspace, 0x1000, frame));
}

KERNEL_TEST(retype_untyped_child)
{
	kauri_cptr_t child = object_new(KAURI_UNTYPED, 16);
	kauri_cptr_t ep = slot_alloc();

	CHECK(child != 0);
	CHECK_OK(retype_into(child, KAURI_ENDPOINT, 0, ep, 1));
}

KERNEL_TEST(retype_count_fills_consecutive_slots)
{
	kauri_word_t first = env.next_slot;

	env.next_slot += 16;
	CHECK_OK(retype_into(env.untyped, KAURI_NOTIFICATION, 0, first, 16));
	for (unsigned int i = 0; i < 16; i++)
		CHECK(!slot_empty(first + i));
	CHECK(slot_empty(first + 16));
}

KERNEL_TEST(retype_bad_type)
{
	CHECK_ERR(retype_into(env.untyped, KAURI_NUM_OBJECT_TYPES, 0, slot_alloc(), 1), KAURI_INVALID_ARGUMENT);
	CHECK_ERR(retype_into(env.untyped, 99, 0, slot_alloc(), 1), KAURI_INVALID_ARGUMENT);
}

KERNEL_TEST(retype_cnode_bad_radix)
{
	CHECK_ERR(retype_into(env.untyped, KAURI_CNODE, 0, slot_alloc(), 1), KAURI_RANGE_ERROR);
	CHECK_ERR(retype_into(env.untyped, KAURI_CNODE, KAURI_MAX_CNODE_RADIX + 1, slot_alloc(), 1),
		  KAURI_RANGE_ERROR);
}

KERNEL_TEST(retype_untyped_bad_size)
{
	CHECK_ERR(retype_into(env.untyped, KAURI_UNTYPED, KAURI_MIN_UNTYPED_BITS - 1, slot_alloc(), 1),
		  KAURI_RANGE_ERROR);
	CHECK_ERR(retype_into(env.untyped, KAURI_UNTYPED, KAURI_MAX_UNTYPED_BITS + 1, slot_alloc(), 1),
		  KAURI_RANGE_ERROR);
	CHECK(kauri_get_mr(0) == KAURI_MIN_UNTYPED_BITS && kauri_get_mr(1) == KAURI_MAX_UNTYPED_BITS);
}

KERNEL_TEST(retype_count_out_of_range)
{
	CHECK_ERR(retype_into(env.untyped, KAURI_ENDPOINT, 0, slot_alloc(), 0), KAURI_RANGE_ERROR);
	CHECK_ERR(retype_into(env.untyped, KAURI_ENDPOINT, 0, slot_alloc(), 257), KAURI_RANGE_ERROR);
}

KERNEL_TEST(retype_destination_occupied)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);

	CHECK_ERR(retype_into(env.untyped, KAURI_ENDPOINT, 0, ep, 1), KAURI_DELETE_FIRST);
	CHECK(kauri_get_mr(0) == ep);
}

KERNEL_TEST(retype_destination_out_of_range)
{
	kauri_word_t slots = 1UL << env.bootinfo->cnode_radix;

	CHECK_ERR(retype_into(env.untyped, KAURI_ENDPOINT, 0, slots, 1), KAURI_RANGE_ERROR);
	CHECK_ERR(retype_into(env.untyped, KAURI_ENDPOINT, 0, slots - 1, 2), KAURI_RANGE_ERROR);
}

KERNEL_TEST(retype_exhausts_untyped)
{
	kauri_word_t frames = 1UL << (env.spare_bits - 12);
	kauri_word_t made = 0, slot;
	enum kauri_error err = KAURI_OK;

	CHECK(env.spare_untyped != 0);
	while (env.spare_untyped && made <= frames) {
		slot = slot_alloc();
		err = retype_into(env.spare_untyped, KAURI_FRAME_4K, 0, slot, 1);
		if (err != KAURI_OK)
			break;
		made++;
	}
	CHECK(made == frames);
	CHECK_ERR(err, KAURI_NOT_ENOUGH_MEMORY);
	CHECK(kauri_get_mr(0) == 0);	/* no bytes left */
}

KERNEL_TEST(retype_aligns_to_object_size)
{
	kauri_cptr_t child = object_new(KAURI_UNTYPED, 16);
	kauri_cptr_t ep = slot_alloc(), frame = slot_alloc(), child_frame;
	kauri_word_t pa = 0, base = 0;

	CHECK_OK(retype_into(child, KAURI_ENDPOINT, 0, ep, 1));
	CHECK_OK(retype_into(child, KAURI_FRAME_4K, 0, frame, 1));
	CHECK_OK(kauri_frame_get_address(frame, &pa));
	/* The endpoint took the first 16 bytes; the frame starts at the next 4 KiB boundary. */
	child_frame = slot_alloc();
	kauri_cnode_revoke(ROOT_CNODE, child, DEPTH);
	CHECK_OK(retype_into(child, KAURI_FRAME_4K, 0, child_frame, 1));
	CHECK_OK(kauri_frame_get_address(child_frame, &base));
	CHECK(pa == base + 4096);
}

KERNEL_TEST(retype_object_larger_than_untyped)
{
	kauri_cptr_t child = object_new(KAURI_UNTYPED, 12);

	CHECK_ERR(retype_into(child, KAURI_FRAME_2M, 0, slot_alloc(), 1), KAURI_NOT_ENOUGH_MEMORY);
	CHECK_ERR(retype_into(child, KAURI_UNTYPED, 13, slot_alloc(), 1), KAURI_NOT_ENOUGH_MEMORY);
}

KERNEL_TEST(retype_device_untyped_into_frame)
{
	kauri_cptr_t frame = slot_alloc();
	kauri_word_t pa = 0;

	CHECK(env.device_untyped != 0);
	CHECK_OK(retype_into(env.device_untyped, KAURI_FRAME_4K, 0, frame, 1));
	CHECK_OK(kauri_frame_get_address(frame, &pa));
	CHECK(pa == env.device_paddr);
}

KERNEL_TEST(retype_device_untyped_refuses_kernel_objects)
{
	CHECK(env.device_untyped != 0);
	CHECK_ERR(retype_into(env.device_untyped, KAURI_TCB, 0, slot_alloc(), 1), KAURI_INVALID_ARGUMENT);
	CHECK_ERR(retype_into(env.device_untyped, KAURI_CNODE, 4, slot_alloc(), 1), KAURI_INVALID_ARGUMENT);
}

KERNEL_TEST(untyped_revoke_makes_memory_reusable)
{
	kauri_word_t frames = 1UL << (env.spare_bits - 12);
	kauri_word_t first = env.next_slot;

	env.next_slot += frames;
	CHECK_OK(retype_into(env.spare_untyped, KAURI_FRAME_4K, 0, first, frames > 256 ? 256 : frames));
	CHECK_OK(kauri_cnode_revoke(ROOT_CNODE, env.spare_untyped, DEPTH));
	CHECK(slot_empty(first));
	CHECK_OK(retype_into(env.spare_untyped, KAURI_UNTYPED, env.spare_bits, slot_alloc(), 1));
}

KERNEL_TEST(retype_on_non_untyped_is_illegal)
{
	kauri_cptr_t tcb = object_new(KAURI_TCB, 0);

	kauri_set_mr(0, KAURI_ENDPOINT);
	kauri_set_cap(0, ROOT_CNODE);
	CHECK(kauri_msginfo_label(kauri_call(tcb, kauri_msginfo(KAURI_UNTYPED_RETYPE, 0, 1, 6))) ==
	      KAURI_ILLEGAL_OPERATION);
}

KERNEL_TEST(retype_truncated_message)
{
	kauri_set_cap(0, ROOT_CNODE);
	CHECK(kauri_msginfo_label(kauri_call(env.untyped, kauri_msginfo(KAURI_UNTYPED_RETYPE, 0, 1, 3))) ==
	      KAURI_TRUNCATED_MESSAGE);
	CHECK(kauri_msginfo_label(kauri_call(env.untyped, kauri_msginfo(KAURI_UNTYPED_RETYPE, 0, 0, 6))) ==
	      KAURI_TRUNCATED_MESSAGE);
}
