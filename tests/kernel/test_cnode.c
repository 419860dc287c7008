/* SPDX-License-Identifier: BSD-2-Clause */
/* CNode operations: copy, mint, move, mutate, delete, revoke (deep trees), addressing errors. */
#include "kernel_test.h"

KERNEL_TEST(cnode_copy)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), copy = slot_alloc();
	kauri_word_t badge;

	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS));
	kauri_signal(copy);
	kauri_nbrecv(n, &badge);
	CHECK(badge == 0);
	CHECK(signal_reaches(copy, n));
}

KERNEL_TEST(cnode_mint_badge)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), badged = slot_alloc();

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x55));
	kauri_signal(badged);
	CHECK(kauri_poll(n) == 0x55);
}

KERNEL_TEST(cnode_mint_onto_badged_refused)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b1 = slot_alloc(), b2 = slot_alloc();

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b1, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 1));
	CHECK_ERR(kauri_cnode_mint(ROOT_CNODE, b2, DEPTH, ROOT_CNODE, b1, DEPTH, KAURI_ALL_RIGHTS, 2),
		  KAURI_ILLEGAL_OPERATION);
	CHECK(slot_empty(b2));
}

KERNEL_TEST(cnode_move)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), dest = slot_alloc();

	CHECK_OK(kauri_cnode_move(ROOT_CNODE, dest, DEPTH, ROOT_CNODE, n, DEPTH));
	CHECK(slot_empty(n));
	CHECK(signal_reaches(dest, dest));
}

KERNEL_TEST(cnode_mutate_sets_badge)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), dest = slot_alloc(), watcher = slot_alloc();

	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, watcher, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_mutate(ROOT_CNODE, dest, DEPTH, ROOT_CNODE, n, DEPTH, 0x77));
	CHECK(slot_empty(n));
	kauri_signal(dest);
	CHECK(kauri_poll(watcher) == 0x77);
}

KERNEL_TEST(cnode_delete_empties_slot)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);

	CHECK(!slot_empty(n));
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, n, DEPTH));
	CHECK(slot_empty(n));
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, n, DEPTH));	/* deleting nothing is fine */
}

KERNEL_TEST(cnode_copy_into_occupied_slot)
{
	kauri_cptr_t a = object_new(KAURI_NOTIFICATION, 0), b = object_new(KAURI_NOTIFICATION, 0);

	CHECK_ERR(kauri_cnode_copy(ROOT_CNODE, b, DEPTH, ROOT_CNODE, a, DEPTH, KAURI_ALL_RIGHTS), KAURI_DELETE_FIRST);
	CHECK_ERR(kauri_cnode_move(ROOT_CNODE, b, DEPTH, ROOT_CNODE, a, DEPTH), KAURI_DELETE_FIRST);
}

KERNEL_TEST(cnode_copy_from_empty_slot)
{
	kauri_cptr_t empty = slot_alloc(), dest = slot_alloc();

	CHECK_ERR(kauri_cnode_copy(ROOT_CNODE, dest, DEPTH, ROOT_CNODE, empty, DEPTH, KAURI_ALL_RIGHTS),
		  KAURI_FAILED_LOOKUP);
	CHECK(kauri_get_mr(0) == 1);	/* the source lookup failed */
}

KERNEL_TEST(cnode_depth_mismatch)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);

	CHECK_ERR(kauri_cnode_delete(ROOT_CNODE, n, 63), KAURI_FAILED_LOOKUP);
	CHECK_ERR(kauri_cnode_delete(ROOT_CNODE, n, 65), KAURI_RANGE_ERROR);
	CHECK(!slot_empty(n));
}

KERNEL_TEST(cnode_guard_mismatch)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);

	/* The root CNode's guard is zero: any high bit set misses it. */
	CHECK_ERR(kauri_cnode_delete(ROOT_CNODE, n | (1UL << 40), DEPTH), KAURI_FAILED_LOOKUP);
	CHECK(!slot_empty(n));
}

KERNEL_TEST(cnode_two_level_addressing)
{
	kauri_cptr_t outer = object_new(KAURI_CNODE, 4), inner = object_new(KAURI_CNODE, 4);
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), check = slot_alloc();

	/* outer[3] = inner; then inner[5] is outer-relative address (3 << 4 | 5) at depth 8. */
	CHECK_OK(kauri_cnode_copy(outer, 3, 4, ROOT_CNODE, inner, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_copy(outer, 3 << 4 | 5, 8, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, check, DEPTH, inner, 5, 4, KAURI_ALL_RIGHTS));
	CHECK(signal_reaches(check, n));
	CHECK_ERR(kauri_cnode_copy(outer, 3 << 4 | 5, 8, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS),
		  KAURI_DELETE_FIRST);
}

KERNEL_TEST(cnode_mint_guard)
{
	kauri_cptr_t node = object_new(KAURI_CNODE, 4), guarded = slot_alloc();
	kauri_word_t guard_data = (kauri_word_t)4 << 58 | 0x9;	/* guard_size 4, guard 0b1001 */

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, guarded, DEPTH, ROOT_CNODE, node, DEPTH, KAURI_ALL_RIGHTS, guard_data));
	/* Slot 2 through the guarded cap: guard bits then index, 8 bits deep. */
	CHECK_OK(kauri_cnode_copy(guarded, 0x9 << 4 | 2, 8, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_ERR(kauri_cnode_copy(guarded, 0x8 << 4 | 2, 8, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS),
		  KAURI_FAILED_LOOKUP);
	CHECK_ERR(kauri_cnode_copy(node, 2, 4, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS), KAURI_DELETE_FIRST);
}

KERNEL_TEST(cnode_mint_bad_guard_refused)
{
	kauri_cptr_t node = object_new(KAURI_CNODE, 4), dest = slot_alloc();

	/* A guard value wider than its size. */
	CHECK_ERR(kauri_cnode_mint(ROOT_CNODE, dest, DEPTH, ROOT_CNODE, node, DEPTH, KAURI_ALL_RIGHTS,
				   (kauri_word_t)2 << 58 | 0x7), KAURI_ILLEGAL_OPERATION);
	/* Guard size plus radix beyond 64 bits. */
	CHECK_ERR(kauri_cnode_mint(ROOT_CNODE, dest, DEPTH, ROOT_CNODE, node, DEPTH, KAURI_ALL_RIGHTS,
				   (kauri_word_t)62 << 58), KAURI_ILLEGAL_OPERATION);
}

KERNEL_TEST(cnode_revoke_deep_derivation_tree)
{
	kauri_cptr_t level[12];
	kauri_word_t first = env.next_slot;

	/* Each level an untyped retyped from the one above: a chain 12 deep. */
	level[0] = object_new(KAURI_UNTYPED, 24);
	CHECK(level[0] != 0);
	for (unsigned int i = 1; i < 12; i++) {
		level[i] = slot_alloc();
		CHECK_OK(kauri_untyped_retype(level[i - 1], KAURI_UNTYPED, 24 - i, ROOT_CNODE, 0, 0, level[i], 1));
	}
	for (unsigned int i = 0; i < 12; i++) {
		kauri_cptr_t n = slot_alloc();

		CHECK_OK(kauri_untyped_retype(level[11], KAURI_NOTIFICATION, 0, ROOT_CNODE, 0, 0, n, 1));
	}
	CHECK_OK(kauri_cnode_revoke(ROOT_CNODE, level[0], DEPTH));
	CHECK(!slot_empty(level[0]));
	for (kauri_word_t s = first + 1; s < env.next_slot; s++)
		CHECK(slot_empty(s));
}

KERNEL_TEST(cnode_revoke_badged_copies)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);
	kauri_cptr_t badged[3], copies[3];

	for (unsigned int i = 0; i < 3; i++) {
		badged[i] = slot_alloc();
		copies[i] = slot_alloc();
		CHECK_OK(kauri_cnode_mint(ROOT_CNODE, badged[i], DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, i + 1));
		CHECK_OK(kauri_cnode_copy(ROOT_CNODE, copies[i], DEPTH, ROOT_CNODE, badged[i], DEPTH, KAURI_ALL_RIGHTS));
	}
	/* Revoking one badge removes its copies only. */
	CHECK_OK(kauri_cnode_revoke(ROOT_CNODE, badged[0], DEPTH));
	CHECK(slot_empty(copies[0]) && !slot_empty(badged[0]) && !slot_empty(copies[1]));
	/* Revoking the unbadged original removes every badge. */
	CHECK_OK(kauri_cnode_revoke(ROOT_CNODE, n, DEPTH));
	for (unsigned int i = 0; i < 3; i++)
		CHECK(slot_empty(badged[i]) && slot_empty(copies[i]));
	CHECK(!slot_empty(n));
}

KERNEL_TEST(cnode_copy_untyped_with_children_refused)
{
	kauri_cptr_t ut = object_new(KAURI_UNTYPED, 16), child = slot_alloc(), copy = slot_alloc();

	CHECK_OK(kauri_untyped_retype(ut, KAURI_ENDPOINT, 0, ROOT_CNODE, 0, 0, child, 1));
	CHECK_ERR(kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, ut, DEPTH, KAURI_ALL_RIGHTS),
		  KAURI_REVOKE_FIRST);
}

KERNEL_TEST(cnode_copy_irq_control_refused)
{
	CHECK_ERR(kauri_cnode_copy(ROOT_CNODE, slot_alloc(), DEPTH, ROOT_CNODE, KAURI_CAP_IRQ_CONTROL, DEPTH,
				   KAURI_ALL_RIGHTS), KAURI_ILLEGAL_OPERATION);
}

static volatile kauri_word_t spins;

static void spin_forever(kauri_word_t a, kauri_word_t b)
{
	for (;;)
		spins++;
}

KERNEL_TEST(cnode_delete_destroys_contents)
{
	kauri_cptr_t outer = object_new(KAURI_CNODE, 4), inner = object_new(KAURI_CNODE, 4);
	struct thread t;
	kauri_word_t before;

	/* A spinning thread whose only TCB cap ends up inside inner, inside outer. */
	CHECK(thread_new(&t, spin_forever, 0, 0, 10, 0, true));
	CHECK_OK(kauri_cnode_move(inner, 7, 4, ROOT_CNODE, t.tcb, DEPTH));
	CHECK_OK(kauri_cnode_move(outer, 1, 4, ROOT_CNODE, inner, DEPTH));
	spins = 0;
	share_cpu(10, 20);
	CHECK(spins > 0);			/* it runs... */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, outer, DEPTH));
	before = spins;
	share_cpu(10, 20);
	CHECK(spins == before);			/* ...and is gone with the CNodes that held it */
}

KERNEL_TEST(cnode_holding_its_own_last_cap)
{
	kauri_cptr_t node = object_new(KAURI_CNODE, 2);

	/* node[0] = node, then the root's cap goes: node now only names itself. */
	CHECK_OK(kauri_cnode_copy(node, 0, 2, ROOT_CNODE, node, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, node, DEPTH));
	CHECK(slot_empty(node));
	/* Revoking its untyped (in cleanup) must still destroy it; the kernel survives a cycle. */
	CHECK_OK(kauri_cnode_revoke(ROOT_CNODE, env.untyped, DEPTH));
}
