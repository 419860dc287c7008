/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Attacks, each made by threads with an app's authority and no more (an
 * attacker CSpace of their own: env.h). Each must fail with an error or a
 * fault while the kernel stays sound: every test ends with the kernel's own
 * invariant check (main.c), which is what would have seen the holes these
 * attacks once went through.
 */
#include <uapi/kauri/fault.h>
#include "kernel_test.h"

/*
 * The kernel checks its invariants after every system call while an attack
 * runs, so the very call that breaks one stops the run and names it.
 */
static void check_every_call(bool on)
{
	kauri_machine_check_invariants(KAURI_CAP_MACHINE, on ? KAURI_INVARIANTS_EVERY_CALL : KAURI_INVARIANTS_OFF);
}

/* What the attackers saw, for the test to check once they are done. */
static volatile kauri_word_t seen[8];
static volatile unsigned int steps;

/* ---- a copied untyped and its original must not hand out the same memory (issue 10, hole 1) */

enum { U_BUDGET = A_FREE, U_COPY, U_FRAME, U_CNODE };

static void double_retype(kauri_word_t unused0, kauri_word_t unused1)
{
	seen[0] = kauri_cnode_copy(A_CSPACE, U_COPY, DEPTH, A_CSPACE, U_BUDGET, DEPTH, KAURI_ALL_RIGHTS);
	seen[1] = kauri_untyped_retype(U_COPY, KAURI_FRAME_4K, 0, A_CSPACE, 0, 0, U_FRAME, 1);
	/* The same memory again through the original: a CNode over the frame, to forge capabilities in. */
	seen[2] = kauri_untyped_retype(U_BUDGET, KAURI_CNODE, 7, A_CSPACE, 0, 0, U_CNODE, 1);
	/* Without the copy, the frame still holds the memory. */
	kauri_cnode_delete(A_CSPACE, U_COPY, DEPTH);
	seen[3] = kauri_untyped_retype(U_BUDGET, KAURI_CNODE, 7, A_CSPACE, 0, 0, U_CNODE, 1);
	/* Only once all of it is given back does the original start over. */
	kauri_cnode_delete(A_CSPACE, U_FRAME, DEPTH);
	seen[4] = kauri_untyped_retype(U_BUDGET, KAURI_CNODE, 7, A_CSPACE, 0, 0, U_CNODE, 1);
	steps = 1;
}

KERNEL_TEST(attack_untyped_copy_and_original_retype_the_same_memory)
{
	struct attacker_space s;
	struct thread t;

	CHECK(attacker_space_new(&s, 0));
	CHECK(attacker_give(&s, U_BUDGET, object_new(KAURI_UNTYPED, 12), 0, true));
	steps = 0;
	CHECK(attacker_new(&t, &s, double_retype, 0, 0, 100, true));
	check_every_call(true);
	run_others();
	check_every_call(false);
	CHECK(steps == 1);
	CHECK(seen[0] == KAURI_OK && seen[1] == KAURI_OK);
	CHECK(seen[2] == KAURI_NOT_ENOUGH_MEMORY);
	CHECK(seen[3] == KAURI_NOT_ENOUGH_MEMORY);
	CHECK(seen[4] == KAURI_OK);
}

/* ---- deleting a thread that holds a caller's reply (hole 2) */

enum { R_ENDPOINT = A_FREE, R_SERVER, R_CALLER };

static void serve_and_hold(kauri_word_t unused0, kauri_word_t unused1)
{
	kauri_recv(R_ENDPOINT, 0);
	seen[0] = 1;		/* it holds the caller's reply now, and keeps it */
}

static void call_server(kauri_word_t unused0, kauri_word_t unused1)
{
	kauri_call(R_ENDPOINT, kauri_msginfo(1, 0, 0, 0));
	seen[1]++;		/* returned: only once it was stopped and started again */
}

/* Runs when both others are blocked: deletes the server, then stops and starts the caller. */
static void delete_replier(kauri_word_t unused0, kauri_word_t unused1)
{
	seen[2] = kauri_cnode_delete(A_CSPACE, R_SERVER, DEPTH);
	seen[3] = kauri_tcb_suspend(R_CALLER);
	seen[4] = kauri_tcb_resume(R_CALLER);
	steps = 1;
}

KERNEL_TEST(attack_delete_a_thread_holding_a_reply)
{
	struct attacker_space s;
	struct thread server, caller, killer;
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);

	for (unsigned int i = 0; i < 8; i++)
		seen[i] = 0;
	steps = 0;
	CHECK(attacker_space_new(&s, 0));
	CHECK(attacker_give(&s, R_ENDPOINT, ep, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_new(&server, &s, serve_and_hold, 0, 0, 100, true));
	/* The server's only capability is the attackers': deleting it destroys the thread. */
	CHECK(attacker_give(&s, R_SERVER, server.tcb, 0, true));
	CHECK(attacker_new(&caller, &s, call_server, 0, 0, 100, true));
	CHECK(attacker_give(&s, R_CALLER, caller.tcb, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_new(&killer, &s, delete_replier, 0, 0, 90, true));
	check_every_call(true);
	run_others();
	check_every_call(false);
	CHECK(seen[0] == 1);
	CHECK(steps == 1 && seen[2] == KAURI_OK && seen[3] == KAURI_OK && seen[4] == KAURI_OK);
	CHECK(seen[1] == 1);
	/* The caller lives on: it can be stopped and read like any thread. */
	CHECK_OK(kauri_tcb_suspend(caller.tcb));
}

/* ---- a thread re-configuring itself out of a CSpace that dies under it (hole 3) */

enum { C_BUDGET = A_FREE, C_TCB, C_VSPACE, C_BUFFER, C_OWN, C_OWN_GUARDED };

static void reconfigure_out_of_dying_cspace(kauri_word_t buffer_va, kauri_word_t unused)
{
	/* A CNode of its own holding its TCB, VSpace, buffer and (slot 1) the attackers' CNode. */
	if (kauri_untyped_retype(C_BUDGET, KAURI_CNODE, ATTACKER_RADIX, A_CSPACE, 0, 0, C_OWN, 1) != KAURI_OK)
		return;
	for (kauri_word_t slot = A_CSPACE; slot <= C_BUFFER; slot++)
		kauri_cnode_copy(C_OWN, slot, ATTACKER_RADIX, A_CSPACE, slot, DEPTH, KAURI_ALL_RIGHTS);
	kauri_cnode_mint(A_CSPACE, C_OWN_GUARDED, DEPTH, A_CSPACE, C_OWN, DEPTH, KAURI_ALL_RIGHTS,
			 (kauri_word_t)(64 - ATTACKER_RADIX) << 58);
	if (kauri_tcb_configure(C_TCB, A_FAULT, C_OWN_GUARDED, C_VSPACE, buffer_va, C_BUFFER) != KAURI_OK)
		return;
	/* It looks up in its own CNode now; the attackers' copies of it go, so only its TCB holds it. */
	kauri_cnode_delete(A_CSPACE, C_OWN_GUARDED, DEPTH);
	kauri_cnode_delete(A_CSPACE, C_OWN, DEPTH);
	steps = 1;
	/* Back to the attackers' CNode, named by a slot of the CNode this very call destroys. */
	seen[0] = kauri_tcb_configure(C_TCB, A_FAULT, A_CSPACE, C_VSPACE, buffer_va, C_BUFFER);
	/* The call completes, but with no CSpace installed the next one (parking) stops the thread. */
	steps = 2;
}

KERNEL_TEST(attack_reconfigure_out_of_a_dying_cspace)
{
	struct attacker_space s;
	struct thread t;
	kauri_cptr_t faults = object_new(KAURI_ENDPOINT, 0);
	kauri_word_t info, badge;

	steps = 0;
	seen[0] = 99;
	CHECK(attacker_space_new(&s, faults));
	CHECK(attacker_give(&s, C_BUDGET, object_new(KAURI_UNTYPED, 16), 0, true));
	CHECK(attacker_new(&t, &s, reconfigure_out_of_dying_cspace, 0, 0, 100, false));
	CHECK(attacker_give(&s, C_TCB, t.tcb, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_give(&s, C_VSPACE, ROOT_VSPACE, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_give(&s, C_BUFFER, t.ipc_frame, KAURI_ALL_RIGHTS, false));
	{
		kauri_word_t regs[KAURI_TCB_REG_X0 + 2];

		CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, KAURI_TCB_REG_X0 + 2, regs));
		regs[KAURI_TCB_REG_X0 + 1] = (kauri_word_t)t.ipc_buffer;
		CHECK_OK(kauri_tcb_write_registers(t.tcb, 1, KAURI_TCB_REG_X0 + 2, regs));
	}
	check_every_call(true);
	run_others();
	check_every_call(false);
	CHECK(steps == 2 && seen[0] == KAURI_OK);
	/* The new CSpace was not installed from the emptied slot: the thread stopped with none. */
	info = kauri_nbrecv(faults, &badge);
	CHECK(info == 0);
	/* It is still a sound thread: configured again, it runs. */
	CHECK_OK(kauri_tcb_configure(t.tcb, 0, ROOT_CNODE, ROOT_VSPACE, (kauri_word_t)t.ipc_buffer, t.ipc_frame));
}

/* ---- the IPC buffer must be writable RAM (hole 4) */

enum { B_TCB = A_FREE, B_VSPACE, B_READ_ONLY, B_DEVICE, B_WRITABLE };

static void configure_buffers(kauri_word_t buffer_va, kauri_word_t unused)
{
	seen[0] = kauri_tcb_configure(B_TCB, A_FAULT, A_CSPACE, B_VSPACE, buffer_va, B_READ_ONLY);
	seen[1] = kauri_tcb_configure(B_TCB, A_FAULT, A_CSPACE, B_VSPACE, buffer_va, B_DEVICE);
	seen[2] = kauri_tcb_configure(B_TCB, A_FAULT, A_CSPACE, B_VSPACE, buffer_va, B_WRITABLE);
	steps = 1;
}

KERNEL_TEST(attack_ipc_buffer_read_only_or_device)
{
	struct attacker_space s;
	struct thread t;
	kauri_cptr_t device = slot_alloc();

	steps = 0;
	CHECK(env.device_untyped != 0);
	CHECK_OK(kauri_untyped_retype(env.device_untyped, KAURI_FRAME_4K, 0, ROOT_CNODE, 0, 0, device, 1));
	CHECK(attacker_space_new(&s, 0));
	CHECK(attacker_new(&t, &s, configure_buffers, 0, 0, 100, false));
	CHECK(attacker_give(&s, B_TCB, t.tcb, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_give(&s, B_VSPACE, ROOT_VSPACE, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_give(&s, B_READ_ONLY, t.ipc_frame, KAURI_RIGHT_READ, false));
	CHECK(attacker_give(&s, B_DEVICE, device, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_give(&s, B_WRITABLE, t.ipc_frame, KAURI_ALL_RIGHTS, false));
	{
		kauri_word_t regs[KAURI_TCB_REG_X0 + 2];

		CHECK_OK(kauri_tcb_read_registers(t.tcb, 0, KAURI_TCB_REG_X0 + 2, regs));
		regs[KAURI_TCB_REG_X0 + 1] = (kauri_word_t)t.ipc_buffer;
		CHECK_OK(kauri_tcb_write_registers(t.tcb, 1, KAURI_TCB_REG_X0 + 2, regs));
	}
	check_every_call(true);
	run_others();
	check_every_call(false);
	CHECK(steps == 1);
	CHECK(seen[0] == KAURI_INVALID_CAPABILITY);
	CHECK(seen[1] == KAURI_INVALID_CAPABILITY);
	CHECK(seen[2] == KAURI_OK);
}

/* ---- no debug calls, no machine capability: nothing to halt the system or write the UART with (item 5) */

static void try_debug_calls(kauri_word_t unused0, kauri_word_t unused1)
{
	/* The numbers the debug calls once had: putchar, exit, name thread, write. */
	for (kauri_word_t number = 64; number <= 67; number++) {
		kauri_word_t x0 = 0, x1 = 0;

		kauri_syscall((enum kauri_syscall)number, &x0, &x1);
	}
	/* Machine.PowerOff through a slot it does not hold. */
	kauri_set_mr(0, 0);
	kauri_call(KAURI_CAP_MACHINE, kauri_msginfo(KAURI_MACHINE_POWER_OFF, 0, 0, 1));
	steps = 1;
}

KERNEL_TEST(attack_no_debug_calls_or_machine_capability)
{
	struct attacker_space s;
	struct thread t;
	kauri_cptr_t faults = object_new(KAURI_ENDPOINT, 0);
	unsigned int unknown = 0, cap_faults = 0;

	steps = 0;
	CHECK(attacker_space_new(&s, faults));
	CHECK(attacker_new(&t, &s, try_debug_calls, 0, 0, 100, true));
	/* Each attempt arrives here as a fault; answering resumes the thread after it. */
	check_every_call(true);
	for (unsigned int i = 0; i < 5; i++) {
		kauri_word_t label;

		run_others();
		label = kauri_msginfo_label(kauri_nbrecv(faults, 0));
		if (label == KAURI_FAULT_UNKNOWN_SYSCALL)
			unknown++;
		else if (label == KAURI_FAULT_CAP)
			cap_faults++;
		kauri_reply(kauri_msginfo(0, 0, 0, 0));
	}
	run_others();
	check_every_call(false);
	CHECK(unknown == 4);
	CHECK(cap_faults == 1);
	CHECK(steps == 1);
}

/* ---- Signal and Wait need the right they use, on the fast path as on the slow one */

enum { N_READ_ONLY = A_FREE, N_WRITE_ONLY, N_BOUND_ELSEWHERE };

static void misuse_notifications(kauri_word_t unused0, kauri_word_t unused1)
{
	kauri_signal(N_READ_ONLY);		/* no WRITE */
	kauri_wait(N_WRITE_ONLY);		/* no READ */
	kauri_wait(N_BOUND_ELSEWHERE);		/* another thread's to wait on */
	steps = 1;
}

KERNEL_TEST(attack_signal_and_wait_without_the_right)
{
	static const kauri_word_t tried[] = { N_READ_ONLY, N_WRITE_ONLY, N_BOUND_ELSEWHERE };
	struct attacker_space s;
	struct thread t;
	kauri_cptr_t faults = object_new(KAURI_ENDPOINT, 0), n = object_new(KAURI_NOTIFICATION, 0);
	kauri_cptr_t bound = object_new(KAURI_NOTIFICATION, 0), other = object_new(KAURI_TCB, 0);
	unsigned int cap_faults = 0;

	steps = 0;
	CHECK_OK(kauri_tcb_bind_notification(other, bound));
	CHECK(attacker_space_new(&s, faults));
	CHECK(attacker_give(&s, N_READ_ONLY, n, KAURI_RIGHT_READ, false));
	CHECK(attacker_give(&s, N_WRITE_ONLY, n, KAURI_RIGHT_WRITE, false));
	CHECK(attacker_give(&s, N_BOUND_ELSEWHERE, bound, KAURI_ALL_RIGHTS, false));
	CHECK(attacker_new(&t, &s, misuse_notifications, 0, 0, 100, true));
	check_every_call(true);
	/* Each try arrives as a capability fault naming its slot; the answer resumes the thread after it. */
	for (unsigned int i = 0; i < 3; i++) {
		kauri_word_t info;

		run_others();
		info = kauri_nbrecv(faults, 0);
		if (kauri_msginfo_label(info) == KAURI_FAULT_CAP && kauri_get_mr(1) == tried[i])
			cap_faults++;
		kauri_reply(kauri_msginfo(0, 0, 0, 0));
	}
	run_others();
	check_every_call(false);
	CHECK(cap_faults == 3);
	CHECK(steps == 1);
	CHECK(kauri_poll(n) == 0);		/* nothing went through the read-only capability */
}

/* ---- the fast path passes only the registers a message has (item 7) */

#define CLIENT_SECRET	0xc11e47
#define SERVER_SECRET	0x5e7e47

static void fast_server(kauri_word_t ep, kauri_word_t unused)
{
	kauri_word_t badge;

	kauri_recv(ep, &badge);
	/* What a 1-word Call left in MR1-MR3 of its receiver: its own zeros, not the caller's. */
	seen[0] = kauri_get_mr(1) | kauri_get_mr(2) | kauri_get_mr(3);
	/* A reply of no words, with secrets in the registers it does not send. */
	kauri_set_mr(1, SERVER_SECRET);
	kauri_set_mr(2, SERVER_SECRET);
	kauri_set_mr(3, SERVER_SECRET);
	kauri_reply_recv(ep, kauri_msginfo(0, 0, 0, 0), &badge);
}

KERNEL_TEST(fastpath_passes_only_the_message)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread server;

	seen[0] = 1;
	/* Same priority as the test, so Call and ReplyRecv both take the fast path. */
	CHECK(thread_new(&server, fast_server, ep, 0, 255, 0, true));
	kauri_yield();
	kauri_set_mr(0, 7);
	kauri_set_mr(1, CLIENT_SECRET);
	kauri_set_mr(2, CLIENT_SECRET);
	kauri_set_mr(3, CLIENT_SECRET);
	kauri_call(ep, kauri_msginfo(0, 0, 0, 1));
	CHECK(seen[0] == 0);
	/* The empty reply leaves the caller's own registers as they were. */
	CHECK(kauri_get_mr(1) == CLIENT_SECRET && kauri_get_mr(2) == CLIENT_SECRET && kauri_get_mr(3) == CLIENT_SECRET);
}

/* Long messages take the fast path too: words past the fourth go IPC buffer to IPC buffer, and no further. */
#define LONG_WORDS	10

static void long_fast_server(kauri_word_t ep, kauri_word_t unused)
{
	kauri_word_t badge, info;
	bool exact = true;

	kauri_set_mr(LONG_WORDS, SERVER_SECRET);	/* its own word, just past the message */
	info = kauri_recv(ep, &badge);
	for (unsigned int i = 0; i < LONG_WORDS; i++)
		exact = exact && kauri_get_mr(i) == 0x100 + i;
	seen[1] = exact && kauri_msginfo_length(info) == LONG_WORDS && kauri_get_mr(LONG_WORDS) == SERVER_SECRET;
	for (unsigned int i = 0; i < LONG_WORDS + 2; i++)
		kauri_set_mr(i, 0x200 + i);
	kauri_set_mr(LONG_WORDS + 2, SERVER_SECRET);
	kauri_reply_recv(ep, kauri_msginfo(5, 0, 0, LONG_WORDS + 2), &badge);
}

KERNEL_TEST(fastpath_long_message_exact)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread server;
	kauri_word_t info;
	bool exact = true;

	seen[1] = 0;
	CHECK(thread_new(&server, long_fast_server, ep, 0, 255, 0, true));
	kauri_yield();
	for (unsigned int i = 0; i < LONG_WORDS; i++)
		kauri_set_mr(i, 0x100 + i);
	kauri_set_mr(LONG_WORDS, CLIENT_SECRET);
	kauri_set_mr(LONG_WORDS + 2, CLIENT_SECRET);
	info = kauri_call(ep, kauri_msginfo(0, 0, 0, LONG_WORDS));
	CHECK(seen[1] == 1);
	CHECK(kauri_msginfo_label(info) == 5 && kauri_msginfo_length(info) == LONG_WORDS + 2);
	for (unsigned int i = 0; i < LONG_WORDS + 2; i++)
		exact = exact && kauri_get_mr(i) == 0x200 + i;
	CHECK(exact);
	CHECK(kauri_get_mr(LONG_WORDS + 2) == CLIENT_SECRET);
}

/* A thread the kernel knows no IPC buffer of sends and receives four words at most, on either path. */
static void bufferless_server(kauri_word_t ep, kauri_word_t unused)
{
	kauri_word_t badge;

	seen[2] = kauri_msginfo_length(kauri_recv(ep, &badge));
	for (unsigned int i = 0; i < LONG_WORDS; i++)
		kauri_set_mr(i, SERVER_SECRET);
	kauri_reply_recv(ep, kauri_msginfo(0, 0, 0, LONG_WORDS), &badge);
}

KERNEL_TEST(fastpath_long_message_without_ipc_buffer_is_cut)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	struct thread server;
	kauri_word_t info;

	seen[2] = 0;
	CHECK(thread_new(&server, bufferless_server, ep, 0, 255, 0, false));
	/* Its buffer stays mapped for libkauri, but the kernel is told of none. */
	CHECK(kauri_tcb_configure(server.tcb, 0, ROOT_CNODE, ROOT_VSPACE, 0, 0) == KAURI_OK);
	CHECK(kauri_tcb_resume(server.tcb) == KAURI_OK);
	kauri_yield();
	for (unsigned int i = 0; i < LONG_WORDS; i++)
		kauri_set_mr(i, CLIENT_SECRET + i);
	info = kauri_call(ep, kauri_msginfo(0, 0, 0, LONG_WORDS));
	CHECK(seen[2] == KAURI_MSG_REGISTERS_IN_CPU);
	CHECK(kauri_msginfo_length(info) == KAURI_MSG_REGISTERS_IN_CPU);
	CHECK(kauri_get_mr(3) == SERVER_SECRET);
	/* Past the fourth word the caller's buffer is its own still. */
	CHECK(kauri_get_mr(4) == CLIENT_SECRET + 4 && kauri_get_mr(LONG_WORDS - 1) == CLIENT_SECRET + LONG_WORDS - 1);
}
