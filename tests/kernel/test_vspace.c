/* SPDX-License-Identifier: BSD-2-Clause */
/* Frames, page tables and VSpaces: mapping rules, and isolation between address spaces. */
#include <string.h>
#include <uapi/kauri/fault.h>
#include "kernel_test.h"

#define CHILD_CODE	0x1000UL
#define CHILD_DATA	0x200000UL

/* Hand-assembled AArch64 for a child with nothing else mapped: one access through x0, then spin. */
#define INSN_LDR_X1_X0	0xf9400001u	/* ldr x1, [x0] */
#define INSN_STR_X1_X0	0xf9000001u	/* str x1, [x0] */
#define INSN_B_SELF	0x14000000u	/* b . */

static volatile kauri_word_t secret = 0x5ec7e7;

/* A thread in a VSpace of its own whose code is INSN; its fault endpoint is returned. */
static kauri_cptr_t isolated_thread(uint32_t insn, kauri_word_t x0, kauri_cptr_t *vspace_out)
{
	kauri_cptr_t vspace = object_new(KAURI_VSPACE, 0), code, tcb = object_new(KAURI_TCB, 0);
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0);
	uint32_t *code_here = frame_new_mapped(&code);
	kauri_cptr_t code_copy = slot_alloc();
	kauri_word_t regs[KAURI_TCB_REG_X0 + 1] = { 0 };

	if (!vspace || !tcb || !ep || !code_here)
		return 0;
	code_here[0] = insn;
	code_here[1] = INSN_B_SELF;
	/* The same frame, mapped read+execute in the child's VSpace. */
	if (kauri_cnode_copy(ROOT_CNODE, code_copy, DEPTH, ROOT_CNODE, code, DEPTH, KAURI_ALL_RIGHTS) != KAURI_OK ||
	    map_frame(vspace, code_copy, CHILD_CODE, KAURI_VM_READ | KAURI_VM_EXEC) != KAURI_OK)
		return 0;
	if (kauri_tcb_configure(tcb, ep, ROOT_CNODE, vspace, 0, 0) != KAURI_OK ||
	    kauri_tcb_set_priority(tcb, ROOT_TCB, 100) != KAURI_OK)
		return 0;
	kauri_tcb_set_name(tcb, "isolated");
	regs[KAURI_TCB_REG_PC] = CHILD_CODE;
	regs[KAURI_TCB_REG_X0] = x0;
	if (kauri_tcb_write_registers(tcb, 1, KAURI_TCB_REG_X0 + 1, regs) != KAURI_OK)
		return 0;
	if (vspace_out)
		*vspace_out = vspace;
	return ep;
}

KERNEL_TEST(isolation_child_cannot_read_parent)
{
	kauri_cptr_t ep = isolated_thread(INSN_LDR_X1_X0, (kauri_word_t)&secret, 0);
	kauri_word_t info;

	CHECK(ep != 0);
	if (!ep)
		return;
	info = kauri_recv(ep, 0);
	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(0) == CHILD_CODE);
	CHECK(kauri_get_mr(1) == (kauri_word_t)&secret);
}

KERNEL_TEST(isolation_child_cannot_write_parent)
{
	kauri_cptr_t ep = isolated_thread(INSN_STR_X1_X0, (kauri_word_t)&secret, 0);
	kauri_word_t info;

	CHECK(ep != 0);
	if (!ep)
		return;
	info = kauri_recv(ep, 0);
	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_VM);
	CHECK(secret == 0x5ec7e7);
}

KERNEL_TEST(isolation_read_only_mapping_refuses_writes)
{
	kauri_cptr_t vspace, data = object_new(KAURI_FRAME_4K, 0);
	kauri_cptr_t ep = isolated_thread(INSN_STR_X1_X0, CHILD_DATA, &vspace);
	kauri_word_t info;

	CHECK(ep != 0);
	if (!ep)
		return;
	/* Map the data page read-only before the child runs (we are higher priority). */
	CHECK_OK(map_frame(vspace, data, CHILD_DATA, KAURI_VM_READ));
	info = kauri_recv(ep, 0);
	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(1) == CHILD_DATA);
	CHECK(kauri_get_mr(3) & (1u << 6));	/* ESR WnR: it was a write */
}

KERNEL_TEST(isolation_readable_mapping_allows_reads)
{
	kauri_cptr_t vspace, data = object_new(KAURI_FRAME_4K, 0);
	kauri_cptr_t ep = isolated_thread(INSN_LDR_X1_X0, CHILD_DATA, &vspace);

	CHECK(ep != 0);
	if (!ep)
		return;
	CHECK_OK(map_frame(vspace, data, CHILD_DATA, KAURI_VM_READ));
	/* No fault: the child reaches its spin loop. */
	share_cpu(100, 5);
	CHECK(kauri_nbrecv(ep, 0) == 0);
}

KERNEL_TEST(frame_map_never_writable_and_executable)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0);

	CHECK_ERR(map_frame(ROOT_VSPACE, f, 0x30000000UL, KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC),
		  KAURI_INVALID_ARGUMENT);
	CHECK_ERR(kauri_frame_map(f, ROOT_VSPACE, 0x30000000UL, KAURI_VM_WRITE), KAURI_INVALID_ARGUMENT);
}

KERNEL_TEST(frame_map_misaligned)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0), big = object_new(KAURI_FRAME_2M, 0);

	CHECK_ERR(kauri_frame_map(f, ROOT_VSPACE, 0x30000800UL, KAURI_VM_READ), KAURI_ALIGNMENT_ERROR);
	CHECK_ERR(kauri_frame_map(big, ROOT_VSPACE, 0x30001000UL, KAURI_VM_READ), KAURI_ALIGNMENT_ERROR);
}

KERNEL_TEST(frame_map_outside_user_space)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0);

	CHECK(env.bootinfo->user_va_bits == 48 || env.bootinfo->user_va_bits == 39);
	CHECK_ERR(kauri_frame_map(f, ROOT_VSPACE, 1UL << env.bootinfo->user_va_bits, KAURI_VM_READ), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_frame_map(f, ROOT_VSPACE, 0xffffff8000000000UL, KAURI_VM_READ), KAURI_RANGE_ERROR);
}

KERNEL_TEST(frame_map_twice_and_occupied)
{
	kauri_cptr_t a = object_new(KAURI_FRAME_4K, 0), b = object_new(KAURI_FRAME_4K, 0);

	CHECK_OK(map_frame(ROOT_VSPACE, a, 0x30000000UL, KAURI_VM_READ));
	CHECK_ERR(kauri_frame_map(a, ROOT_VSPACE, 0x30001000UL, KAURI_VM_READ), KAURI_ILLEGAL_OPERATION);
	CHECK_ERR(kauri_frame_map(b, ROOT_VSPACE, 0x30000000UL, KAURI_VM_READ), KAURI_DELETE_FIRST);
}

KERNEL_TEST(frame_map_needs_page_tables)
{
	kauri_cptr_t vspace = object_new(KAURI_VSPACE, 0), f = object_new(KAURI_FRAME_4K, 0);

	CHECK_ERR(kauri_frame_map(f, vspace, 0x1000, KAURI_VM_READ), KAURI_FAILED_LOOKUP);
	CHECK_OK(map_frame(vspace, f, 0x1000, KAURI_VM_READ));
}

KERNEL_TEST(frame_unmap_and_remap_keeps_data)
{
	kauri_cptr_t f;
	volatile kauri_word_t *p = frame_new_mapped(&f), *q;

	CHECK(p != 0);
	p[3] = 0xfeed;
	CHECK_OK(kauri_frame_unmap(f));
	q = (volatile kauri_word_t *)0x30100000UL;
	CHECK_OK(map_frame(ROOT_VSPACE, f, (kauri_word_t)q, KAURI_VM_READ | KAURI_VM_WRITE));
	CHECK(q[3] == 0xfeed);
}

KERNEL_TEST(frame_mapping_high_in_user_space)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0);
	volatile kauri_word_t *p = (volatile kauri_word_t *)((1UL << env.bootinfo->user_va_bits) - 4096);

	/* The last page of the address space: every level's table is made on the way. */
	CHECK_OK(map_frame(ROOT_VSPACE, f, (kauri_word_t)p, KAURI_VM_READ | KAURI_VM_WRITE));
	p[1] = 77;
	CHECK(p[1] == 77);
}

KERNEL_TEST(frame_2m_mapping)
{
	kauri_cptr_t big = object_new(KAURI_FRAME_2M, 0);
	volatile kauri_word_t *p = (volatile kauri_word_t *)0x40000000UL;

	CHECK_OK(map_frame(ROOT_VSPACE, big, (kauri_word_t)p, KAURI_VM_READ | KAURI_VM_WRITE));
	p[0] = 1;
	p[(2UL << 20) / sizeof(kauri_word_t) - 1] = 2;
	CHECK(p[0] == 1 && p[(2UL << 20) / sizeof(kauri_word_t) - 1] == 2);
}

KERNEL_TEST(frame_copies_share_address)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0), copy = slot_alloc();
	kauri_word_t a = 0, b = 1;

	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, f, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_frame_get_address(f, &a));
	CHECK_OK(kauri_frame_get_address(copy, &b));
	CHECK(a == b);
}

KERNEL_TEST(frame_rights_reduced_by_copy)
{
	kauri_cptr_t vspace, f = object_new(KAURI_FRAME_4K, 0), ro = slot_alloc();
	kauri_cptr_t ep = isolated_thread(INSN_STR_X1_X0, CHILD_DATA, &vspace);
	kauri_word_t info;

	CHECK(ep != 0);
	if (!ep)
		return;
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, ro, DEPTH, ROOT_CNODE, f, DEPTH, KAURI_RIGHT_READ));
	/* Asking for write through a read-only cap maps read-only: the rights are the intersection. */
	CHECK_OK(map_frame(vspace, ro, CHILD_DATA, KAURI_VM_READ | KAURI_VM_WRITE));
	info = kauri_recv(ep, 0);	/* the child's store faults */
	CHECK(kauri_msginfo_label(info) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(1) == CHILD_DATA);
	CHECK(kauri_get_mr(3) & (1u << 6));	/* ESR WnR: it was a write */
}

KERNEL_TEST(page_table_unmap_removes_mappings)
{
	kauri_cptr_t vspace = object_new(KAURI_VSPACE, 0), f = object_new(KAURI_FRAME_4K, 0);
	kauri_cptr_t last = 0;
	unsigned int tables = 0;

	/* Tables below the root until every level exists: 3 with 48-bit, 2 with 39-bit addresses. */
	for (;;) {
		kauri_cptr_t t = object_new(KAURI_PAGE_TABLE, 0);

		if (kauri_page_table_map(t, vspace, 0x1000) != KAURI_OK)
			break;
		last = t;
		tables++;
	}
	CHECK(tables == (env.bootinfo->user_va_bits == 48 ? 3 : 2));
	CHECK_OK(kauri_frame_map(f, vspace, 0x1000, KAURI_VM_READ));
	CHECK_OK(kauri_page_table_unmap(last));
	CHECK_OK(kauri_frame_unmap(f));
	CHECK_ERR(kauri_frame_map(f, vspace, 0x1000, KAURI_VM_READ), KAURI_FAILED_LOOKUP);
}

/*
 * The bootfs as BootInfo's 2 MiB frames (for sharing large entries): they are the bootfs, the
 * build aligned it so that there are some, and no capability to them can write: mapped asking
 * for write, they still read the image, and as an IPC buffer (which the kernel writes) they are
 * refused.
 */
KERNEL_TEST(vspace_bootfs_frames_read_only)
{
	const struct kauri_bootinfo *bi = env.bootinfo;
	const kauri_word_t peek = 0x20000000UL;
	kauri_cptr_t frame = slot_alloc(), tcb = object_new(KAURI_TCB, 0);
	uint64_t frames = bi->bootfs_frames.end - bi->bootfs_frames.start;

	CHECK(bi->bootfs_size && frames == (bi->bootfs_size + (2UL << 20) - 1) >> 21);
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, frame, DEPTH, ROOT_CNODE, bi->bootfs_frames.start, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(map_frame(ROOT_VSPACE, frame, peek, KAURI_VM_READ | KAURI_VM_WRITE));
	CHECK(memcmp((const void *)peek, (const void *)bi->bootfs, 4096) == 0);
	CHECK_ERR(kauri_tcb_configure(tcb, 0, ROOT_CNODE, ROOT_VSPACE, peek, frame), KAURI_INVALID_CAPABILITY);
	CHECK(kauri_get_mr(0) == 3);	/* the third capability, the buffer's frame */
	CHECK_OK(kauri_frame_unmap(frame));
}

KERNEL_TEST(vspace_needs_an_asid)
{
	kauri_cptr_t vspace = slot_alloc(), f = object_new(KAURI_FRAME_4K, 0), t = object_new(KAURI_TCB, 0);

	CHECK_OK(kauri_untyped_retype(env.untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, vspace, 1));
	CHECK_ERR(kauri_frame_map(f, vspace, 0x1000, KAURI_VM_READ), KAURI_INVALID_CAPABILITY);
	CHECK_ERR(kauri_tcb_configure(t, 0, ROOT_CNODE, vspace, 0, 0), KAURI_INVALID_CAPABILITY);
	CHECK_ERR(kauri_cnode_copy(ROOT_CNODE, slot_alloc(), DEPTH, ROOT_CNODE, vspace, DEPTH, KAURI_ALL_RIGHTS),
		  KAURI_ILLEGAL_OPERATION);
	CHECK_OK(kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, vspace));
	CHECK_ERR(kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, vspace), KAURI_ILLEGAL_OPERATION);
	CHECK_ERR(kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, f), KAURI_INVALID_CAPABILITY);
	CHECK_OK(map_frame(vspace, f, 0x1000, KAURI_VM_READ));
}

KERNEL_TEST(asid_pool_runs_out)
{
	unsigned int assigned = 0;
	enum kauri_error err = KAURI_OK;

	/* Pool 0 has 63 ASIDs (ASID 0 is never given out); the root server holds one. */
	while (assigned < 64) {
		kauri_cptr_t v = slot_alloc();

		kauri_untyped_retype(env.untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, v, 1);
		err = kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, v);
		if (err != KAURI_OK)
			break;
		assigned++;
	}
	CHECK(assigned == 62);
	CHECK_ERR(err, KAURI_NOT_ENOUGH_MEMORY);
}

KERNEL_TEST(asid_control_makes_pools)
{
	kauri_cptr_t ut = object_new(KAURI_UNTYPED, KAURI_ASID_POOL_SIZE_BITS), big = object_new(KAURI_UNTYPED, 13);
	kauri_cptr_t pool = slot_alloc(), v = slot_alloc(), f = object_new(KAURI_FRAME_4K, 0);

	CHECK_ERR(kauri_asid_control_make_pool(KAURI_CAP_ASID_CONTROL, big, ROOT_CNODE, pool, DEPTH),
		  KAURI_INVALID_CAPABILITY);
	CHECK_OK(kauri_asid_control_make_pool(KAURI_CAP_ASID_CONTROL, ut, ROOT_CNODE, pool, DEPTH));
	/* The untyped is used up by it. */
	CHECK_ERR(kauri_untyped_retype(ut, KAURI_ENDPOINT, 0, ROOT_CNODE, 0, 0, slot_alloc(), 1),
		  KAURI_NOT_ENOUGH_MEMORY);
	CHECK_OK(kauri_untyped_retype(env.untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, v, 1));
	CHECK_OK(kauri_asid_pool_assign(pool, v));
	CHECK_OK(map_frame(v, f, 0x1000, KAURI_VM_READ));
	/* Deleting the pool takes its VSpaces' ASIDs away. */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, pool, DEPTH));
	CHECK_ERR(kauri_frame_map(object_new(KAURI_FRAME_4K, 0), v, 0x2000, KAURI_VM_READ), KAURI_INVALID_CAPABILITY);
}

KERNEL_TEST(asid_pools_run_out)
{
	kauri_word_t made = 0;
	enum kauri_error err = KAURI_OK;

	/* 256 ASIDs: pool 0 and at most three more. */
	while (made < 5) {
		kauri_cptr_t ut = object_new(KAURI_UNTYPED, KAURI_ASID_POOL_SIZE_BITS);

		err = kauri_asid_control_make_pool(KAURI_CAP_ASID_CONTROL, ut, ROOT_CNODE, slot_alloc(), DEPTH);
		if (err != KAURI_OK)
			break;
		made++;
	}
	CHECK(made == 3);
	CHECK_ERR(err, KAURI_NOT_ENOUGH_MEMORY);
}

KERNEL_TEST(deleting_a_mapped_copy_unmaps_it)
{
	kauri_cptr_t f = object_new(KAURI_FRAME_4K, 0), copy = slot_alloc();

	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, f, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(map_frame(ROOT_VSPACE, copy, 0x30400000UL, KAURI_VM_READ));
	CHECK_ERR(kauri_frame_map(f, ROOT_VSPACE, 0x30400000UL, KAURI_VM_READ), KAURI_DELETE_FIRST);
	/* The copy was not the last capability to the frame, yet its mapping goes with it. */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, copy, DEPTH));
	CHECK_OK(kauri_frame_map(f, ROOT_VSPACE, 0x30400000UL, KAURI_VM_READ));
}
