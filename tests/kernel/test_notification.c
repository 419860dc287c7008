/* SPDX-License-Identifier: BSD-2-Clause */
/* Notifications: signal/wait/poll, badge accumulation, bound notifications. */
#include "kernel_test.h"

static volatile kauri_word_t got;

KERNEL_TEST(ntfn_signal_then_wait)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 4));
	kauri_signal(b);
	CHECK(kauri_wait(n) == 4);
}

static void waiter(kauri_word_t n, kauri_word_t unused)
{
	got = kauri_wait(n);
}

KERNEL_TEST(ntfn_wait_then_signal)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();
	struct thread t;

	got = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 8));
	CHECK(thread_new(&t, waiter, n, 0, 100, 0, true));
	run_others();
	CHECK(got == 0);
	kauri_signal(b);
	run_others();
	CHECK(got == 8);
}

KERNEL_TEST(ntfn_badges_accumulate)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b1 = slot_alloc(), b2 = slot_alloc();

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b1, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 1));
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b2, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 2));
	kauri_signal(b1);
	kauri_signal(b2);
	kauri_signal(b1);
	CHECK(kauri_poll(n) == 3);
	CHECK(kauri_poll(n) == 0);
}

KERNEL_TEST(ntfn_poll_empty)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0);
	kauri_word_t badge = 5;

	CHECK(kauri_nbrecv(n, &badge) == 0 && badge == 0);
}

static void bound_receiver(kauri_word_t ep, kauri_word_t unused)
{
	kauri_word_t badge;

	kauri_recv(ep, &badge);
	got = badge;
}

KERNEL_TEST(ntfn_bound_wakes_endpoint_receiver)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();
	struct thread t;

	got = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x40));
	CHECK(thread_new(&t, bound_receiver, ep, 0, 100, 0, false));
	CHECK_OK(kauri_tcb_bind_notification(t.tcb, n));
	CHECK_OK(kauri_tcb_resume(t.tcb));
	run_others();			/* it waits on the endpoint */
	kauri_signal(b);
	run_others();
	CHECK(got == 0x40);
}

KERNEL_TEST(ntfn_bound_pending_delivered_on_recv)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();
	struct thread t;

	got = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x2));
	CHECK(thread_new(&t, bound_receiver, ep, 0, 100, 0, false));
	CHECK_OK(kauri_tcb_bind_notification(t.tcb, n));
	kauri_signal(b);		/* pending before it waits */
	CHECK_OK(kauri_tcb_resume(t.tcb));
	run_others();
	CHECK(got == 0x2);
}

KERNEL_TEST(ntfn_bind_twice_refused)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), n2 = object_new(KAURI_NOTIFICATION, 0);
	kauri_cptr_t t1 = object_new(KAURI_TCB, 0), t2 = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_tcb_bind_notification(t1, n));
	CHECK_ERR(kauri_tcb_bind_notification(t2, n), KAURI_ILLEGAL_OPERATION);	/* n is bound */
	CHECK_ERR(kauri_tcb_bind_notification(t1, n2), KAURI_ILLEGAL_OPERATION);	/* t1 is bound */
	CHECK_OK(kauri_tcb_unbind_notification(t1));
	CHECK_ERR(kauri_tcb_unbind_notification(t1), KAURI_ILLEGAL_OPERATION);
	CHECK_OK(kauri_tcb_bind_notification(t2, n));
}

KERNEL_TEST(ntfn_unbound_does_not_wake_endpoint_receiver)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();
	struct thread t;

	got = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x42));
	CHECK(thread_new(&t, bound_receiver, ep, 0, 100, 0, false));
	CHECK_OK(kauri_tcb_bind_notification(t.tcb, n));
	CHECK_OK(kauri_tcb_unbind_notification(t.tcb));
	CHECK_OK(kauri_tcb_resume(t.tcb));
	run_others();
	kauri_signal(b);
	run_others();
	CHECK(got == 0);
	CHECK(kauri_poll(n) == 0x42);	/* the signal stayed on the notification */
}

KERNEL_TEST(ntfn_bind_needs_read_right)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), wo = slot_alloc(), t = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, wo, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_RIGHT_WRITE, 0));
	CHECK_ERR(kauri_tcb_bind_notification(t, wo), KAURI_INVALID_CAPABILITY);
}

KERNEL_TEST(ntfn_delete_wakes_waiters)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), ep = object_new(KAURI_ENDPOINT, 0);
	kauri_cptr_t fault_ep = slot_alloc();
	struct thread t;
	kauri_word_t info;

	/* The waiter's wait restarts once the notification is gone, and faults on the empty slot. */
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, fault_ep, DEPTH, ROOT_CNODE, ep, DEPTH, KAURI_ALL_RIGHTS));
	CHECK(thread_new(&t, waiter, n, 0, 100, fault_ep, true));
	run_others();
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, n, DEPTH));
	info = kauri_recv(ep, 0);
	CHECK(kauri_msginfo_label(info) == 1 /* KAURI_FAULT_CAP */);
	CHECK(kauri_get_mr(1) == n);
}

/* ---- who runs after a Signal: the order the fast path and the slow path both keep */

static volatile char order[8];
static volatile unsigned int ordered;

static void note(char c)
{
	if (ordered < sizeof(order) - 1)
		order[ordered++] = c;
}

static void high_waiter(kauri_word_t n, kauri_word_t unused)
{
	got = kauri_wait(n);
	note('W');
}

static void signaller(kauri_word_t b, kauri_word_t unused)
{
	note('s');
	kauri_signal(b);
	note('S');
}

static void bystander(kauri_word_t unused0, kauri_word_t unused1)
{
	note('P');
}

/*
 * A waiter of higher priority runs at once on the Signal; the signaller, preempted, runs next,
 * before a thread of its own priority that was ready all along. The waiter's Wait gave the CPU
 * to the signaller as the best ready thread.
 */
KERNEL_TEST(ntfn_signal_runs_a_higher_waiter_at_once_and_the_signaller_next)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b = slot_alloc();
	struct thread w, s, p;

	got = 0;
	ordered = 0;
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x31));
	CHECK(thread_new(&w, high_waiter, n, 0, 100, 0, true));
	CHECK(thread_new(&s, signaller, b, 0, 50, 0, true));
	CHECK(thread_new(&p, bystander, 0, 0, 50, 0, true));
	run_others();
	order[ordered] = 0;
	CHECK(ordered == 4 && order[0] == 's' && order[1] == 'W' && order[2] == 'S' && order[3] == 'P');
	CHECK(got == 0x31);
}

/* Badges signalled while nobody waits are all there for the next Wait, which does not block. */
KERNEL_TEST(ntfn_wait_takes_what_was_signalled_meanwhile)
{
	kauri_cptr_t n = object_new(KAURI_NOTIFICATION, 0), b1 = slot_alloc(), b2 = slot_alloc();

	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b1, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x100));
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, b2, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x1));
	kauri_signal(b1);
	kauri_signal(b2);
	kauri_signal(b2);
	CHECK(kauri_wait(n) == 0x101);
	kauri_signal(b2);
	CHECK(kauri_wait(n) == 0x1);
	CHECK(kauri_poll(n) == 0);
}
