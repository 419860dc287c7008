/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VCPUs: small guests (vcpu_guests.S) at EL1 in stage-2 VSpaces of their own,
 * whose exits arrive as fault messages; registers, binding, deletion,
 * isolation. With the kernel at EL1 there is no VCPU type: each test checks
 * that Retype refuses it.
 */
#include <string.h>
#include <uapi/kauri/fault.h>
#include "kernel_test.h"

#define GUEST_CODE	0x40000UL	/* IPA of the guest's code (its MMU is off: VA = IPA) */
#define GUEST_DATA	0x200000UL
#define GUEST_MMIO	0x10000000UL	/* nothing mapped: every access exits */
#define GUEST_GICC	0x08010000UL	/* GICv2 guests: the GICV frame, where QEMU virt has its GICC */
#define SPSR_EL1H	0x3c5UL		/* EL1 on SP_EL1, DAIF masked */
#define SPSR_MODE	0x1fUL
#define SP_MARKER	0x5a5a0UL
#define ADVANCE		KAURI_VCPU_REPLY_ADVANCE

#define GUEST(name) extern const uint32_t guest_##name[], guest_##name##_end[]
GUEST(hvc);
GUEST(mmio_store);
GUEST(mmio_load);
GUEST(wfi);
GUEST(wfe);
GUEST(smc);
GUEST(wfx_modes);
GUEST(vtimer_armed);
GUEST(fpsimd);
GUEST(mmu_on);
GUEST(sysreg_trap);
GUEST(sysregs);
GUEST(load_store);
GUEST(jump);
GUEST(spin);
GUEST(virq);
GUEST(virq_gicv2);
#define CODE(name) guest_##name, guest_##name##_end

struct guest {
	kauri_cptr_t tcb, vcpu, vspace, ep;
};

/* The VCPU type exists only with the kernel at EL2; elsewhere Retype says INVALID_ARGUMENT. */
static bool have_vcpus(void)
{
	kauri_cptr_t slot;

	if (env.bootinfo->kernel_el == 2)
		return true;
	slot = slot_alloc();
	CHECK_ERR(kauri_untyped_retype(env.untyped, KAURI_VCPU, 0, ROOT_CNODE, 0, 0, slot, 1), KAURI_INVALID_ARGUMENT);
	return false;
}

/* A guest running CODE at GUEST_CODE with x0-x2 set, bound to a fresh VCPU, faulting to a fresh endpoint. */
static bool guest_new(struct guest *g, const uint32_t *code, const uint32_t *code_end, kauri_word_t x0,
		      kauri_word_t x1, kauri_word_t x2, bool start)
{
	kauri_cptr_t frame, copy = slot_alloc();
	void *here = frame_new_mapped(&frame);
	kauri_word_t regs[KAURI_TCB_REG_X0 + 3] = { 0 };

	g->vspace = object_new(KAURI_VSPACE, 0);
	g->tcb = object_new(KAURI_TCB, 0);
	g->vcpu = object_new(KAURI_VCPU, 0);
	g->ep = object_new(KAURI_ENDPOINT, 0);
	if (!here || !g->vspace || !g->tcb || !g->vcpu || !g->ep)
		return false;
	memcpy(here, code, (size_t)((const char *)code_end - (const char *)code));
	if (kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, frame, DEPTH, KAURI_ALL_RIGHTS) != KAURI_OK ||
	    map_frame(g->vspace, copy, GUEST_CODE, KAURI_VM_READ | KAURI_VM_EXEC) != KAURI_OK)
		return false;
	if (kauri_tcb_configure(g->tcb, g->ep, ROOT_CNODE, g->vspace, 0, 0) != KAURI_OK ||
	    kauri_tcb_set_priority(g->tcb, ROOT_TCB, 100) != KAURI_OK || kauri_vcpu_set_tcb(g->vcpu, g->tcb) != KAURI_OK)
		return false;
	kauri_tcb_set_name(g->tcb, "guest");
	regs[KAURI_TCB_REG_PC] = GUEST_CODE;
	regs[KAURI_TCB_REG_SP] = SP_MARKER;
	regs[KAURI_TCB_REG_SPSR] = SPSR_EL1H;
	regs[KAURI_TCB_REG_X0] = x0;
	regs[KAURI_TCB_REG_X0 + 1] = x1;
	regs[KAURI_TCB_REG_X0 + 2] = x2;
	return kauri_tcb_write_registers(g->tcb, start, KAURI_TCB_REG_X0 + 3, regs) == KAURI_OK;
}

/* The next exit of G: its label (0 if none came). */
static kauri_word_t next_exit(struct guest *g)
{
	return kauri_msginfo_label(kauri_recv(g->ep, 0));
}

/* Resumes the guest whose exit was received last: FLAGS, and VALUE for an emulated load. */
static void resume(kauri_word_t flags, kauri_word_t value)
{
	kauri_set_mr(0, flags);
	kauri_set_mr(1, value);
	kauri_reply(kauri_msginfo(0, 0, 0, 2));
}

static kauri_word_t guest_register(struct guest *g, unsigned int r)
{
	kauri_word_t regs[KAURI_TCB_REG_COUNT] = { 0 };

	CHECK_OK(kauri_tcb_read_registers(g->tcb, 0, KAURI_TCB_REG_COUNT, regs));
	return regs[r];
}

KERNEL_TEST(vcpu_retype_only_at_el2)
{
	kauri_word_t value = 1;
	kauri_cptr_t v;

	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	CHECK(v != 0);
	CHECK_OK(kauri_vcpu_read_register(v, KAURI_VCPU_REG_VMPIDR, &value));
	CHECK(value == 1UL << 31);		/* CPU 0, RES1 bit */
	CHECK_OK(kauri_vcpu_read_register(v, KAURI_VCPU_REG_SCTLR, &value));
	CHECK((value & 1) == 0);		/* MMU off */
}

/* A VSpace assigned as a guest's (KAURI_ASID_GUEST), or 0. */
static kauri_cptr_t guest_vspace_new(void)
{
	kauri_cptr_t slot = slot_alloc();

	if (kauri_untyped_retype(env.untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, slot, 1) != KAURI_OK ||
	    kauri_asid_pool_assign_guest(KAURI_CAP_INIT_ASID_POOL, slot) != KAURI_OK)
		return 0;
	return slot;
}

/* ASIDPool.Assign's flags: only KAURI_ASID_GUEST, and that only with the kernel at EL2. */
KERNEL_TEST(vcpu_guest_asid_assign)
{
	kauri_cptr_t vspace = slot_alloc();

	CHECK_OK(kauri_untyped_retype(env.untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, vspace, 1));
	kauri_set_mr(0, 2);
	kauri_set_cap(0, vspace);
	CHECK(kauri_msginfo_label(kauri_call(KAURI_CAP_INIT_ASID_POOL, kauri_msginfo(KAURI_ASID_POOL_ASSIGN, 0, 1, 1))) ==
	      KAURI_INVALID_ARGUMENT);
	if (!have_vcpus()) {
		CHECK_ERR(kauri_asid_pool_assign_guest(KAURI_CAP_INIT_ASID_POOL, vspace), KAURI_ILLEGAL_OPERATION);
		return;
	}
	CHECK_OK(kauri_asid_pool_assign_guest(KAURI_CAP_INIT_ASID_POOL, vspace));
	CHECK_ERR(kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, vspace), KAURI_ILLEGAL_OPERATION);
}

/* Writable and executable memory: only in a guest's VSpace, whose own stage 1 decides. */
KERNEL_TEST(vcpu_guest_vspace_writable_executable)
{
	kauri_cptr_t native, guest, frame = object_new(KAURI_FRAME_4K, 0);

	if (!have_vcpus())
		return;
	native = object_new(KAURI_VSPACE, 0);
	guest = guest_vspace_new();
	CHECK(native && guest && frame);
	CHECK_ERR(map_frame(native, frame, GUEST_CODE, KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC),
		  KAURI_INVALID_ARGUMENT);
	CHECK_OK(map_frame(guest, frame, GUEST_CODE, KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC));
}

/*
 * A guest's VSpace runs only a thread bound to a VCPU: a guest in it exits as usual, but once
 * its VCPU is gone (or for a thread that never had one) it is no address space at all, so its
 * writable and executable memory never runs natively: the first fetch is a VM fault.
 */
KERNEL_TEST(vcpu_guest_vspace_only_for_bound_threads)
{
	kauri_cptr_t frame, copy = slot_alloc(), native_tcb = object_new(KAURI_TCB, 0);
	void *here = frame_new_mapped(&frame);
	kauri_word_t regs[KAURI_TCB_REG_SPSR + 1] = { 0 };
	struct guest g;

	if (!have_vcpus())
		return;
	g.vspace = guest_vspace_new();
	g.tcb = object_new(KAURI_TCB, 0);
	g.vcpu = object_new(KAURI_VCPU, 0);
	g.ep = object_new(KAURI_ENDPOINT, 0);
	CHECK(here && g.vspace && g.tcb && g.vcpu && g.ep && native_tcb);
	memcpy(here, guest_hvc, (size_t)((const char *)guest_hvc_end - (const char *)guest_hvc));
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, copy, DEPTH, ROOT_CNODE, frame, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(map_frame(g.vspace, copy, GUEST_CODE, KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC));
	CHECK_OK(kauri_tcb_configure(g.tcb, g.ep, ROOT_CNODE, g.vspace, 0, 0));
	CHECK_OK(kauri_tcb_set_priority(g.tcb, ROOT_TCB, 100));
	CHECK_OK(kauri_vcpu_set_tcb(g.vcpu, g.tcb));
	regs[KAURI_TCB_REG_PC] = GUEST_CODE;
	regs[KAURI_TCB_REG_SPSR] = SPSR_EL1H;
	CHECK_OK(kauri_tcb_write_registers(g.tcb, 1, KAURI_TCB_REG_SPSR + 1, regs));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);

	/* Unbound, the same thread resumed at the same code: a fetch fault, not an HVC. */
	CHECK_OK(kauri_vcpu_unbind_tcb(g.vcpu));
	regs[KAURI_TCB_REG_SPSR] = 0;
	CHECK_OK(kauri_tcb_write_registers(g.tcb, 1, KAURI_TCB_REG_SPSR + 1, regs));
	CHECK(next_exit(&g) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(0) == GUEST_CODE && kauri_get_mr(2) == 1);

	/* A thread that was never a guest, configured into the guest's VSpace: the same. */
	CHECK_OK(kauri_tcb_configure(native_tcb, g.ep, ROOT_CNODE, g.vspace, 0, 0));
	CHECK_OK(kauri_tcb_set_priority(native_tcb, ROOT_TCB, 100));
	CHECK_OK(kauri_tcb_write_registers(native_tcb, 1, KAURI_TCB_REG_SPSR + 1, regs));
	CHECK(next_exit(&g) == KAURI_FAULT_VM);
	CHECK(kauri_get_mr(0) == GUEST_CODE && kauri_get_mr(2) == 1);

	/* Bound again, it is a guest again. */
	CHECK_OK(kauri_vcpu_set_tcb(g.vcpu, g.tcb));
	regs[KAURI_TCB_REG_SPSR] = SPSR_EL1H;
	CHECK_OK(kauri_tcb_write_registers(g.tcb, 1, KAURI_TCB_REG_SPSR + 1, regs));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
}

KERNEL_TEST(vcpu_hvc_exit_and_resume)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(hvc), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(0) == GUEST_CODE + 8 * 4);	/* the hvc itself */
	CHECK(kauri_get_mr(1) == 0x42);
	for (unsigned int i = 0; i < 8; i++)
		CHECK(kauri_get_mr(2 + i) == 0x11 * (i + 1));
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(1) == 0x43);
	CHECK(kauri_get_mr(2) == 0x12);			/* x0 + 1: it ran on after the first */
	CHECK(kauri_get_mr(0) == GUEST_CODE + 10 * 4);
}

KERNEL_TEST(vcpu_resume_without_advance_reruns)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(hvc), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	resume(0, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(1) == 0x42);			/* the same hvc again */
	CHECK(kauri_get_mr(0) == GUEST_CODE + 8 * 4);
}

KERNEL_TEST(vcpu_reply_with_error_label_stops_guest)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(hvc), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	kauri_reply(kauri_msginfo(1, 0, 0, 0));
	run_others();
	CHECK(guest_register(&g, KAURI_TCB_REG_PC) == GUEST_CODE + 8 * 4);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0) == 0x11);	/* never went on */
}

/* The store exits of the mmio_store guest, in order: offset, size, value. */
KERNEL_TEST(vcpu_mmio_store_sizes)
{
	static const struct { kauri_word_t offset, size, value; } stores[] = {
		{ 0, 1, 0x88 }, { 2, 2, 0x7788 }, { 4, 4, 0x55667788 }, { 8, 8, 0x1122334455667788 },
	};
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(mmio_store), 0, GUEST_MMIO, 0x1122334455667788UL, true));
	for (unsigned int i = 0; i < 4; i++) {
		CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
		CHECK(kauri_get_mr(KAURI_ABORT_PC) == GUEST_CODE + 4 * i);
		CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_MMIO + stores[i].offset);
		CHECK(kauri_get_mr(KAURI_ABORT_VALID) == 1);
		CHECK(kauri_get_mr(KAURI_ABORT_WRITE) == 1);
		CHECK(kauri_get_mr(KAURI_ABORT_SIZE) == stores[i].size);
		CHECK(kauri_get_mr(KAURI_ABORT_REGISTER) == 2);
		CHECK(kauri_get_mr(KAURI_ABORT_VALUE) == stores[i].value);
		resume(ADVANCE, 0);
	}
}

KERNEL_TEST(vcpu_mmio_store_of_zero_register)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(mmio_store), 0, GUEST_MMIO, ~0UL, true));
	for (unsigned int i = 0; i < 4; i++) {
		CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
		resume(ADVANCE, 0);
	}
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
	CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_MMIO + 16);
	CHECK(kauri_get_mr(KAURI_ABORT_REGISTER) == 31);
	CHECK(kauri_get_mr(KAURI_ABORT_VALUE) == 0);	/* xzr, not sp or x31's slot */
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
}

/* Runs the mmio_load guest, answering every load with VALUE, to its final hvc. */
static void run_loads(struct guest *g, kauri_word_t value)
{
	static const struct { unsigned int reg, size, sign, wide; } loads[] = {
		{ 3, 1, 0, 0 }, { 4, 1, 1, 1 }, { 5, 2, 1, 0 }, { 6, 2, 0, 0 }, { 7, 4, 0, 0 },
		{ 8, 4, 1, 1 }, { 9, 8, 0, 1 }, { 31, 8, 0, 1 }, { 10, 1, 1, 0 },
	};

	CHECK(guest_new(g, CODE(mmio_load), 0, GUEST_MMIO, 0, true));
	for (unsigned int i = 0; i < sizeof(loads) / sizeof(loads[0]); i++) {
		CHECK(next_exit(g) == KAURI_FAULT_VCPU_DATA_ABORT);
		CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_MMIO);
		CHECK(kauri_get_mr(KAURI_ABORT_VALID) == 1);
		CHECK(kauri_get_mr(KAURI_ABORT_WRITE) == 0);
		CHECK(kauri_get_mr(KAURI_ABORT_REGISTER) == loads[i].reg);
		CHECK(kauri_get_mr(KAURI_ABORT_SIZE) == loads[i].size);
		CHECK(kauri_get_mr(KAURI_ABORT_SIGN_EXTEND) == loads[i].sign);
		CHECK(kauri_get_mr(KAURI_ABORT_64BIT) == loads[i].wide);
		resume(ADVANCE, value);
	}
	CHECK(next_exit(g) == KAURI_FAULT_VCPU_HVC);
}

KERNEL_TEST(vcpu_mmio_load_sizes_and_sign_extension)
{
	struct guest g;

	if (!have_vcpus())
		return;
	run_loads(&g, 0x8081828384858687UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 3) == 0x87);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 4) == 0xffffffffffffff87UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 5) == 0xffff8687UL);	/* sign-extended to 32 bits only */
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 6) == 0x8687);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 7) == 0x84858687UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 8) == 0xffffffff84858687UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 9) == 0x8081828384858687UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 10) == 0xffffff87UL);
}

KERNEL_TEST(vcpu_mmio_load_positive_values_not_extended)
{
	struct guest g;

	if (!have_vcpus())
		return;
	run_loads(&g, 0x0102030405060708UL);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 4) == 0x08);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 5) == 0x0708);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 8) == 0x05060708);
}

KERNEL_TEST(vcpu_mmio_load_into_zero_register_writes_nothing)
{
	struct guest g;

	if (!have_vcpus())
		return;
	run_loads(&g, 0x8081828384858687UL);
	/* x31 of a load is xzr: the kernel must not write sp (or past x30) instead. */
	CHECK(guest_register(&g, KAURI_TCB_REG_SP) == SP_MARKER);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 30) == 0);
	CHECK(guest_register(&g, KAURI_TCB_REG_TPIDR) == 0);
}

KERNEL_TEST(vcpu_wfi_exit)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(wfi), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_WFX);
	CHECK(kauri_get_mr(0) == GUEST_CODE);
	CHECK(kauri_get_mr(1) == 0);		/* WFI */
	CHECK(kauri_get_mr(2) >> 26 == 0x01);	/* the syndrome's class: WFx */
	resume(ADVANCE, 0);			/* past it, and round its loop to it again */
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_WFX);
	CHECK(kauri_get_mr(0) == GUEST_CODE);
}

/* A WFE may complete without an exit (its event register set; QEMU 7 never traps it). */
KERNEL_TEST(vcpu_wfe_exit_or_completes)
{
	struct guest g;
	kauri_word_t label;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(wfe), 0, 0, 0, true));
	label = next_exit(&g);
	CHECK(label == KAURI_FAULT_VCPU_WFX || label == KAURI_FAULT_VCPU_HVC);
	if (label == KAURI_FAULT_VCPU_WFX) {
		CHECK(kauri_get_mr(1) == 1);	/* WFE */
		resume(ADVANCE, 0);
		label = next_exit(&g);
	}
	CHECK(label == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(0) == GUEST_CODE + 4);
}

KERNEL_TEST(vcpu_smc_is_trapped)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(smc), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SMC);
	CHECK(kauri_get_mr(0) == GUEST_CODE);
	CHECK(kauri_get_mr(1) == 7);
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(0) == GUEST_CODE + 4);
}

KERNEL_TEST(vcpu_sysregs_survive_switch_to_another_guest)
{
	struct guest a, b;
	kauri_word_t value = 0;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&a, CODE(sysregs), 0xaaaa, 0x1000, 0, true));
	CHECK(guest_new(&b, CODE(sysregs), 0xbbbb, 0x2000, 0, true));
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1);
	resume(ADVANCE, 0);
	/* B runs between A's two exits, writing the same registers. */
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1);
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 2);
	CHECK(kauri_get_mr(2) == 0xaaaa);
	CHECK(kauri_get_mr(3) == 0x1000);
	CHECK_OK(kauri_vcpu_read_register(a.vcpu, KAURI_VCPU_REG_TPIDR_EL1, &value));
	CHECK(value == 0xaaaa);
	CHECK_OK(kauri_vcpu_read_register(b.vcpu, KAURI_VCPU_REG_TPIDR_EL1, &value));
	CHECK(value == 0xbbbb);
	CHECK_OK(kauri_vcpu_read_register(b.vcpu, KAURI_VCPU_REG_VBAR, &value));
	CHECK(value == 0x2000);
}

KERNEL_TEST(vcpu_write_register_reaches_guest)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(sysregs), 1, 0x800, 0, false));
	CHECK_OK(kauri_vcpu_write_register(g.vcpu, KAURI_VCPU_REG_TPIDR_EL1, 0x7e57));
	CHECK_OK(kauri_tcb_resume(g.tcb));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(4) == 0x7e57);	/* x2: what the guest read first */
}

KERNEL_TEST(vcpu_registers_read_back_as_written)
{
	kauri_cptr_t v;
	kauri_word_t value;

	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	for (unsigned int r = 0; r < KAURI_VCPU_NUM_REGS; r++)
		CHECK_OK(kauri_vcpu_write_register(v, (enum kauri_vcpu_reg)r, 0x1000 + r));
	for (unsigned int r = 0; r < KAURI_VCPU_NUM_REGS; r++) {
		value = 0;
		CHECK_OK(kauri_vcpu_read_register(v, (enum kauri_vcpu_reg)r, &value));
		CHECK(value == 0x1000 + r);
	}
}

KERNEL_TEST(vcpu_tpidr_el0_follows_the_bound_tcb)
{
	struct guest g;
	kauri_word_t value = 0;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(spin), 0, 0, 0, false));
	CHECK_OK(kauri_vcpu_write_register(g.vcpu, KAURI_VCPU_REG_TPIDR_EL0, 0x7770));
	CHECK(guest_register(&g, KAURI_TCB_REG_TPIDR) == 0x7770);
	CHECK_OK(kauri_vcpu_unbind_tcb(g.vcpu));
	CHECK_OK(kauri_vcpu_read_register(g.vcpu, KAURI_VCPU_REG_TPIDR_EL0, &value));
	CHECK(value == 0x7770);
}

KERNEL_TEST(vcpu_bad_register_number)
{
	kauri_cptr_t v;
	kauri_word_t value;

	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	CHECK_ERR(kauri_vcpu_read_register(v, KAURI_VCPU_NUM_REGS, &value), KAURI_RANGE_ERROR);
	CHECK(kauri_get_mr(1) == KAURI_VCPU_NUM_REGS - 1);
	CHECK_ERR(kauri_vcpu_write_register(v, (enum kauri_vcpu_reg)1000, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_write_register(v, (enum kauri_vcpu_reg)-1, 0), KAURI_RANGE_ERROR);
}

KERNEL_TEST(vcpu_invocations_on_other_caps_fail)
{
	kauri_cptr_t ep = object_new(KAURI_ENDPOINT, 0), t = object_new(KAURI_TCB, 0), v;
	kauri_word_t value;

	CHECK_ERR(kauri_vcpu_read_register(t, KAURI_VCPU_REG_SCTLR, &value), KAURI_ILLEGAL_OPERATION);
	CHECK_ERR(kauri_vcpu_write_register(ROOT_CNODE, KAURI_VCPU_REG_SCTLR, 0), KAURI_ILLEGAL_OPERATION);
	CHECK_ERR(kauri_vcpu_set_tcb(ROOT_VSPACE, t), KAURI_INVALID_CAPABILITY);	/* VSpaces take none */
	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	CHECK_ERR(kauri_vcpu_set_tcb(v, ep), KAURI_INVALID_CAPABILITY);
	CHECK_ERR(kauri_vcpu_set_tcb(v, ROOT_TCB), KAURI_ILLEGAL_OPERATION);	/* the caller itself */
	CHECK_ERR(kauri_tcb_bind_notification(v, ep), KAURI_ILLEGAL_OPERATION);
}

KERNEL_TEST(vcpu_access_outside_map_reports_ipa)
{
	struct guest g;
	kauri_cptr_t data = object_new(KAURI_FRAME_4K, 0);

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(load_store), 0, GUEST_DATA + 0x1008, 0, true));
	CHECK_OK(map_frame(g.vspace, data, GUEST_DATA, KAURI_VM_READ | KAURI_VM_WRITE));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
	CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_DATA + 0x1008);	/* the page after the map */
	CHECK(kauri_get_mr(KAURI_ABORT_FAR) == GUEST_DATA + 0x1008);
	CHECK(kauri_get_mr(KAURI_ABORT_PC) == GUEST_CODE);
}

KERNEL_TEST(vcpu_write_to_read_only_page_reports_ipa)
{
	struct guest g;
	kauri_cptr_t data = object_new(KAURI_FRAME_4K, 0);

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(load_store), 0, GUEST_DATA + 0x18, 5, true));
	CHECK_OK(map_frame(g.vspace, data, GUEST_DATA, KAURI_VM_READ));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);		/* the load went through */
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);	/* a stage-2 permission fault */
	CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_DATA + 0x18);
	CHECK(kauri_get_mr(KAURI_ABORT_WRITE) == 1);
	CHECK(kauri_get_mr(KAURI_ABORT_VALUE) == 5);
}

KERNEL_TEST(vcpu_instruction_fetch_outside_map)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(jump), 0, 0x30000040UL, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_INSTRUCTION_ABORT);
	CHECK(kauri_get_mr(0) == 0x30000040UL);
	CHECK(kauri_get_mr(1) == 0x30000040UL);
}

KERNEL_TEST(vcpu_guests_do_not_share_memory)
{
	struct guest a, b;
	kauri_cptr_t fa, fb;
	volatile kauri_word_t *pa = frame_new_mapped(&fa), *pb = frame_new_mapped(&fb);
	kauri_cptr_t ca = slot_alloc(), cb = slot_alloc();

	if (!have_vcpus())
		return;
	pa[0] = 0xa1;
	pb[0] = 0xb2;
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, ca, DEPTH, ROOT_CNODE, fa, DEPTH, KAURI_ALL_RIGHTS));
	CHECK_OK(kauri_cnode_copy(ROOT_CNODE, cb, DEPTH, ROOT_CNODE, fb, DEPTH, KAURI_ALL_RIGHTS));
	CHECK(guest_new(&a, CODE(load_store), 0, GUEST_DATA, 0xa2, false));
	CHECK(guest_new(&b, CODE(load_store), 0, GUEST_DATA, 0xb3, false));
	CHECK_OK(map_frame(a.vspace, ca, GUEST_DATA, KAURI_VM_READ | KAURI_VM_WRITE));
	CHECK_OK(map_frame(b.vspace, cb, GUEST_DATA, KAURI_VM_READ | KAURI_VM_WRITE));
	CHECK_OK(kauri_tcb_resume(a.tcb));
	CHECK_OK(kauri_tcb_resume(b.tcb));
	/* The same IPA in two VMIDs: each guest reads and writes its own frame. */
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(2) == 0xa1);
	resume(ADVANCE, 0);
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(2) == 0xb2);
	resume(ADVANCE, 0);
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC);
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC);
	CHECK(pa[0] == 0xa2 && pb[0] == 0xb3);
}

KERNEL_TEST(vcpu_delete_running_vcpu)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(spin), 0, 0, 0, true));
	share_cpu(100, 3);			/* the guest spins, preempted by the tick */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, g.vcpu, DEPTH));
	/* Unbound, it runs on at EL0 in the same space: still spinning, no longer a guest. */
	CHECK((guest_register(&g, KAURI_TCB_REG_SPSR) & SPSR_MODE) == 0);
	share_cpu(100, 2);
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, g.tcb, DEPTH));
}

KERNEL_TEST(vcpu_delete_bound_tcb_keeps_vcpu_usable)
{
	struct guest g, h;
	kauri_word_t value = 0;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(sysregs), 0x5151, 0x800, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);	/* waits for the reply */
	CHECK_OK(kauri_cnode_delete(ROOT_CNODE, g.tcb, DEPTH));
	CHECK_OK(kauri_vcpu_read_register(g.vcpu, KAURI_VCPU_REG_TPIDR_EL1, &value));
	CHECK(value == 0x5151);
	/* A new thread on the old VCPU starts where its EL1 registers were left. */
	CHECK(guest_new(&h, CODE(sysregs), 0x6161, 0x800, 0, false));
	CHECK_OK(kauri_vcpu_set_tcb(g.vcpu, h.tcb));
	CHECK_OK(kauri_tcb_resume(h.tcb));
	CHECK(next_exit(&h) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(4) == 0x5151);
}

KERNEL_TEST(vcpu_rebinding_moves_the_thread)
{
	struct guest g;
	kauri_cptr_t other;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(hvc), 0, 0, 0, false));
	other = object_new(KAURI_VCPU, 0);
	CHECK_OK(kauri_vcpu_set_tcb(other, g.tcb));	/* g.vcpu lets go of it */
	CHECK_OK(kauri_vcpu_unbind_tcb(g.vcpu));	/* nothing bound: nothing happens */
	CHECK((guest_register(&g, KAURI_TCB_REG_SPSR) & SPSR_MODE) == 5);
	CHECK_OK(kauri_tcb_resume(g.tcb));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
}

KERNEL_TEST(vcpu_thread_cannot_set_el2_spsr)
{
	struct guest g;
	kauri_word_t regs[3] = { GUEST_CODE, 0, 0 };
	static const kauri_word_t bad[] = { 0x3c9, 0x3c8, 0x3d0, 0x3cd, 0x1f };

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(hvc), 0, 0, 0, false));
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		regs[KAURI_TCB_REG_SPSR] = bad[i] | 0xf0000000UL;
		CHECK_OK(kauri_tcb_write_registers(g.tcb, 0, 3, regs));
		CHECK(guest_register(&g, KAURI_TCB_REG_SPSR) == (0xf0000005UL | (bad[i] & 0x3c0)));	/* EL1h */
	}
	regs[KAURI_TCB_REG_SPSR] = 0x4;		/* EL1t and EL0t are allowed */
	CHECK_OK(kauri_tcb_write_registers(g.tcb, 0, 3, regs));
	CHECK(guest_register(&g, KAURI_TCB_REG_SPSR) == 0x4);
	/* Unbound, the same thread is native again: EL0 only. */
	CHECK_OK(kauri_vcpu_unbind_tcb(g.vcpu));
	regs[KAURI_TCB_REG_SPSR] = 0x3c5;
	CHECK_OK(kauri_tcb_write_registers(g.tcb, 0, 3, regs));
	CHECK((guest_register(&g, KAURI_TCB_REG_SPSR) & SPSR_MODE) == 0);
	/* And bound again, it runs its guest code at EL1. */
	CHECK_OK(kauri_vcpu_set_tcb(g.vcpu, g.tcb));
	CHECK_OK(kauri_tcb_resume(g.tcb));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
}

/* Two guests' FP/SIMD registers: each finds its own d0 after the other ran (and the VMM in between). */
KERNEL_TEST(vcpu_fpsimd_registers_per_guest)
{
	struct guest a, b;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&a, CODE(fpsimd), 0x1111222233334444UL, 0, 0, true));
	CHECK(guest_new(&b, CODE(fpsimd), 0x5555666677778888UL, 0, 0, true));
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 0);
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 0);
	__asm__ volatile("fmov d0, %0" : : "r"(0x9999UL) : "v0");	/* the VMM's own d0 */
	resume(ADVANCE, 0);				/* B, whose exit came last */
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1);
	CHECK(kauri_get_mr(2 + 1) == 0x5555666677778888UL);
	/* A waits for a reply the VMM no longer holds: restarted past its HVC #0, it shows its own d0. */
	CHECK_OK(kauri_tcb_write_registers(a.tcb, true, 1, (kauri_word_t[]){ GUEST_CODE + 5 * 4 }));
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1);
	CHECK(kauri_get_mr(2 + 1) == 0x1111222233334444UL);
}

/*
 * A guest with its own MMU on: the exit of a load through its stage 1 carries
 * the IPA its tables gave (and FAR the VA); a stage-1 walk that reads an IPA
 * nothing maps exits with that IPA (S1PTW) and never reaches the kernel's memory.
 */
KERNEL_TEST(vcpu_guest_mmu_on_translates_exits)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(mmu_on), 0x40000000UL + GUEST_MMIO, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
	CHECK(kauri_get_mr(KAURI_ABORT_IPA) == GUEST_MMIO);
	CHECK(kauri_get_mr(KAURI_ABORT_FAR) == 0x40000000UL + GUEST_MMIO);
	CHECK(kauri_get_mr(KAURI_ABORT_VALID) == 1 && kauri_get_mr(KAURI_ABORT_WRITE) == 0);
	resume(ADVANCE, 0x7777);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(2 + 1) == 0x7777);
	/* Through the table at IPA 0x20000000: the walk's own access exits. */
	CHECK(guest_new(&g, CODE(mmu_on), 0x80000000UL, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_DATA_ABORT);
	CHECK(kauri_get_mr(KAURI_ABORT_IPA) == 0x20000000UL);
	CHECK(kauri_get_mr(KAURI_ABORT_FAR) == 0x80000000UL);
	CHECK(kauri_get_mr(KAURI_ABORT_ESR) & (1UL << 7));	/* S1PTW */
}

/* The words of a system register exit: op0, op1, CRn, CRm, op2, read, register. */
static bool sysreg_exit_is(kauri_word_t op0, kauri_word_t op1, kauri_word_t crn, kauri_word_t crm, kauri_word_t op2,
			   bool read, kauri_word_t reg)
{
	return kauri_get_mr(KAURI_SYSREG_OP0) == op0 && kauri_get_mr(KAURI_SYSREG_OP1) == op1 &&
	       kauri_get_mr(KAURI_SYSREG_CRN) == crn && kauri_get_mr(KAURI_SYSREG_CRM) == crm &&
	       kauri_get_mr(KAURI_SYSREG_OP2) == op2 && kauri_get_mr(KAURI_SYSREG_READ) == read &&
	       kauri_get_mr(KAURI_SYSREG_REGISTER) == reg;
}

KERNEL_TEST(vcpu_trapped_system_registers_exit)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(sysreg_trap), 0x5, 0, 0, true));
	/* MRS x5, PMCCNTR_EL0 (S3_3_C9_C13_0): the VMM says what it reads. */
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SYSREG);
	CHECK(kauri_get_mr(KAURI_SYSREG_PC) == GUEST_CODE);
	CHECK(sysreg_exit_is(3, 3, 9, 13, 0, true, 5));
	CHECK(kauri_get_mr(KAURI_SYSREG_ESR) >> 26 == 0x18);	/* EC: MSR/MRS trapped */
	resume(ADVANCE, 0x1234abcdUL);
	/* MSR CNTP_CTL_EL0 (S3_3_C14_C2_1), x0: the value comes with the exit. */
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SYSREG);
	CHECK(kauri_get_mr(KAURI_SYSREG_PC) == GUEST_CODE + 4);
	CHECK(sysreg_exit_is(3, 3, 14, 2, 1, false, 0));
	CHECK(kauri_get_mr(KAURI_SYSREG_VALUE) == 0x5);
	resume(ADVANCE, 0x777);				/* a value for a write: ignored */
	/* MSR PMCR_EL0 (S3_3_C9_C12_0), xzr. */
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SYSREG);
	CHECK(sysreg_exit_is(3, 3, 9, 12, 0, false, 31));
	CHECK(kauri_get_mr(KAURI_SYSREG_VALUE) == 0);
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(2) == 0x1234abcdUL);		/* x0 = x5, the emulated read */
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 5) == 0x1234abcdUL);
}

KERNEL_TEST(vcpu_trapped_system_register_retried_without_advance)
{
	struct guest g;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(sysreg_trap), 0, 0, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SYSREG);
	resume(0, 0x99);				/* no ADVANCE: the MRS runs again, x5 untouched */
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_SYSREG);
	CHECK(kauri_get_mr(KAURI_SYSREG_PC) == GUEST_CODE);
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 5) == 0);
}

/* WFx modes: EXIT reports, YIELD steps over in the kernel, WAIT leaves the instruction to the CPU. */
KERNEL_TEST(vcpu_wfx_modes)
{
	static const kauri_word_t modes[] = { KAURI_VCPU_WFX_YIELD, KAURI_VCPU_WFX_WAIT };
	struct guest g;

	if (!have_vcpus())
		return;
	for (unsigned int i = 0; i < 2; i++) {
		CHECK(guest_new(&g, CODE(wfx_modes), 0, 0, 0, false));
		CHECK_OK(kauri_vcpu_set_wfx(g.vcpu, modes[i], modes[i]));
		CHECK_OK(kauri_tcb_resume(g.tcb));
		CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);	/* past the WFI without an exit */
		CHECK(kauri_get_mr(0) == GUEST_CODE + 4);
		resume(ADVANCE, 0);
		CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);	/* and past the WFE */
		CHECK(kauri_get_mr(1) == 1);
	}
	/* Back to EXIT, set while the guest waits for its reply: the next WFI is the VMM's. */
	CHECK_OK(kauri_vcpu_set_wfx(g.vcpu, KAURI_VCPU_WFX_EXIT, KAURI_VCPU_WFX_EXIT));
	CHECK_OK(kauri_tcb_write_registers(g.tcb, true, 1, (kauri_word_t[]){ GUEST_CODE }));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_WFX);
	CHECK(kauri_get_mr(0) == GUEST_CODE);
	CHECK(kauri_get_mr(1) == 0);
}

KERNEL_TEST(vcpu_set_wfx_bad_arguments)
{
	kauri_cptr_t v;

	CHECK_ERR(kauri_vcpu_set_wfx(ROOT_CNODE, KAURI_VCPU_WFX_EXIT, KAURI_VCPU_WFX_EXIT), KAURI_ILLEGAL_OPERATION);
	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	CHECK_ERR(kauri_vcpu_set_wfx(v, KAURI_VCPU_WFX_MODES, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_set_wfx(v, 0, 7), KAURI_RANGE_ERROR);
	CHECK(kauri_msginfo_label(kauri_call(v, kauri_msginfo(KAURI_VCPU_SET_WFX, 0, 0, 1))) == KAURI_TRUNCATED_MESSAGE);
	CHECK_OK(kauri_vcpu_set_wfx(v, KAURI_VCPU_WFX_WAIT, KAURI_VCPU_WFX_YIELD));
}

/* Virtual interrupts (the GIC's list registers) and the virtual timer's VPPI exits. */
#define VIRQ_PRIORITY	0x80
#define LR_ANY		KAURI_VCPU_LR_ANY

/* The group a guest's interrupts are in: GICv2 guests take group 0 as IRQs, GICv3 guests group 1. */
static kauri_word_t virq_group(void)
{
	return env.bootinfo->gic_version == 2 ? 0 : 1;
}

/*
 * A guest with an interrupt handler (virq or virq_gicv2, by the GIC), started
 * if START; on GICv2 the GIC's virtual CPU interface is mapped at GUEST_GICC.
 */
static bool virq_guest_new(struct guest *g, kauri_word_t timer_ticks, bool start)
{
	kauri_cptr_t gicv;

	if (env.bootinfo->gic_version != 2)
		return guest_new(g, CODE(virq), 0, timer_ticks, 0, start);
	CHECK(env.bootinfo->gic_vcpu_base != 0);
	if (!guest_new(g, CODE(virq_gicv2), 0, timer_ticks, GUEST_GICC, false))
		return false;
	gicv = device_frame_at(env.bootinfo->gic_vcpu_base);
	CHECK(gicv != 0);
	if (!gicv || map_frame(g->vspace, gicv, GUEST_GICC, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK)
		return false;
	return !start || kauri_tcb_resume(g->tcb) == KAURI_OK;
}

/* A virq guest past its "ready" HVC, or false where the kernel has no virtual CPU interface. */
static bool virq_guest(struct guest *g, kauri_word_t timer_ticks)
{
	if (!have_vcpus())
		return false;
	CHECK(virq_guest_new(g, timer_ticks, true));
	CHECK(next_exit(g) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(1) == 0);
	return true;
}

/* The next exit is HVC #1 from the guest's IRQ handler: the INTID it acknowledged. */
static kauri_word_t taken_irq(struct guest *g)
{
	kauri_word_t label = next_exit(g);

	CHECK(label == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(1) == 1);
	return label == KAURI_FAULT_VCPU_HVC ? kauri_get_mr(2) : ~0UL;
}

KERNEL_TEST(vcpu_virq_taken_by_guest_vector)
{
	struct guest g;

	if (!virq_guest(&g, 0))
		return;
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 40, VIRQ_PRIORITY, virq_group(), LR_ANY, 0));
	resume(ADVANCE, 0);
	CHECK(taken_irq(&g) == 40);
	CHECK(kauri_get_mr(2 + 3) == 1);		/* x3: one interrupt so far */
	/* Into a named list register, after the first was EOI'd. */
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 33, VIRQ_PRIORITY, virq_group(), 0, 0));
	resume(ADVANCE, 0);
	CHECK(taken_irq(&g) == 33);
	CHECK(kauri_get_mr(2 + 3) == 2);
}

/*
 * The maintenance interrupt is asynchronous: the guest may get as far as its
 * HVC #1 before it is taken (QEMU's GICv2 raises it after the MMIO EOI's
 * translation block), so the two exits may come in either order.
 */
KERNEL_TEST(vcpu_virq_level_eoi_is_maintenance_exit)
{
	struct guest g;
	bool maintenance = false, handled = false;

	if (!virq_guest(&g, 0))
		return;
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 41, VIRQ_PRIORITY, virq_group(), 2, KAURI_VCPU_IRQ_EOI_EXIT));
	resume(ADVANCE, 0);
	for (unsigned int i = 0; i < 2; i++) {
		kauri_word_t label = next_exit(&g);

		if (label == KAURI_FAULT_VCPU_VGIC_MAINTENANCE && !maintenance) {
			maintenance = true;
			CHECK(kauri_get_mr(1) == 2);		/* the list register */
			CHECK(kauri_get_mr(2) == 41);
			resume(ADVANCE, 0);			/* ignored: nothing to step over */
		} else if (label == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1 && !handled) {
			handled = true;
			CHECK(kauri_get_mr(2) == 41);
			resume(ADVANCE, 0);
		}
	}
	CHECK(maintenance && handled);
	/* The list register is free again. */
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 42, VIRQ_PRIORITY, virq_group(), 2, 0));
	CHECK(taken_irq(&g) == 42);
}

KERNEL_TEST(vcpu_virq_queue_beyond_list_registers)
{
	struct guest g;
	kauri_word_t seen = 0;
	unsigned int n = 0;
	enum kauri_error err;

	if (!virq_guest(&g, 0))
		return;
	/* Every list register and the whole queue, then one more. */
	while ((err = kauri_vcpu_inject_irq(g.vcpu, 100 + n, VIRQ_PRIORITY, virq_group(), LR_ANY, 0)) == KAURI_OK && n < 64)
		n++;
	CHECK(err == KAURI_NOT_ENOUGH_MEMORY);
	CHECK(n > KAURI_VCPU_IRQ_QUEUE && n <= KAURI_VCPU_IRQ_QUEUE + 16);
	CHECK_ERR(kauri_vcpu_inject_irq(g.vcpu, 100, VIRQ_PRIORITY, virq_group(), LR_ANY, 0), KAURI_DELETE_FIRST);
	resume(ADVANCE, 0);
	for (unsigned int i = 0; i < n; i++) {
		kauri_word_t virq = taken_irq(&g);

		CHECK(virq >= 100 && virq < 100 + n);
		if (virq >= 100 && virq < 100 + n)
			seen |= 1UL << (virq - 100);
		resume(ADVANCE, 0);
	}
	CHECK(seen == (n == 64 ? ~0UL : (1UL << n) - 1));
}

KERNEL_TEST(vcpu_list_registers_not_visible_to_another_guest)
{
	struct guest a, b;

	if (!virq_guest(&b, 0))
		return;
	/*
	 * A runs to its first exit with virq 50 pending in a list register (its
	 * IRQs still masked); A then waits for a reply it never gets, and B, with
	 * IRQs on, runs until its own virtual timer: it must not see 50.
	 */
	CHECK(virq_guest_new(&a, 0, false));
	CHECK_OK(kauri_vcpu_inject_irq(a.vcpu, 50, VIRQ_PRIORITY, virq_group(), LR_ANY, 0));
	CHECK_OK(kauri_tcb_resume(a.tcb));
	CHECK(next_exit(&a) == KAURI_FAULT_VCPU_HVC);
	CHECK(kauri_get_mr(1) == 0);
	CHECK(virq_guest_new(&b, env.bootinfo->timer_frequency / 200, true));
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_HVC);
	resume(ADVANCE, 0);
	CHECK(next_exit(&b) == KAURI_FAULT_VCPU_VPPI);	/* not virq 50 */
	CHECK(kauri_get_mr(1) == KAURI_VCPU_VTIMER_PPI);
}

KERNEL_TEST(vcpu_virtual_timer_vppi_inject_and_ack)
{
	struct guest g;

	if (!virq_guest(&g, env.bootinfo->timer_frequency / 1000))
		return;
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_VPPI);
	CHECK(kauri_get_mr(1) == KAURI_VCPU_VTIMER_PPI);
	/* The VMM injects what the guest sees: its handler takes 27 and switches the timer off. */
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, KAURI_VCPU_VTIMER_PPI, VIRQ_PRIORITY, virq_group(), LR_ANY, 0));
	resume(ADVANCE, 0);
	CHECK(taken_irq(&g) == KAURI_VCPU_VTIMER_PPI);
	CHECK_ERR(kauri_vcpu_ack_vppi(g.vcpu, 26), KAURI_RANGE_ERROR);
	CHECK_OK(kauri_vcpu_ack_vppi(g.vcpu, KAURI_VCPU_VTIMER_PPI));
	/* Unmasked, its timer off: the guest spins, and a new interrupt still arrives. */
	CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 60, VIRQ_PRIORITY, virq_group(), LR_ANY, 0));
	resume(ADVANCE, 0);
	CHECK(taken_irq(&g) == 60);
}

/*
 * The guest's timer expires while it waits for its VMM: the timer is not in the
 * CPU then, and fires as the guest is switched back in, before it runs an
 * instruction: a VPPI exit at the instruction after its HVC.
 */
KERNEL_TEST(vcpu_virtual_timer_fires_while_descheduled)
{
	struct guest g;
	kauri_word_t ctl = 0;

	if (!have_vcpus())
		return;
	CHECK(guest_new(&g, CODE(vtimer_armed), 0, env.bootinfo->timer_frequency / 1000, 0, true));
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_HVC);
	CHECK_OK(kauri_vcpu_read_register(g.vcpu, KAURI_VCPU_REG_CNTV_CTL, &ctl));
	CHECK((ctl & 1) == 1);				/* enabled, saved with the guest */
	spin_ms(3);					/* its deadline passes while it is out */
	resume(ADVANCE, 0);
	CHECK(next_exit(&g) == KAURI_FAULT_VCPU_VPPI);
	CHECK(kauri_get_mr(0) == GUEST_CODE + 5 * 4);	/* nothing past the HVC ran */
	CHECK(kauri_get_mr(1) == KAURI_VCPU_VTIMER_PPI);
	CHECK_OK(kauri_vcpu_read_register(g.vcpu, KAURI_VCPU_REG_CNTV_CTL, &ctl));
	CHECK((ctl & 5) == 5);				/* enabled, ISTATUS: the condition holds */
}

/*
 * A physical interrupt forwarded to a guest, seL4's way: the VMM holds the
 * line's IRQHandler (here PPI 27 of its own EL0 virtual timer, a stand-in for a
 * device), injects a virtual interrupt with EOI_EXIT, and acknowledges the
 * line when the guest's EOI comes back as a maintenance exit.
 */
KERNEL_TEST(vcpu_physical_irq_forwarded_to_guest)
{
	kauri_cptr_t handler = slot_alloc(), n = object_new(KAURI_NOTIFICATION, 0), badged = slot_alloc();
	struct guest g;

	if (!virq_guest(&g, 0))
		return;
	CHECK_OK(kauri_irq_control_get(KAURI_CAP_IRQ_CONTROL, KAURI_VCPU_VTIMER_PPI, ROOT_CNODE, handler, DEPTH));
	CHECK_OK(kauri_cnode_mint(ROOT_CNODE, badged, DEPTH, ROOT_CNODE, n, DEPTH, KAURI_ALL_RIGHTS, 0x5));
	CHECK_OK(kauri_irq_set_notification(handler, badged));
	for (unsigned int round = 0; round < 2; round++) {
		bool maintenance = false, handled = false;

		__asm__ volatile("msr cntv_tval_el0, %0; msr cntv_ctl_el0, %1; isb"
				 : : "r"(env.bootinfo->timer_frequency / 1000), "r"(1UL));
		CHECK(kauri_wait(n) == 0x5);		/* the device's line, masked by the kernel */
		CHECK_OK(kauri_vcpu_inject_irq(g.vcpu, 48, VIRQ_PRIORITY, virq_group(), LR_ANY,
					       KAURI_VCPU_IRQ_EOI_EXIT));
		resume(ADVANCE, 0);
		/* The EOI's exit and the handler's HVC #1, in either order; the guest waits after the second. */
		for (unsigned int i = 0; i < 2; i++) {
			kauri_word_t label = next_exit(&g);

			if (label == KAURI_FAULT_VCPU_VGIC_MAINTENANCE && kauri_get_mr(2) == 48 && !maintenance) {
				/* The guest is done with it: quiet the device, then open the line again. */
				maintenance = true;
				__asm__ volatile("msr cntv_ctl_el0, %0; isb" : : "r"(0UL));
				CHECK_OK(kauri_irq_ack(handler));
			} else if (label == KAURI_FAULT_VCPU_HVC && kauri_get_mr(1) == 1 && kauri_get_mr(2) == 48) {
				handled = true;
			}
			if (i == 0)
				resume(ADVANCE, 0);
		}
		CHECK(maintenance && handled);
	}
	CHECK(guest_register(&g, KAURI_TCB_REG_X0 + 3) == 2);	/* the guest took it twice */
}

KERNEL_TEST(vcpu_inject_bad_arguments)
{
	kauri_cptr_t t = object_new(KAURI_TCB, 0), v;

	CHECK_ERR(kauri_vcpu_inject_irq(t, 40, VIRQ_PRIORITY, virq_group(), LR_ANY, 0), KAURI_ILLEGAL_OPERATION);
	CHECK_ERR(kauri_vcpu_ack_vppi(ROOT_CNODE, KAURI_VCPU_VTIMER_PPI), KAURI_ILLEGAL_OPERATION);
	if (!have_vcpus())
		return;
	v = object_new(KAURI_VCPU, 0);
	CHECK_OK(kauri_vcpu_inject_irq(v, 40, VIRQ_PRIORITY, virq_group(), LR_ANY, 0));	/* both GICs: QEMU has their virtual interfaces */
	CHECK_ERR(kauri_vcpu_inject_irq(v, 1020, VIRQ_PRIORITY, virq_group(), LR_ANY, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_inject_irq(v, 41, 0x100, 1, LR_ANY, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_inject_irq(v, 41, VIRQ_PRIORITY, 2, LR_ANY, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_inject_irq(v, 41, VIRQ_PRIORITY, virq_group(), 16, 0), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_vcpu_inject_irq(v, 41, VIRQ_PRIORITY, virq_group(), LR_ANY, 2), KAURI_INVALID_ARGUMENT);
	CHECK_ERR(kauri_vcpu_inject_irq(v, 40, VIRQ_PRIORITY, virq_group(), LR_ANY, 0), KAURI_DELETE_FIRST);	/* twice */
	CHECK_ERR(kauri_vcpu_inject_irq(v, 41, VIRQ_PRIORITY, virq_group(), 0, 0), KAURI_DELETE_FIRST);	/* LR 0 holds 40 */
	CHECK_OK(kauri_vcpu_inject_irq(v, 41, VIRQ_PRIORITY, virq_group(), 1, 0));
}

/* While the kernel drives guests' list registers, the GIC maintenance PPI is its own. */
KERNEL_TEST(vcpu_maintenance_ppi_not_handed_out)
{
	kauri_cptr_t handler = slot_alloc();

	if (!have_vcpus()) {
		/* No guests: PPI 25 is an ordinary line. */
		CHECK_OK(kauri_irq_control_get(KAURI_CAP_IRQ_CONTROL, 25, ROOT_CNODE, handler, DEPTH));
		CHECK_OK(kauri_cnode_delete(ROOT_CNODE, handler, DEPTH));
		return;
	}
	CHECK_ERR(kauri_irq_control_get(KAURI_CAP_IRQ_CONTROL, 25, ROOT_CNODE, handler, DEPTH),
		  KAURI_ILLEGAL_OPERATION);
	CHECK(slot_empty(handler));
}
