/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers of the kernel test suite: slots, objects, mappings and threads. */
#include <kauri/map.h>
#include "env.h"

struct test_env env;

/* Where helper mappings go in the root VSpace (below the root server's own regions). */
#define MAP_BASE	0x10000000UL
#define PAGE		4096UL

kauri_cptr_t slot_alloc(void)
{
	return env.next_slot++;
}

kauri_cptr_t object_new(enum kauri_object_type type, unsigned int size_bits)
{
	kauri_cptr_t slot = slot_alloc();

	if (kauri_untyped_retype(env.untyped, type, size_bits, ROOT_CNODE, 0, 0, slot, 1) != KAURI_OK)
		return 0;
	/* A VSpace is only usable once it has an ASID. */
	if (type == KAURI_VSPACE && kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, slot) != KAURI_OK)
		return 0;
	return slot;
}

static kauri_cptr_t new_page_table(void *context)
{
	(void)context;
	return object_new(KAURI_PAGE_TABLE, 0);
}

enum kauri_error map_frame(kauri_cptr_t vspace, kauri_cptr_t frame, kauri_word_t vaddr, unsigned int rights)
{
	static const struct kauri_page_table_maker tables = { .make = new_page_table };
	int err = kauri_frame_map_making_tables(frame, vspace, vaddr, rights, &tables);

	/* A table the suite could not make leaves the lookup failed, as the kernel said. */
	return err == KAURI_MAP_NO_PAGE_TABLE ? KAURI_FAILED_LOOKUP : (enum kauri_error)err;
}

/*
 * Halves of halves of the untyped down to the page: each test's slots go back
 * at its end, and with them the untyped. The same page again in one test is a
 * copy of the first frame (the untyped is used up to it).
 */
kauri_cptr_t device_frame_at(kauri_word_t paddr)
{
	const struct kauri_bootinfo *bi = env.bootinfo;

	if (env.device_frame && env.device_frame_paddr == paddr) {
		kauri_cptr_t copy = slot_alloc();

		if (kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, env.device_frame, DEPTH, KAURI_ALL_RIGHTS) != KAURI_OK)
			return 0;
		return copy;
	}

	for (kauri_word_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];
		kauri_cptr_t untyped = bi->untyped.start + i, frame;
		kauri_word_t base = u->paddr;
		unsigned int bits = u->size_bits;

		if (!u->is_device || paddr < base || paddr - base >= 1UL << bits)
			continue;
		while (bits > 12) {
			kauri_cptr_t low = slot_alloc(), high = slot_alloc();

			bits--;
			if (kauri_untyped_retype(untyped, KAURI_UNTYPED, bits, ROOT_CNODE, 0, 0, low, 2) != KAURI_OK)
				return 0;
			untyped = paddr - base >= 1UL << bits ? high : low;
			if (untyped == high)
				base += 1UL << bits;
		}
		frame = slot_alloc();
		if (kauri_untyped_retype(untyped, KAURI_FRAME_4K, 0, ROOT_CNODE, 0, 0, frame, 1) != KAURI_OK)
			return 0;
		env.device_frame = frame;
		env.device_frame_paddr = paddr;
		return frame;
	}
	return 0;
}

void *frame_new_mapped(kauri_cptr_t *frame_out)
{
	kauri_cptr_t frame = object_new(KAURI_FRAME_4K, 0);
	kauri_word_t va = env.next_vaddr;

	env.next_vaddr += PAGE;
	if (!frame || map_frame(ROOT_VSPACE, frame, va, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK)
		return 0;
	if (frame_out)
		*frame_out = frame;
	return (void *)va;
}

void park_forever(void)
{
	for (;;)
		kauri_wait(env.first_slot - 1);	/* the park notification nobody signals */
}

/* Runs a thread's function, then parks the thread for good. */
static void thread_trampoline(thread_fn fn, kauri_word_t arg0, kauri_word_t arg1)
{
	fn(arg0, arg1);
	park_forever();
}

bool slot_empty(kauri_word_t slot)
{
	bool empty = kauri_cnode_copy(ROOT_CNODE, slot, DEPTH, ROOT_CNODE, ROOT_TCB, DEPTH,
				      KAURI_ALL_RIGHTS) == KAURI_OK;

	if (empty)
		kauri_cnode_delete(ROOT_CNODE, slot, DEPTH);
	return empty;
}

/*
 * An unbadged signal delivers 0, which looks the same as no signal; a badged copy of FROM
 * makes the signal visible on TO, and it must arrive exactly once.
 */
bool signal_reaches(kauri_cptr_t from, kauri_cptr_t to)
{
	kauri_cptr_t badged = slot_alloc();
	bool reached;

	if (kauri_cnode_mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, from, DEPTH, KAURI_ALL_RIGHTS,
			     SIGNAL_REACHES_BADGE) != KAURI_OK)
		return false;
	kauri_signal(badged);
	reached = kauri_poll(to) == SIGNAL_REACHES_BADGE && kauri_poll(to) == 0;
	kauri_cnode_delete(ROOT_CNODE, badged, DEPTH);
	return reached;
}

bool thread_new(struct thread *t, thread_fn fn, kauri_word_t arg0, kauri_word_t arg1, unsigned int priority,
		kauri_cptr_t fault_ep, bool start)
{
	kauri_word_t regs[KAURI_TCB_REG_X0 + 3] = { 0 };

	t->tcb = object_new(KAURI_TCB, 0);
	if (!t->tcb)
		return false;
	env.next_vaddr += PAGE;				/* guard page below the stack */
	if (!frame_new_mapped(0) || !frame_new_mapped(0))
		return false;
	t->stack_top = (void *)env.next_vaddr;
	t->ipc_buffer = frame_new_mapped(&t->ipc_frame);
	if (!t->ipc_buffer)
		return false;
	if (kauri_tcb_configure(t->tcb, fault_ep, ROOT_CNODE, ROOT_VSPACE, (kauri_word_t)t->ipc_buffer,
				t->ipc_frame) != KAURI_OK)
		return false;
	if (kauri_tcb_set_priority(t->tcb, ROOT_TCB, priority) != KAURI_OK)
		return false;
	kauri_tcb_set_name(t->tcb, "test-thread");
	regs[KAURI_TCB_REG_PC] = (kauri_word_t)thread_trampoline;
	regs[KAURI_TCB_REG_SP] = (kauri_word_t)t->stack_top;
	regs[KAURI_TCB_REG_X0] = (kauri_word_t)fn;
	regs[KAURI_TCB_REG_X0 + 1] = arg0;
	regs[KAURI_TCB_REG_X0 + 2] = arg1;
	if (kauri_tcb_write_registers(t->tcb, 0, KAURI_TCB_REG_X0 + 3, regs) != KAURI_OK)
		return false;
	/* TPIDR_EL0 holds the IPC buffer address (libkauri finds it there). */
	{
		kauri_word_t all[KAURI_TCB_REG_COUNT];

		if (kauri_tcb_read_registers(t->tcb, 0, KAURI_TCB_REG_COUNT, all) != KAURI_OK)
			return false;
		all[KAURI_TCB_REG_TPIDR] = (kauri_word_t)t->ipc_buffer;
		if (kauri_tcb_write_registers(t->tcb, 0, KAURI_TCB_REG_COUNT, all) != KAURI_OK)
			return false;
	}
	return !start || kauri_tcb_resume(t->tcb) == KAURI_OK;
}

bool attacker_space_new(struct attacker_space *s, kauri_cptr_t fault_ep)
{
	s->cnode = object_new(KAURI_CNODE, ATTACKER_RADIX);
	s->guarded = slot_alloc();
	return s->cnode &&
	       kauri_cnode_mint(ROOT_CNODE, s->guarded, DEPTH, ROOT_CNODE, s->cnode, DEPTH, KAURI_ALL_RIGHTS,
				(kauri_word_t)(64 - ATTACKER_RADIX) << 58) == KAURI_OK &&
	       attacker_give(s, A_CSPACE, s->guarded, KAURI_ALL_RIGHTS, false) &&
	       attacker_give(s, A_PARK, env.first_slot - 1, KAURI_RIGHT_READ, false) &&
	       (!fault_ep || kauri_cnode_mint(s->cnode, A_FAULT, ATTACKER_RADIX, ROOT_CNODE, fault_ep, DEPTH,
					      KAURI_RIGHT_WRITE | KAURI_RIGHT_GRANT, 0xa77ac) == KAURI_OK);
}

bool attacker_give(struct attacker_space *s, kauri_word_t slot, kauri_cptr_t root_slot, unsigned int rights, bool move)
{
	if (move)
		return kauri_cnode_move(s->cnode, slot, ATTACKER_RADIX, ROOT_CNODE, root_slot, DEPTH) == KAURI_OK;
	return kauri_cnode_copy(s->cnode, slot, ATTACKER_RADIX, ROOT_CNODE, root_slot, DEPTH, rights) == KAURI_OK;
}

/* An attacker's function returns here: it waits on its park slot, in its own CSpace. */
static void attacker_trampoline(thread_fn fn, kauri_word_t arg0, kauri_word_t arg1)
{
	fn(arg0, arg1);
	for (;;)
		kauri_wait(A_PARK);
}

bool attacker_new(struct thread *t, struct attacker_space *s, thread_fn fn, kauri_word_t arg0, kauri_word_t arg1,
		  unsigned int priority, bool start)
{
	kauri_word_t regs[KAURI_TCB_REG_X0 + 3] = { 0 };

	if (!thread_new(t, fn, arg0, arg1, priority, 0, false) ||
	    kauri_tcb_configure(t->tcb, A_FAULT, s->guarded, ROOT_VSPACE, (kauri_word_t)t->ipc_buffer,
				t->ipc_frame) != KAURI_OK)
		return false;
	regs[KAURI_TCB_REG_PC] = (kauri_word_t)attacker_trampoline;
	regs[KAURI_TCB_REG_SP] = (kauri_word_t)t->stack_top;
	regs[KAURI_TCB_REG_X0] = (kauri_word_t)fn;
	regs[KAURI_TCB_REG_X0 + 1] = arg0;
	regs[KAURI_TCB_REG_X0 + 2] = arg1;
	return kauri_tcb_write_registers(t->tcb, 0, KAURI_TCB_REG_X0 + 3, regs) == KAURI_OK &&
	       (!start || kauri_tcb_resume(t->tcb) == KAURI_OK);
}

void run_others(void)
{
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 1);
	kauri_yield();
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
}

void spin_ms(unsigned int ms)
{
	uint64_t end = kauri_counter() + env.bootinfo->timer_frequency * ms / 1000;

	while (kauri_counter() < end)
		;
}

void share_cpu(unsigned int priority, unsigned int ms)
{
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, priority);
	/*
	 * Yield first: every thread ready at PRIORITY then has a turn before we go on, however
	 * slowly the host runs QEMU (a window of counter time alone can pass without one).
	 */
	kauri_yield();
	spin_ms(ms);
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
}

/* The largest RAM untyped for the tests, a 1 MiB-or-so one to exhaust, a device one. */
static void pick_untypeds(const struct kauri_bootinfo *bi)
{
	unsigned int n = (unsigned int)(bi->untyped.end - bi->untyped.start);
	int best = -1, spare = -1;

	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device) {
			if (!env.device_untyped && u->size_bits >= 12 && u->size_bits <= 24) {
				env.device_untyped = bi->untyped.start + i;
				env.device_paddr = u->paddr;
			}
			continue;
		}
		if (best < 0 || u->size_bits > bi->untyped_list[best].size_bits)
			best = (int)i;
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (!u->is_device && (int)i != best && u->size_bits >= 16 && u->size_bits <= 22 &&
		    (spare < 0 || u->size_bits < bi->untyped_list[spare].size_bits))
			spare = (int)i;
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (!u->is_device && (int)i != best && (int)i != spare && u->size_bits >= 12 && !env.keep_untyped)
			env.keep_untyped = bi->untyped.start + i;
	}
	env.untyped = bi->untyped.start + (unsigned int)best;
	env.untyped_bits = bi->untyped_list[best].size_bits;
	if (spare >= 0) {
		env.spare_untyped = bi->untyped.start + (unsigned int)spare;
		env.spare_bits = bi->untyped_list[spare].size_bits;
	}
}

void env_init(const struct kauri_bootinfo *bootinfo)
{
	kauri_cptr_t park;

	env.bootinfo = bootinfo;
	env.next_slot = bootinfo->empty.start;
	pick_untypeds(bootinfo);
	/* A notification nobody signals, from an untyped the tests never revoke:
	 * threads park on it when their function returns. */
	park = slot_alloc();
	if (!env.keep_untyped ||
	    kauri_untyped_retype(env.keep_untyped, KAURI_NOTIFICATION, 0, ROOT_CNODE, 0, 0, park, 1) != KAURI_OK) {
		kauri_printf("kernel tests: cannot set up (no spare untyped memory)\n");
		kauri_machine_power_off(KAURI_CAP_MACHINE, 2);
	}
	env.first_slot = env.next_slot;
	env.next_vaddr = MAP_BASE;
}
