/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Host tests of the kernel's pure logic: capability layouts, the derivation
 * tree, CSpace addressing, deletion through zombies, untyped arithmetic and the
 * message-info word. Object destruction is stubbed and counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The kernel's headers first: cmocka defines a fail() macro of its own. */
#include <arch/memory.h>
#include <uapi/kauri/types.h>
#include <kernel/cap.h>
#include <kernel/cspace.h>
#include <kernel/cte.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/objects.h>
#include <kernel/untyped.h>
#include <cmocka.h>

unsigned char host_arena[HOST_ARENA_SIZE] __attribute__((aligned(1 << 21)));
static uint64_t arena_next;

/* ---- stubs for what cspace.c calls outside the tested logic */
static int destroyed_endpoints, destroyed_tcbs, forgotten_tcbs, vspace_changes;
struct syscall_error current_error;

enum kauri_error (fail)(enum kauri_error type, uint64_t d0, uint64_t d1)
{
	current_error.type = type;
	current_error.detail[0] = d0;
	current_error.detail[1] = d1;
	return type;
}
void finalise_endpoint(struct cap c) { (void)c; destroyed_endpoints++; }
void finalise_notification(struct cap c) { (void)c; }
void finalise_tcb(struct cap c) { (void)c; destroyed_tcbs++; }
void finalise_page_table(struct cap c) { (void)c; }
void finalise_vspace(struct cap c) { (void)c; }
void finalise_irq_handler(struct cap c) { (void)c; }
void finalise_asid_pool(struct cap c) { (void)c; }
void removed_frame(struct cte *slot, struct cap c) { (void)slot; (void)c; }
void removed_address_space(struct cte *slot, struct cap c) { (void)slot; (void)c; vspace_changes++; }
void sched_forget(struct tcb *t) { (void)t; forgotten_tcbs++; }
/* The thread a long operation works for: running, unless a test says otherwise. */
struct sched_cpu sched_cpu;
static struct tcb invoker;

/* The object table's decoders are the kernel's business, not these tests'. */
#define NO_DECODER(name) \
	enum kauri_error name(struct invocation *inv) { (void)inv; return KAURI_ILLEGAL_OPERATION; }
NO_DECODER(decode_untyped_invocation)
NO_DECODER(decode_cnode_invocation)
NO_DECODER(decode_tcb_invocation)
NO_DECODER(decode_irq_control_invocation)
NO_DECODER(decode_irq_handler_invocation)
NO_DECODER(decode_frame_invocation)
NO_DECODER(decode_page_table_invocation)
NO_DECODER(decode_asid_control_invocation)
NO_DECODER(decode_asid_pool_invocation)
NO_DECODER(decode_machine_invocation)

static int reset(void **state)
{
	(void)state;
	memset(host_arena, 0, sizeof(host_arena));
	arena_next = 4096;	/* keep 0 unused, like a null physical address */
	destroyed_endpoints = destroyed_tcbs = forgotten_tcbs = vspace_changes = 0;
	cdt_head.next = 0;
	invoker.state = THREAD_RUNNABLE;
	invoker.slots[TCB_SLOT_CSPACE].cap = cap_cnode(HOST_ARENA_SIZE / 2, 1, 0, 0);	/* a root, not on the list */
	sched_cpu.running = &invoker;
	return 0;
}

static uint64_t arena_alloc(unsigned int bits)
{
	uint64_t size = 1UL << bits;
	uint64_t pa = (arena_next + size - 1) & ~(size - 1);

	arena_next = pa + size;
	assert_true(arena_next <= HOST_ARENA_SIZE);
	return pa;
}

static struct cap new_cnode(unsigned int radix)
{
	return cap_cnode(arena_alloc(radix + KAURI_SLOT_SIZE_BITS), radix, 0, 0);
}

/* A slot outside any CNode (like a TCB's), in "physical" memory as all slots are. */
static struct cte *new_slot(void)
{
	return phys_to_virt(arena_alloc(KAURI_SLOT_SIZE_BITS));
}

static struct cap new_endpoint(void)
{
	return cap_ipc_object(CAP_ENDPOINT, arena_alloc(KAURI_ENDPOINT_SIZE_BITS), KAURI_ALL_RIGHTS, 0);
}

/* An original capability (no parent) in SLOT. */
static void place(struct cte *slot, struct cap c)
{
	slot->cap = c;
	slot->prev = CTE_REVOCABLE;
	slot->next = 0;
}

/* ---- capability layouts */

static void test_untyped_fields(void **state)
{
	struct cap c = cap_untyped(0xfedcba9000UL, 47, true, 12345);

	(void)state;
	assert_int_equal(cap_type(c), CAP_UNTYPED);
	assert_int_equal(cap_object_pa(c), 0xfedcba9000UL);
	assert_int_equal(cap_untyped_size_bits(c), 47);
	assert_true(cap_untyped_device(c));
	assert_int_equal(cap_untyped_free_index(c), 12345);
}

static void test_cnode_fields(void **state)
{
	struct cap c = cap_cnode(0x1000, 12, 0x2abcdef, 40);

	(void)state;
	assert_int_equal(cap_cnode_radix(c), 12);
	assert_int_equal(cap_cnode_guard(c), 0x2abcdef);
	assert_int_equal(cap_cnode_guard_size(c), 40);
	assert_int_equal(cap_object_pa(c), 0x1000);
}

static void test_frame_mapping_keeps_address(void **state)
{
	struct cap f = cap_frame(0x12345000UL | 0x3000, false, VM_READ | VM_WRITE, false);
	struct cap m = cap_set_mapping(f, true, 0x7f00001000UL, 200, 0);

	(void)state;
	assert_true(cap_is_mapped(m));
	assert_int_equal(cap_mapped_vaddr(m), 0x7f00001000UL);
	assert_int_equal(cap_mapped_asid(m), 200);
	assert_int_equal(cap_object_pa(m), cap_object_pa(f));
	assert_int_equal(cap_frame_rights(m), VM_READ | VM_WRITE);
	m = cap_set_mapping(m, false, 0, 0, 0);
	assert_false(cap_is_mapped(m));
	assert_int_equal(cap_object_pa(m), cap_object_pa(f));
	assert_false(cap_frame_large(m));
}

static void test_page_table_level(void **state)
{
	struct cap t = cap_set_mapping(cap_page_table(0x5000), true, 0x200000, 3, 3);

	(void)state;
	assert_int_equal(cap_pt_level(t), 3);
	assert_int_equal(cap_object_pa(t), 0x5000);
	t = cap_set_mapping(t, true, 0x200000, 3, 2);
	assert_int_equal(cap_pt_level(t), 2);
}

static void test_zombie_remaining_spans_words(void **state)
{
	uint64_t big = (1UL << KAURI_MAX_CNODE_RADIX) - 7;
	struct cap z = cap_zombie(0xabc000, false, big, 0x4560, true);

	(void)state;
	assert_int_equal(cap_type(z), CAP_ZOMBIE);
	assert_int_equal(cap_zombie_remaining(z), big);
	assert_int_equal(cap_zombie_parent_pa(z), 0x4560);
	assert_true(cap_zombie_has_parent(z));
	assert_false(cap_zombie_is_tcb(z));
}

static void test_ipc_rights_and_badge(void **state)
{
	struct cap c = cap_ipc_object(CAP_NOTIFICATION, 0x40, KAURI_RIGHT_READ | KAURI_RIGHT_GRANT, ~0UL);

	(void)state;
	assert_int_equal(cap_rights(c), KAURI_RIGHT_READ | KAURI_RIGHT_GRANT);
	assert_int_equal(cap_badge(c), ~0UL);
	assert_int_equal(cap_type(c), CAP_NOTIFICATION);
}

static void test_msginfo_round_trip(void **state)
{
	kauri_word_t info = kauri_msginfo((1UL << 52) - 1, 5, 3, 120);

	(void)state;
	assert_int_equal(kauri_msginfo_label(info), (1UL << 52) - 1);
	assert_int_equal(kauri_msginfo_caps_unwrapped(info), 5);
	assert_int_equal(kauri_msginfo_extra_caps(info), 3);
	assert_int_equal(kauri_msginfo_length(info), 120);
	assert_int_equal(kauri_msginfo_length(kauri_msginfo(0, 0, 0, 0x1ff)), 0x7f);	/* masked */
}

/* ---- derivation tree */

static void test_insert_child_follows_parent(void **state)
{
	struct cte slots[3] = { 0 };

	(void)state;
	place(&slots[0], cap_untyped(0x100000, 20, false, 0));
	cdt_insert_child(&slots[0], &slots[1], cap_untyped(0x100000, 12, false, 0), true, true);
	assert_ptr_equal(cte_next(&slots[0]), &slots[1]);
	assert_ptr_equal(cte_prev(&slots[1]), &slots[0]);
	assert_true(cdt_is_parent_of(&slots[0], &slots[1]));
	assert_true(cdt_has_children(&slots[0]));
	assert_false(cdt_has_children(&slots[1]));
}

static void test_untyped_parents_only_its_region(void **state)
{
	struct cte parent = { 0 }, inside = { 0 }, outside = { 0 };

	(void)state;
	place(&parent, cap_untyped(0x100000, 16, false, 0));
	inside.cap = cap_ipc_object(CAP_ENDPOINT, 0x10fff0, KAURI_ALL_RIGHTS, 0);
	outside.cap = cap_ipc_object(CAP_ENDPOINT, 0x110000, KAURI_ALL_RIGHTS, 0);
	assert_true(cdt_is_parent_of(&parent, &inside));
	assert_false(cdt_is_parent_of(&parent, &outside));
	/* An object straddling the end is not inside. */
	outside.cap = cap_frame(0x10f000 + 0x800, false, VM_READ, false);
	assert_false(cdt_is_parent_of(&parent, &outside));
}

static void test_non_revocable_has_no_children(void **state)
{
	struct cte a = { 0 }, b = { 0 };
	struct cap ep = new_endpoint();

	(void)state;
	a.cap = ep;		/* a plain copy: not revocable */
	b.cap = ep;
	assert_false(cdt_is_parent_of(&a, &b));
}

static void test_badge_parenthood(void **state)
{
	struct cte orig = { 0 }, first = { 0 }, copy = { 0 }, other = { 0 };
	struct cap ep = new_endpoint();

	(void)state;
	place(&orig, ep);
	first.cap = cap_ipc_object(CAP_ENDPOINT, cap_object_pa(ep), KAURI_ALL_RIGHTS, 5);
	first.prev = CTE_REVOCABLE | CTE_FIRST_BADGED;
	copy.cap = first.cap;
	other.cap = cap_ipc_object(CAP_ENDPOINT, cap_object_pa(ep), KAURI_ALL_RIGHTS, 6);
	other.prev = CTE_FIRST_BADGED;
	assert_true(cdt_is_parent_of(&orig, &first));	/* unbadged original parents any badge */
	assert_true(cdt_is_parent_of(&first, &copy));	/* a badge parents its copies */
	assert_false(cdt_is_parent_of(&first, &other));	/* ...not another badge */
	copy.prev |= CTE_FIRST_BADGED;
	assert_false(cdt_is_parent_of(&first, &copy));	/* ...nor a separate mint of the same badge */
}

static void test_final_detection(void **state)
{
	struct cte a = { 0 }, b = { 0 }, c = { 0 };
	struct cap ep = new_endpoint(), other = new_endpoint();

	(void)state;
	place(&a, ep);
	assert_true(cdt_is_final(&a));
	cdt_insert_after(&a, &b, ep, false, false);
	assert_false(cdt_is_final(&a));
	assert_false(cdt_is_final(&b));
	cdt_insert_after(&b, &c, other, false, false);
	assert_true(cdt_is_final(&c));
}

static void test_move_relinks_neighbours(void **state)
{
	struct cte a = { 0 }, b = { 0 }, c = { 0 }, d = { 0 };
	struct cap ep = new_endpoint();

	(void)state;
	place(&a, ep);
	cdt_insert_after(&a, &b, ep, false, false);
	cdt_insert_after(&b, &c, ep, false, false);
	cdt_move(&b, &d, ep);
	assert_true(cap_is_null(b.cap));
	assert_ptr_equal(cte_next(&a), &d);
	assert_ptr_equal(cte_prev(&c), &d);
	assert_ptr_equal(cte_prev(&d), &a);
	assert_ptr_equal(cte_next(&d), &c);
}

static void check_chain(struct cte *first, struct cte **expected, int n)
{
	struct cte *s = first;

	for (int i = 0; i < n; i++) {
		assert_ptr_equal(s, expected[i]);
		if (i > 0)
			assert_ptr_equal(cte_prev(s), expected[i - 1]);
		s = cte_next(s);
	}
	assert_null(s);
}

static void test_swap_apart_and_adjacent(void **state)
{
	struct cte s[4] = { 0 };
	struct cap caps[4];

	(void)state;
	for (int i = 0; i < 4; i++)
		caps[i] = new_endpoint();
	place(&s[0], caps[0]);
	for (int i = 1; i < 4; i++)
		cdt_insert_after(&s[i - 1], &s[i], caps[i], false, false);
	cdt_swap(&s[0], &s[2]);		/* apart */
	assert_int_equal(cap_object_pa(s[0].cap), cap_object_pa(caps[2]));
	check_chain(&s[2], (struct cte *[]){ &s[2], &s[1], &s[0], &s[3] }, 4);
	cdt_swap(&s[1], &s[0]);		/* adjacent, in list order */
	check_chain(&s[2], (struct cte *[]){ &s[2], &s[0], &s[1], &s[3] }, 4);
	cdt_swap(&s[3], &s[1]);		/* adjacent, reverse order */
	check_chain(&s[2], (struct cte *[]){ &s[2], &s[0], &s[3], &s[1] }, 4);
}

static void test_remove_passes_first_badged_on(void **state)
{
	struct cte a = { 0 }, b = { 0 }, c = { 0 };
	struct cap ep = new_endpoint();
	struct cap badged = cap_ipc_object(CAP_ENDPOINT, cap_object_pa(ep), KAURI_ALL_RIGHTS, 9);

	(void)state;
	place(&a, ep);
	cdt_insert_after(&a, &b, badged, true, true);
	cdt_insert_after(&b, &c, badged, false, false);
	cdt_remove(&b);
	assert_true(cap_is_null(b.cap));
	assert_ptr_equal(cte_next(&a), &c);
	assert_true(cte_first_badged(&c));
}

static void test_same_object_rules(void **state)
{
	(void)state;
	assert_false(cap_same_object(cap_frame(0x2000, false, VM_READ, false), cap_frame(0x2000, true, VM_READ, false)));
	assert_true(cap_same_object(cap_frame(0x2000, false, VM_READ, false), cap_frame(0x2000, false, VM_WRITE, false)));
	assert_true(cap_same_region(cap_irq_control(), cap_irq_handler(40)));
	assert_false(cap_same_object(cap_irq_handler(40), cap_irq_handler(41)));
	assert_true(cap_same_object(cap_zombie(0x8000, false, 3, 0, false), cap_cnode(0x8000, 4, 0, 0)));
	assert_false(cap_same_object(cap_untyped(0x8000, 12, false, 0), cap_untyped(0x8000, 13, false, 0)));
	assert_false(cap_same_object(cap_null(), cap_null()));
}

/* ---- CSpace addressing */

static void test_resolve_single_level_with_guard(void **state)
{
	struct cap root = new_cnode(8);
	struct lookup l;

	(void)state;
	root = cap_cnode(cap_object_pa(root), 8, 0, 56);
	l = resolve_cptr(root, 0x7b, 64, false);
	assert_int_equal(l.failure, LOOKUP_OK);
	assert_ptr_equal(l.slot, cnode_slot(root, 0x7b));
	l = resolve_cptr(root, 0x17b, 64, false);
	assert_int_equal(l.failure, LOOKUP_GUARD_MISMATCH);
	assert_int_equal(l.bits_left, 64);
}

static void test_resolve_depth_rules(void **state)
{
	struct cap root = new_cnode(8);
	struct lookup l;

	(void)state;
	l = resolve_cptr(root, 5, 8, true);
	assert_int_equal(l.failure, LOOKUP_OK);
	l = resolve_cptr(root, 5, 7, true);
	assert_int_equal(l.failure, LOOKUP_DEPTH_MISMATCH);
	l = resolve_cptr(root, 5, 0, true);
	assert_int_equal(l.failure, LOOKUP_DEPTH_MISMATCH);
	l = resolve_cptr(root, 5, 65, true);
	assert_int_equal(l.failure, LOOKUP_DEPTH_MISMATCH);
	l = resolve_cptr(new_endpoint(), 5, 8, true);
	assert_int_equal(l.failure, LOOKUP_INVALID_ROOT);
}

static void test_resolve_two_levels(void **state)
{
	struct cap outer = new_cnode(4), inner = new_cnode(4);
	struct lookup l;

	(void)state;
	place(cnode_slot(outer, 3), inner);
	l = resolve_cptr(outer, 3 << 4 | 9, 8, true);
	assert_int_equal(l.failure, LOOKUP_OK);
	assert_ptr_equal(l.slot, cnode_slot(inner, 9));
	/* Not exact: resolution stops at the first slot that is not a CNode. */
	place(cnode_slot(outer, 4), new_endpoint());
	l = resolve_cptr(outer, 4 << 4 | 9, 8, false);
	assert_int_equal(l.failure, LOOKUP_OK);
	assert_ptr_equal(l.slot, cnode_slot(outer, 4));
	assert_int_equal(l.bits_left, 4);
	l = resolve_cptr(outer, 4 << 4 | 9, 8, true);
	assert_int_equal(l.failure, LOOKUP_DEPTH_MISMATCH);
}

/* ---- deletion and revocation */

static void test_delete_non_final_destroys_nothing(void **state)
{
	struct cap node = new_cnode(2), ep = new_endpoint();

	(void)state;
	place(cnode_slot(node, 0), ep);
	cdt_insert_after(cnode_slot(node, 0), cnode_slot(node, 1), ep, false, false);
	cte_delete(cnode_slot(node, 1));
	assert_int_equal(destroyed_endpoints, 0);
	assert_true(cap_is_null(cnode_slot(node, 1)->cap));
	cte_delete(cnode_slot(node, 0));
	assert_int_equal(destroyed_endpoints, 1);
}

static void test_delete_cnode_destroys_contents(void **state)
{
	struct cte *holder = new_slot();
	struct cap node = new_cnode(3);

	(void)state;
	for (int i = 0; i < 8; i += 2)
		place(cnode_slot(node, i), new_endpoint());
	place(holder, node);
	cte_delete(holder);
	assert_int_equal(destroyed_endpoints, 4);
	assert_true(cap_is_null(holder->cap));
	for (int i = 0; i < 8; i++)
		assert_true(cap_is_null(cnode_slot(node, i)->cap));
}

static void test_delete_deeply_nested_cnodes(void **state)
{
	struct cte *holder = new_slot();
	struct cap nodes[40];

	(void)state;
	/* A chain of 40 CNodes, each the only holder of the next, an endpoint at the bottom. */
	for (int i = 0; i < 40; i++)
		nodes[i] = new_cnode(1);
	for (int i = 0; i < 39; i++)
		place(cnode_slot(nodes[i], 1), nodes[i + 1]);
	place(cnode_slot(nodes[39], 0), new_endpoint());
	place(holder, nodes[0]);
	cte_delete(holder);
	assert_int_equal(destroyed_endpoints, 1);
	for (int i = 0; i < 40; i++)
		assert_true(cap_is_null(cnode_slot(nodes[i], 1)->cap));
}

static void test_delete_cnode_holding_itself(void **state)
{
	struct cap node = new_cnode(2);

	(void)state;
	place(cnode_slot(node, 2), node);	/* its only capability is inside it */
	place(cnode_slot(node, 0), new_endpoint());
	cte_delete(cnode_slot(node, 2));
	assert_int_equal(destroyed_endpoints, 1);
	assert_true(cap_is_null(cnode_slot(node, 2)->cap));
}

static void test_delete_tcb_empties_its_slots(void **state)
{
	struct cte *holder = new_slot();
	uint64_t tcb_pa = arena_alloc(KAURI_TCB_SIZE_BITS);
	struct tcb *t = phys_to_virt(tcb_pa);

	(void)state;
	place(&t->slots[TCB_SLOT_CSPACE], new_endpoint());
	place(holder, cap_tcb(tcb_pa));
	cte_delete(holder);
	assert_int_equal(destroyed_tcbs, 1);
	assert_int_equal(forgotten_tcbs, 1);
	assert_int_equal(destroyed_endpoints, 1);
	assert_true(cap_is_null(t->slots[TCB_SLOT_CSPACE].cap));
}

static struct tcb *new_tcb(void)
{
	return phys_to_virt(arena_alloc(KAURI_TCB_SIZE_BITS));
}

/*
 * A TCB whose CSpace is a CNode that holds the TCB's only capability: deleting
 * the CSpace slot destroys the CNode, the TCB with it, and the TCB's slots hold
 * the CNode's zombie while that happens. Everything must end empty, off the list.
 */
static void test_delete_tcb_inside_its_own_cspace(void **state)
{
	struct tcb *t = new_tcb();
	struct cap node = new_cnode(2);

	(void)state;
	cdt_insert_original(cnode_slot(node, 0), new_endpoint());
	cdt_insert_original(cnode_slot(node, 1), cap_tcb(virt_to_phys(t)));
	cdt_insert_original(cnode_slot(node, 3), new_endpoint());
	cdt_insert_original(&t->slots[TCB_SLOT_CSPACE], node);
	cdt_insert_original(&t->slots[TCB_SLOT_IPC_BUFFER], new_endpoint());
	cte_delete(&t->slots[TCB_SLOT_CSPACE]);
	assert_int_equal(destroyed_tcbs, 1);
	assert_int_equal(forgotten_tcbs, 1);
	assert_int_equal(destroyed_endpoints, 3);
	for (int i = 0; i < 4; i++)
		assert_true(cap_is_null(cnode_slot(node, i)->cap));
	for (int i = 0; i < TCB_NUM_SLOTS; i++)
		assert_true(cap_is_null(t->slots[i].cap));
	assert_null(cte_next(&cdt_head));
}

/* The same cycle entered from the other side: the TCB's last capability, inside its CSpace. */
static void test_delete_cspace_holding_its_tcb(void **state)
{
	struct tcb *t = new_tcb();
	struct cap node = new_cnode(2);

	(void)state;
	cdt_insert_original(cnode_slot(node, 2), cap_tcb(virt_to_phys(t)));
	cdt_insert_original(&t->slots[TCB_SLOT_CSPACE], node);
	cte_delete(cnode_slot(node, 2));
	assert_int_equal(destroyed_tcbs, 1);
	assert_int_equal(forgotten_tcbs, 1);
	assert_true(cap_is_null(t->slots[TCB_SLOT_CSPACE].cap));
	assert_true(cap_is_null(cnode_slot(node, 2)->cap));
	assert_null(cte_next(&cdt_head));
}

/* Deleting a reply capability, wherever it goes, leaves its caller pointing at nobody. */
static void test_reply_deleted_clears_caller_link(void **state)
{
	struct tcb *caller = new_tcb(), *receiver = new_tcb();

	(void)state;
	receiver->slots[TCB_SLOT_CALLER].cap = cap_reply(virt_to_phys(caller), true);
	caller->reply_to = receiver;
	cte_delete(&receiver->slots[TCB_SLOT_CALLER]);
	assert_null(caller->reply_to);
	assert_true(cap_is_null(receiver->slots[TCB_SLOT_CALLER].cap));
}

/* A copy of an untyped takes over its memory: the original counts as full until the copy goes. */
static void test_untyped_copy_fills_original(void **state)
{
	struct cte ut = { 0 }, copy = { 0 };
	enum kauri_error err;
	struct cap d;

	(void)state;
	cdt_insert_original(&ut, cap_untyped(0x400000, 16, false, 0));
	d = cap_derive(&ut, &err);
	assert_int_equal(err, KAURI_OK);
	cte_insert(&ut, &copy, d);
	assert_int_equal(cap_untyped_free_index(ut.cap), 1UL << 16);
	assert_int_equal(cap_untyped_free_index(copy.cap), 0);
	assert_true(cdt_is_parent_of(&ut, &copy));
	cte_delete(&copy);
	assert_false(cdt_has_children(&ut));
}

/* Deleting any VSpace or ASID pool capability makes every thread look at its VSpace slot again. */
static void test_vspace_deletion_is_noticed(void **state)
{
	struct cte a = { 0 }, b = { 0 };
	struct cap vs = cap_vspace(arena_alloc(KAURI_VSPACE_SIZE_BITS), true, 5);

	(void)state;
	cdt_insert_original(&a, vs);
	cte_insert(&a, &b, vs);
	cte_delete(&b);
	assert_int_equal(vspace_changes, 1);
	cte_delete(&a);
	assert_int_equal(vspace_changes, 2);
}

static void test_revoke_stops_at_non_descendant(void **state)
{
	struct cte ut = { 0 }, child1 = { 0 }, child2 = { 0 }, stranger = { 0 };

	(void)state;
	place(&ut, cap_untyped(0x200000, 16, false, 0));
	cdt_insert_child(&ut, &child1, cap_ipc_object(CAP_ENDPOINT, 0x200000, KAURI_ALL_RIGHTS, 0), true, true);
	cdt_insert_child(&ut, &child2, cap_ipc_object(CAP_ENDPOINT, 0x200010, KAURI_ALL_RIGHTS, 0), true, true);
	cdt_insert_after(&child1, &stranger, new_endpoint(), false, false);	/* outside the region */
	cte_revoke(&ut, false);
	assert_true(cap_is_null(child1.cap));
	assert_true(cap_is_null(child2.cap));
	assert_false(cap_is_null(stranger.cap));
	assert_false(cap_is_null(ut.cap));
	assert_int_equal(destroyed_endpoints, 2);
}

bool host_interrupt_pending;

/* A revoke stops for a pending interrupt only after a batch of deletions, and goes on where it stopped. */
static void test_revoke_is_preemptible_and_resumes(void **state)
{
	enum { CHILDREN = 3 * REVOKE_BATCH + 5 };
	static struct cte ut, children[CHILDREN];
	unsigned int calls = 0, left;

	(void)state;
	memset(&ut, 0, sizeof(ut));
	memset(children, 0, sizeof(children));
	place(&ut, cap_untyped(0x400000, 16, false, 0));
	for (unsigned int i = 0; i < CHILDREN; i++)
		cdt_insert_child(&ut, &children[i], cap_ipc_object(CAP_ENDPOINT, 0x400000 + 16 * i, KAURI_ALL_RIGHTS, 0),
				 true, true);
	host_interrupt_pending = true;
	while (!cte_revoke(&ut, true)) {
		calls++;
		left = 0;
		for (unsigned int i = 0; i < CHILDREN; i++)
			left += !cap_is_null(children[i].cap);
		assert_int_equal(left, CHILDREN - calls * REVOKE_BATCH);
		assert_int_equal(destroyed_endpoints, calls * REVOKE_BATCH);
	}
	host_interrupt_pending = false;
	assert_int_equal(calls, 3);	/* three stops, then the last five without one */
	for (unsigned int i = 0; i < CHILDREN; i++)
		assert_true(cap_is_null(children[i].cap));
	assert_int_equal(destroyed_endpoints, CHILDREN);
	assert_false(cap_is_null(ut.cap));
	/* Without a pending interrupt, or not preemptible, it runs to the end in one call. */
	cdt_insert_child(&ut, &children[0], cap_ipc_object(CAP_ENDPOINT, 0x400000, KAURI_ALL_RIGHTS, 0), true, true);
	host_interrupt_pending = true;
	assert_true(cte_revoke(&ut, false));
	host_interrupt_pending = false;
	assert_true(cap_is_null(children[0].cap));
}

/* A CNode of RADIX with an endpoint in every slot (each an original on the list), but slot SKIP. */
static struct cap full_cnode(unsigned int radix, unsigned int skip)
{
	struct cap node = new_cnode(radix);

	for (unsigned int i = 0; i < 1U << radix; i++)
		if (i != skip)
			cdt_insert_original(cnode_slot(node, i), new_endpoint());
	return node;
}

/*
 * Deleting the last capability to a large CNode stops for a pending interrupt after each batch
 * of steps, the slot holding a zombie in between; the next call goes on, also from inside the
 * CNode's last capability to another one (a chain of zombies), and ends with everything gone.
 */
static void test_delete_of_a_large_cnode_is_preemptible_and_resumes(void **state)
{
	struct cap outer = full_cnode(8, 5), inner = full_cnode(6, 64);
	struct cte *holder = new_slot();
	unsigned int calls = 0;

	(void)state;
	cdt_insert_original(cnode_slot(outer, 5), inner);
	cdt_insert_original(holder, outer);
	host_interrupt_pending = true;
	while (!cte_delete_preemptible(holder)) {
		calls++;
		assert_int_equal(cap_type(holder->cap), CAP_ZOMBIE);
		/* A batch at least each time: never more stops than batches of the 321 slots and 2 CNodes. */
		assert_true(calls <= (256 + 64 + 2) / REVOKE_BATCH);
		assert_true(destroyed_endpoints >= (int)(calls - 1) * (REVOKE_BATCH - 2));
	}
	host_interrupt_pending = false;
	assert_true(calls >= 10);
	assert_int_equal(destroyed_endpoints, 255 + 64);
	assert_true(cap_is_null(holder->cap));
	for (unsigned int i = 0; i < 256; i++)
		assert_true(cap_is_null(cnode_slot(outer, i)->cap));
	for (unsigned int i = 0; i < 64; i++)
		assert_true(cap_is_null(cnode_slot(inner, i)->cap));
	assert_null(cte_next(&cdt_head));
}

/* A deletion stopped and never asked again leaves a zombie; emptying what holds it finishes it. */
static void test_a_stopped_deletion_is_finished_by_its_container(void **state)
{
	struct cap box = new_cnode(2), big = full_cnode(7, 128);
	struct cte *holder = new_slot();

	(void)state;
	cdt_insert_original(cnode_slot(box, 1), big);
	cdt_insert_original(cnode_slot(box, 3), new_endpoint());
	cdt_insert_original(holder, box);
	host_interrupt_pending = true;
	assert_false(cte_delete_preemptible(cnode_slot(box, 1)));
	host_interrupt_pending = false;
	assert_int_equal(cap_type(cnode_slot(box, 1)->cap), CAP_ZOMBIE);
	assert_true(destroyed_endpoints > 0 && destroyed_endpoints < 128);
	cte_delete(holder);
	assert_int_equal(destroyed_endpoints, 128 + 1);
	for (unsigned int i = 0; i < 128; i++)
		assert_true(cap_is_null(cnode_slot(big, i)->cap));
	assert_null(cte_next(&cdt_head));
}

/* A thread that deletes its own TCB on the way stops running: the deletion then goes on to the end. */
static void test_a_deletion_that_stops_its_invoker_is_not_preempted(void **state)
{
	struct cte *holder = new_slot();

	(void)state;
	cdt_insert_original(holder, full_cnode(7, 128));
	invoker.state = THREAD_INACTIVE;
	host_interrupt_pending = true;
	assert_true(cte_delete_preemptible(holder));
	host_interrupt_pending = false;
	assert_int_equal(destroyed_endpoints, 128);
	assert_null(cte_next(&cdt_head));
}

/* Deleting the last capability to the invoker's own CSpace goes on to the end: its svc could not run again. */
static void test_deleting_the_invokers_own_cspace_is_not_preempted(void **state)
{
	struct cte *root = &invoker.slots[TCB_SLOT_CSPACE];

	(void)state;
	root->cap = cap_null();
	cdt_insert_original(root, full_cnode(7, 128));
	host_interrupt_pending = true;
	assert_true(cte_delete_preemptible(root));
	host_interrupt_pending = false;
	assert_int_equal(destroyed_endpoints, 128);
	assert_true(cap_is_null(root->cap));
	assert_null(cte_next(&cdt_head));
}

static void test_insert_marks_badges_revocable(void **state)
{
	struct cte orig = { 0 }, badged = { 0 }, plain = { 0 };
	struct cap ep = new_endpoint();

	(void)state;
	place(&orig, ep);
	cte_insert(&orig, &badged, cap_ipc_object(CAP_ENDPOINT, cap_object_pa(ep), KAURI_ALL_RIGHTS, 3));
	assert_true(cte_revocable(&badged) && cte_first_badged(&badged));
	cte_insert(&orig, &plain, ep);
	assert_false(cte_revocable(&plain));
}

static void test_derive_rules(void **state)
{
	struct cte ut = { 0 }, child = { 0 }, frame = { 0 }, irq = { 0 }, table = { 0 };
	enum kauri_error err;
	struct cap d;

	(void)state;
	place(&ut, cap_untyped(0x300000, 16, false, 0));
	d = cap_derive(&ut, &err);
	assert_int_equal(err, KAURI_OK);
	cdt_insert_child(&ut, &child, cap_ipc_object(CAP_ENDPOINT, 0x300000, KAURI_ALL_RIGHTS, 0), true, true);
	d = cap_derive(&ut, &err);
	assert_int_equal(err, KAURI_REVOKE_FIRST);
	place(&frame, cap_set_mapping(cap_frame(0x40000, false, VM_READ, false), true, 0x1000, 2, 0));
	d = cap_derive(&frame, &err);
	assert_int_equal(err, KAURI_OK);
	assert_false(cap_is_mapped(d));
	place(&irq, cap_irq_control());
	cap_derive(&irq, &err);
	assert_int_equal(err, KAURI_ILLEGAL_OPERATION);
	place(&table, cap_page_table(0x50000));
	cap_derive(&table, &err);
	assert_int_equal(err, KAURI_ILLEGAL_OPERATION);
}

/* ---- untyped arithmetic */

static void test_object_sizes(void **state)
{
	(void)state;
	assert_int_equal(object_size_bits(KAURI_TCB, 0), KAURI_TCB_SIZE_BITS);
	assert_int_equal(object_size_bits(KAURI_ENDPOINT, 99), KAURI_ENDPOINT_SIZE_BITS);
	assert_int_equal(object_size_bits(KAURI_CNODE, 10), 10 + KAURI_SLOT_SIZE_BITS);
	assert_int_equal(object_size_bits(KAURI_FRAME_2M, 0), 21);
	assert_int_equal(object_size_bits(KAURI_UNTYPED, 20), 20);
	assert_int_equal(object_size_bits(KAURI_UNTYPED, 3), -1);
	assert_int_equal(object_size_bits(KAURI_UNTYPED, 48), -1);
	assert_int_equal(object_size_bits(KAURI_CNODE, 0), -1);
	assert_int_equal(object_size_bits(KAURI_CNODE, KAURI_MAX_CNODE_RADIX + 1), -1);
	assert_int_equal(object_size_bits(KAURI_NUM_OBJECT_TYPES, 0), -1);
}

static void test_watermark_alignment(void **state)
{
	(void)state;
	assert_int_equal(untyped_retype_start(0, 12), 0);
	assert_int_equal(untyped_retype_start(16, 12), 4096);
	assert_int_equal(untyped_retype_start(4096, 12), 4096);
	assert_int_equal(untyped_retype_start(4097, 4), 4112);
	assert_int_equal(untyped_retype_start(1, 21), 1UL << 21);
}

#define T(fn) cmocka_unit_test_setup(fn, reset)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_untyped_fields), T(test_cnode_fields), T(test_frame_mapping_keeps_address),
		T(test_page_table_level), T(test_zombie_remaining_spans_words), T(test_ipc_rights_and_badge),
		T(test_msginfo_round_trip), T(test_insert_child_follows_parent),
		T(test_untyped_parents_only_its_region), T(test_non_revocable_has_no_children),
		T(test_badge_parenthood), T(test_final_detection), T(test_move_relinks_neighbours),
		T(test_swap_apart_and_adjacent), T(test_remove_passes_first_badged_on), T(test_same_object_rules),
		T(test_resolve_single_level_with_guard), T(test_resolve_depth_rules), T(test_resolve_two_levels),
		T(test_delete_non_final_destroys_nothing), T(test_delete_cnode_destroys_contents),
		T(test_delete_deeply_nested_cnodes), T(test_delete_cnode_holding_itself),
		T(test_delete_tcb_empties_its_slots), T(test_delete_tcb_inside_its_own_cspace),
		T(test_delete_cspace_holding_its_tcb), T(test_reply_deleted_clears_caller_link),
		T(test_untyped_copy_fills_original), T(test_vspace_deletion_is_noticed),
		T(test_revoke_stops_at_non_descendant),
		T(test_revoke_is_preemptible_and_resumes), T(test_delete_of_a_large_cnode_is_preemptible_and_resumes),
		T(test_a_stopped_deletion_is_finished_by_its_container),
		T(test_a_deletion_that_stops_its_invoker_is_not_preempted),
		T(test_deleting_the_invokers_own_cspace_is_not_preempted),
		T(test_insert_marks_badges_revocable), T(test_derive_rules), T(test_object_sizes),
		T(test_watermark_alignment),
	};

	return cmocka_run_group_tests_name("kernel logic", tests, NULL, NULL);
}
