/* SPDX-License-Identifier: BSD-2-Clause */
/* Endpoint IPC: send/receive, call/reply, badges, long messages, capability transfer, queues, deletion. */
#include "kernel_test.h"

static volatile kauri_word_t shared[8];

static void sender_4_words(kauri_word_t ep, kauri_word_t base)
{
	for (unsigned int i = 0; i < 4; i++)
		kauri_set_mr(i, base + i);
	kauri_send(ep, kauri_msginfo(0x42, 0, 0, 4));
}

KERNEL_TEST(ipc_send_recv)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;
	kauri_word_t badge = 1, info;

	CHECK(thread_new(&t, sender_4_words, ep, 100, 100, 0, true));
	info = kauri_recv(ep, &badge);
	CHECK(kauri_msginfo_label(info) == 0x42 && kauri_msginfo_length(info) == 4);
	CHECK(badge == 0);
	for (unsigned int i = 0; i < 4; i++)
		CHECK(kauri_get_mr(i) == 100 + i);
}

KERNEL_TEST(ipc_badge_identifies_sender)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), b1 = slot_alloc(), b2 = slot_alloc();
	struct thread t1, t2;
	kauri_word_t badge, seen = 0;

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b1, DEPTH, ROOT_CNODE, ep, DEPTH, KAURI_ALL_RIGHTS, 0x10));
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b2, DEPTH, ROOT_CNODE, ep, DEPTH, KAURI_ALL_RIGHTS, 0x20));
	CHECK(thread_new(&t1, sender_4_words, b1, 0, 100, 0, true));
	CHECK(thread_new(&t2, sender_4_words, b2, 0, 100, 0, true));
	for (int i = 0; i < 2; i++) {
		kauri_recv(ep, &badge);
		seen |= badge;
	}
	CHECK(seen == 0x30);
}

static void caller(kauri_word_t ep, kauri_word_t x)
{
	kauri_set_mr(0, x);
	kauri_word_t info = kauri_call(ep, kauri_msginfo(1, 0, 0, 1));

	shared[0] = kauri_msginfo_label(info);
	shared[1] = kauri_get_mr(0);
}

KERNEL_TEST(ipc_call_reply)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;

	shared[0] = shared[1] = 0;
	CHECK(thread_new(&t, caller, ep, 21, 100, 0, true));
	kauri_recv(ep, 0);
	CHECK(kauri_get_mr(0) == 21);
	kauri_set_mr(0, 42);
	kauri_reply(kauri_msginfo(7, 0, 0, 1));
	run_others();
	CHECK(shared[0] == 7 && shared[1] == 42);
}

static void long_sender(kauri_word_t ep, kauri_word_t unused)
{
	for (unsigned int i = 0; i < KAURI_MSG_MAX_LENGTH; i++)
		kauri_set_mr(i, 0x1000 + i);
	kauri_send(ep, kauri_msginfo(3, 0, 0, KAURI_MSG_MAX_LENGTH));
}

KERNEL_TEST(ipc_long_message)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;
	kauri_word_t info;
	bool all = true;

	CHECK(thread_new(&t, long_sender, ep, 0, 100, 0, true));
	info = kauri_recv(ep, 0);
	CHECK(kauri_msginfo_length(info) == KAURI_MSG_MAX_LENGTH);
	for (unsigned int i = 0; i < KAURI_MSG_MAX_LENGTH; i++)
		all = all && kauri_get_mr(i) == 0x1000 + i;
	CHECK(all);
}

static void overlong_sender(kauri_word_t ep, kauri_word_t unused)
{
	kauri_send(ep, kauri_msginfo(3, 0, 0, 127));	/* more than the kernel carries */
}

KERNEL_TEST(ipc_length_clamped)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;

	CHECK(thread_new(&t, overlong_sender, ep, 0, 100, 0, true));
	CHECK(kauri_msginfo_length(kauri_recv(ep, 0)) == KAURI_MSG_MAX_LENGTH);
}

KERNEL_TEST(ipc_nbsend_without_receiver_is_dropped)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	kauri_word_t badge = 99;

	kauri_set_mr(0, 5);
	kauri_nbsend(ep, kauri_msginfo(1, 0, 0, 1));
	CHECK(kauri_nbrecv(ep, &badge) == 0);
	CHECK(badge == 0);
}

KERNEL_TEST(ipc_nbrecv_empty)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	kauri_word_t badge = 99;

	CHECK(kauri_nbrecv(ep, &badge) == 0 && badge == 0);
}

static void cap_sender(kauri_word_t ep, kauri_word_t cap)
{
	kauri_set_cap(0, cap);
	kauri_set_mr(0, 1);
	kauri_send(ep, kauri_msginfo(9, 0, 1, 1));
}

/* Receives on EP into a fresh slot; returns the slot, the message info in *INFO. */
static kauri_cptr_t receive_with_slot(kauri_cptr_t ep, kauri_word_t *info)
{
	kauri_cptr_t slot = slot_alloc();
	struct kauri_ipc_buffer *b = kauri_ipc_buffer();

	b->receive_cnode = ROOT_CNODE;
	b->receive_index = slot;
	b->receive_depth = DEPTH;
	*info = kauri_recv(ep, 0);
	b->receive_depth = 0;
	return slot;
}

KERNEL_TEST(ipc_cap_transfer_with_grant)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0);
	kauri_cptr_t watcher = slot_alloc(), got;
	struct thread t;
	kauri_word_t info;

	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, watcher, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS));
	CHECK(thread_new(&t, cap_sender, ep, n, 100, 0, true));
	got = receive_with_slot(ep, &info);
	CHECK(kauri_msginfo_extra_caps(info) == 1 && kauri_msginfo_caps_unwrapped(info) == 0);
	CHECK(signal_reaches(got, watcher));	/* the received cap names the same notification */
}

KERNEL_TEST(ipc_cap_transfer_without_grant)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0);
	kauri_cptr_t nogrant = slot_alloc(), got;
	struct thread t;
	kauri_word_t info;

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, nogrant, DEPTH, ROOT_CNODE, ep, DEPTH,
				  KAURI_RIGHT_READ | KAURI_RIGHT_WRITE, 0));
	CHECK(thread_new(&t, cap_sender, nogrant, n, 100, 0, true));
	got = receive_with_slot(ep, &info);
	CHECK(kauri_msginfo_label(info) == 9 && kauri_msginfo_extra_caps(info) == 0);
	/* Nothing arrived in the receive slot. */
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, got, DEPTH, ROOT_CNODE, ROOT_TCB, DEPTH, KAURI_ALL_RIGHTS));
}

KERNEL_TEST(ipc_cap_unwrapped_to_badge)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), badged = slot_alloc();
	struct thread t;
	kauri_word_t info;

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, ep, DEPTH, KAURI_ALL_RIGHTS, 0xabc));
	CHECK(thread_new(&t, cap_sender, ep, badged, 100, 0, true));
	receive_with_slot(ep, &info);
	CHECK(kauri_msginfo_extra_caps(info) == 1 && kauri_msginfo_caps_unwrapped(info) == 1);
	CHECK(kauri_ipc_buffer()->caps_or_badges[0] == 0xabc);
}

static void call_and_flag(kauri_word_t ep, kauri_word_t unused)
{
	kauri_call(ep, kauri_msginfo(1, 0, 0, 0));
	shared[2] = 1;
}

KERNEL_TEST(ipc_call_without_grant_stops_caller)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), plain = slot_alloc();
	struct thread t;
	kauri_word_t regs[1];

	shared[2] = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, plain, DEPTH, ROOT_CNODE, ep, DEPTH,
				  KAURI_RIGHT_READ | KAURI_RIGHT_WRITE, 0));
	CHECK(thread_new(&t, call_and_flag, plain, 0, 100, 0, true));
	kauri_recv(ep, 0);
	kauri_reply(kauri_msginfo(0, 0, 0, 0));	/* there is no reply capability: nothing happens */
	run_others();
	CHECK(shared[2] == 0);
	CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, 1, regs));	/* it still exists, stopped */
}

static void serve_calls(kauri_word_t ep, kauri_word_t count)
{
	kauri_word_t info = kauri_recv(ep, 0);

	for (kauri_word_t i = 1; i < count; i++) {
		kauri_set_mr(0, kauri_get_mr(0) * 2);
		info = kauri_reply_recv(ep, kauri_msginfo(0, 0, 0, 1), 0);
	}
	(void)info;
	kauri_set_mr(0, kauri_get_mr(0) * 2);
	kauri_reply(kauri_msginfo(0, 0, 0, 1));
}

KERNEL_TEST(ipc_reply_recv_server)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread server;
	bool ok = true;

	CHECK(thread_new(&server, serve_calls, ep, 10, 100, 0, true));
	run_others();	/* the server waits */
	for (kauri_word_t i = 0; i < 10; i++) {
		kauri_set_mr(0, i);
		kauri_call(ep, kauri_msginfo(0, 0, 0, 1));
		ok = ok && kauri_get_mr(0) == 2 * i;
	}
	CHECK(ok);
}

static void ordered_sender(kauri_word_t ep, kauri_word_t id)
{
	kauri_set_mr(0, id);
	kauri_send(ep, kauri_msginfo(0, 0, 0, 1));
}

KERNEL_TEST(ipc_send_queue_is_fifo)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t[3];

	for (kauri_word_t i = 0; i < 3; i++) {
		CHECK(thread_new(&t[i], ordered_sender, ep, i, 100, 0, true));
		run_others();	/* each blocks in turn on the endpoint */
	}
	for (kauri_word_t i = 0; i < 3; i++) {
		kauri_recv(ep, 0);
		CHECK(kauri_get_mr(0) == i);
	}
}

static void receiver_first(kauri_word_t ep, kauri_word_t unused)
{
	kauri_recv(ep, 0);
	shared[3] = kauri_get_mr(0);
}

KERNEL_TEST(ipc_receiver_waits_first)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;

	shared[3] = 0;
	CHECK(thread_new(&t, receiver_first, ep, 0, 100, 0, true));
	run_others();
	kauri_set_mr(0, 77);
	kauri_send(ep, kauri_msginfo(0, 0, 0, 1));
	run_others();
	CHECK(shared[3] == 77);
}

KERNEL_TEST(ipc_reply_capability_used_once)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread t;

	shared[0] = shared[1] = 0;
	CHECK(thread_new(&t, caller, ep, 1, 100, 0, true));
	kauri_recv(ep, 0);
	kauri_set_mr(0, 5);
	kauri_reply(kauri_msginfo(2, 0, 0, 1));
	kauri_set_mr(0, 6);
	kauri_reply(kauri_msginfo(3, 0, 0, 1));	/* no effect */
	run_others();
	CHECK(shared[0] == 2 && shared[1] == 5);
}
