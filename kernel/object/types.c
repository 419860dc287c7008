/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The object type table: for every capability type, its size, what makes two
 * capabilities name one object, how it is copied, invoked, finalised and (with
 * slots of its own) emptied; for every object type Untyped.Retype makes, its
 * size and capability. The rest of the kernel asks here instead of switching
 * on types.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <kernel/cte.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>

/* Reply, IRQ control and zombie capabilities are never copied. */
static struct cap derive_never(const struct cte *src, enum kauri_error *err)
{
	(void)src;
	*err = KAURI_ILLEGAL_OPERATION;
	return cap_null();
}

/* ---- new objects' capabilities, and how copies are derived */

static struct cap make_untyped(uint64_t pa, unsigned int size_bits, bool device)
{
	return cap_untyped(pa, size_bits, device, 0);
}

/* A copy would not know about memory already retyped through the original. */
static struct cap derive_untyped(const struct cte *src, enum kauri_error *err)
{
	if (cdt_has_children(src)) {
		*err = KAURI_REVOKE_FIRST;
		return cap_null();
	}
	return src->cap;
}

/* Two untypeds never retype the same memory: the copy has it now (seL4 does the same). */
static void untyped_copied(struct cte *src)
{
	struct cap ut = src->cap;

	src->cap = cap_untyped(cap_object_pa(ut), cap_untyped_size_bits(ut), cap_untyped_device(ut),
			       cap_object_size(ut));
}

static struct cap make_frame_4k(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	return cap_frame(pa, false, VM_READ | VM_WRITE | VM_EXEC, device);
}

static struct cap make_frame_2m(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	return cap_frame(pa, true, VM_READ | VM_WRITE | VM_EXEC, device);
}

/* A copy maps on its own: it starts unmapped. */
static struct cap derive_frame(const struct cte *src, enum kauri_error *err)
{
	(void)err;
	return cap_set_mapping(src->cap, false, 0, 0, 0);
}

static struct cap make_page_table(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	(void)device;
	return cap_page_table(pa);
}

/* Copies of a table in use only: an unmapped table must not be mapped twice. */
static struct cap derive_page_table(const struct cte *src, enum kauri_error *err)
{
	if (!cap_is_mapped(src->cap)) {
		*err = KAURI_ILLEGAL_OPERATION;
		return cap_null();
	}
	return src->cap;
}

static struct cap make_vspace(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	(void)device;
	return cap_vspace(pa, false, 0);	/* ASIDPool.Assign gives it an ASID */
}

/* Copies of a VSpace in use only: one without an ASID is assigned in place (asid_pool.c). */
static struct cap derive_vspace(const struct cte *src, enum kauri_error *err)
{
	if (!cap_vspace_assigned(src->cap)) {
		*err = KAURI_ILLEGAL_OPERATION;
		return cap_null();
	}
	return src->cap;
}

static struct cap make_cnode(uint64_t pa, unsigned int radix, bool device)
{
	(void)device;
	return cap_cnode(pa, radix, 0, 0);
}

static struct cap make_tcb(uint64_t pa, unsigned int unused, bool device)
{
	struct tcb *t = phys_to_virt(pa);

	(void)unused;
	(void)device;
	t->context.spsr = SPSR_EL0T;
	return cap_tcb(pa);
}

static struct cap make_endpoint(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	(void)device;
	return cap_ipc_object(CAP_ENDPOINT, pa, KAURI_ALL_RIGHTS, 0);
}

static struct cap make_notification(uint64_t pa, unsigned int unused, bool device)
{
	(void)unused;
	(void)device;
	return cap_ipc_object(CAP_NOTIFICATION, pa, KAURI_ALL_RIGHTS, 0);
}

#ifdef CONFIG_HYP
/* A fresh VCPU: MMU and caches off, and MPIDR_EL1 reads as CPU 0 (bit 31 is RES1). */
static struct cap make_vcpu(uint64_t pa, unsigned int unused, bool device)
{
	struct vcpu *v = phys_to_virt(pa);

	(void)unused;
	(void)device;
	v->regs[KAURI_VCPU_REG_SCTLR] = SCTLR_EL1_RES1;
	v->regs[KAURI_VCPU_REG_VMPIDR] = VMPIDR_EL2_RES1;
	return cap_vcpu(pa);
}
#endif

/* ---- sizes and slots */

static uint64_t untyped_size(struct cap c)
{
	return 1UL << cap_untyped_size_bits(c);
}

static uint64_t cnode_size(struct cap c)
{
	return 1UL << (cap_cnode_radix(c) + KAURI_SLOT_SIZE_BITS);
}

static uint64_t frame_size(struct cap c)
{
	return 1UL << (cap_frame_large(c) ? KAURI_FRAME_2M_SIZE_BITS : KAURI_FRAME_4K_SIZE_BITS);
}

static uint64_t cnode_slot_count(struct cap c)
{
	return 1UL << cap_cnode_radix(c);
}

static struct cte *cnode_slots(struct cap c)
{
	return phys_to_virt(cap_object_pa(c));
}

static uint64_t tcb_slot_count(struct cap c)
{
	(void)c;
	return TCB_NUM_SLOTS;
}

static struct cte *tcb_slots(struct cap c)
{
	return ((struct tcb *)phys_to_virt(cap_object_pa(c)))->slots;
}

static void tcb_gone(struct cap zombie)
{
	sched_forget(phys_to_virt(cap_object_pa(zombie)));
}

const struct object_type object_types[CAP_NUM_TYPES] = {
	[CAP_NULL] = { .name = "null", .derive = derive_never },
	[CAP_UNTYPED] = {
		.name = "untyped", .size = untyped_size, .identity_w0 = UNTYPED_IDENTITY,
		.derive = derive_untyped, .copied = untyped_copied, .copies_are_children = true,
		.decode = decode_untyped_invocation,
	},
	[CAP_ENDPOINT] = {
		.name = "endpoint", .size_bits = KAURI_ENDPOINT_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.badged = true, .finalise = finalise_endpoint,
	},
	[CAP_NOTIFICATION] = {
		.name = "notification", .size_bits = KAURI_NOTIFICATION_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.badged = true, .finalise = finalise_notification,
	},
	[CAP_REPLY] = { .name = "reply", .identity_w0 = PA_IDENTITY, .derive = derive_never, .removed = removed_reply },
	[CAP_CNODE] = {
		.name = "CNode", .size = cnode_size, .identity_w0 = CNODE_IDENTITY,
		.decode = decode_cnode_invocation, .slot_count = cnode_slot_count, .slots = cnode_slots,
	},
	[CAP_TCB] = {
		.name = "TCB", .size_bits = KAURI_TCB_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.decode = decode_tcb_invocation, .finalise = finalise_tcb, .slot_count = tcb_slot_count,
		.slots = tcb_slots, .gone = tcb_gone,
	},
	[CAP_FRAME] = {
		.name = "frame", .size = frame_size, .identity_w0 = FRAME_IDENTITY, .derive = derive_frame,
		.decode = decode_frame_invocation, .removed = removed_frame,
	},
	[CAP_PAGE_TABLE] = {
		.name = "page table", .size_bits = KAURI_PAGE_TABLE_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.derive = derive_page_table, .decode = decode_page_table_invocation, .finalise = finalise_page_table,
	},
	[CAP_VSPACE] = {
		.name = "VSpace", .size_bits = KAURI_VSPACE_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.derive = derive_vspace, .finalise = finalise_vspace, .removed = removed_address_space,
	},
	[CAP_ASID_CONTROL] = { .name = "ASID control", .decode = decode_asid_control_invocation },
	[CAP_ASID_POOL] = {
		.name = "ASID pool", .size_bits = KAURI_ASID_POOL_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.decode = decode_asid_pool_invocation, .finalise = finalise_asid_pool, .removed = removed_address_space,
	},
	[CAP_IRQ_CONTROL] = {
		.name = "IRQ control", .derive = derive_never, .decode = decode_irq_control_invocation,
		.parents = CAP_IRQ_HANDLER,
	},
	[CAP_IRQ_HANDLER] = {
		.name = "IRQ handler", .identity_w1 = IRQ_HANDLER_IDENTITY_W1, .decode = decode_irq_handler_invocation,
		.finalise = finalise_irq_handler,
	},
	/* A CNode or TCB being deleted: cdt.c and cspace.c know it; nothing else may touch it. */
	[CAP_ZOMBIE] = { .name = "zombie", .derive = derive_never },
	[CAP_MACHINE] = { .name = "machine", .decode = decode_machine_invocation },
#ifdef CONFIG_HYP
	[CAP_VCPU] = {
		.name = "VCPU", .size_bits = KAURI_VCPU_SIZE_BITS, .identity_w0 = PA_IDENTITY,
		.decode = decode_vcpu_invocation, .finalise = finalise_vcpu,
	},
#endif
};

static int untyped_size_bits(unsigned int bits)
{
	return bits >= KAURI_MIN_UNTYPED_BITS && bits <= KAURI_MAX_UNTYPED_BITS ? (int)bits : -1;
}

static int cnode_size_bits(unsigned int radix)
{
	return radix >= 1 && radix <= KAURI_MAX_CNODE_RADIX ? (int)(radix + KAURI_SLOT_SIZE_BITS) : -1;
}

#define FIXED_SIZE(name, bits) \
	static int name(unsigned int unused) { (void)unused; return bits; }
FIXED_SIZE(tcb_size_bits, KAURI_TCB_SIZE_BITS)
FIXED_SIZE(endpoint_size_bits, KAURI_ENDPOINT_SIZE_BITS)
FIXED_SIZE(notification_size_bits, KAURI_NOTIFICATION_SIZE_BITS)
FIXED_SIZE(frame_4k_size_bits, KAURI_FRAME_4K_SIZE_BITS)
FIXED_SIZE(frame_2m_size_bits, KAURI_FRAME_2M_SIZE_BITS)
FIXED_SIZE(page_table_size_bits, KAURI_PAGE_TABLE_SIZE_BITS)
FIXED_SIZE(vspace_size_bits, KAURI_VSPACE_SIZE_BITS)
#ifdef CONFIG_HYP
FIXED_SIZE(vcpu_size_bits, KAURI_VCPU_SIZE_BITS)
#endif

const struct retype_type retype_types[KAURI_NUM_OBJECT_TYPES] = {
	[KAURI_UNTYPED] = { untyped_size_bits, make_untyped, true },
	[KAURI_TCB] = { tcb_size_bits, make_tcb, false },
	[KAURI_ENDPOINT] = { endpoint_size_bits, make_endpoint, false },
	[KAURI_NOTIFICATION] = { notification_size_bits, make_notification, false },
	[KAURI_CNODE] = { cnode_size_bits, make_cnode, false },
	[KAURI_FRAME_4K] = { frame_4k_size_bits, make_frame_4k, true },
	[KAURI_FRAME_2M] = { frame_2m_size_bits, make_frame_2m, true },
	[KAURI_PAGE_TABLE] = { page_table_size_bits, make_page_table, false },
	[KAURI_VSPACE] = { vspace_size_bits, make_vspace, false },
#ifdef CONFIG_HYP
	[KAURI_VCPU] = { vcpu_size_bits, make_vcpu, false },	/* a build without EL2 has no VCPU type */
#endif
};
