/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Capabilities: two 64-bit words. Every layout is defined here and only here,
 * with named shifts and masks beside each type's constructor; the rest of the
 * kernel uses the accessors. Word 0 always starts with the type, bits [63:59].
 * Objects are named by physical address, 40 bits (memory above 1 TiB is never
 * handed out).
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include <stdbool.h>
#include <stdint.h>

enum cap_type {
	CAP_NULL = 0,
	CAP_UNTYPED,
	CAP_ENDPOINT,
	CAP_NOTIFICATION,
	CAP_REPLY,
	CAP_CNODE,
	CAP_TCB,
	CAP_FRAME,
	CAP_PAGE_TABLE,
	CAP_VSPACE,
	CAP_ASID_CONTROL,
	CAP_ASID_POOL,
	CAP_IRQ_CONTROL,
	CAP_IRQ_HANDLER,
	CAP_ZOMBIE,
	CAP_MACHINE,
	CAP_VCPU,			/* only made with CONFIG_HYP */
	CAP_NUM_TYPES
};

struct cap {
	uint64_t w0;
	uint64_t w1;
};

#define CAP_TYPE_SHIFT		59
#define CAP_PA_MASK		((1UL << 40) - 1)
#define CAP_PA_LIMIT		(1UL << 40)

static inline enum cap_type cap_type(struct cap c)
{
	return (enum cap_type)(c.w0 >> CAP_TYPE_SHIFT);
}

static inline bool cap_is_null(struct cap c)
{
	return cap_type(c) == CAP_NULL;
}

static inline struct cap cap_null(void)
{
	return (struct cap){ 0, 0 };
}

/* The physical address of the object (types that have one). */
static inline uint64_t cap_object_pa(struct cap c)
{
	return c.w0 & CAP_PA_MASK;
}

static inline uint64_t field(uint64_t word, unsigned int shift, unsigned int bits)
{
	return (word >> shift) & ((1UL << bits) - 1);
}

static inline uint64_t make_w0(enum cap_type type, uint64_t pa)
{
	return (uint64_t)type << CAP_TYPE_SHIFT | (pa & CAP_PA_MASK);
}

/* ---- untyped: w0 pa | size_bits[45:40] | device[46]; w1 free_index */
#define UNTYPED_SIZE_SHIFT	40
#define UNTYPED_DEVICE_SHIFT	46

/* Identity: the fields two capabilities to one object share (object_type's identity_w0/w1). */
#define PA_IDENTITY		CAP_PA_MASK
#define UNTYPED_IDENTITY	(CAP_PA_MASK | 0x3fUL << UNTYPED_SIZE_SHIFT)

static inline struct cap cap_untyped(uint64_t pa, unsigned int size_bits, bool device, uint64_t free_index)
{
	return (struct cap){ make_w0(CAP_UNTYPED, pa) | (uint64_t)size_bits << UNTYPED_SIZE_SHIFT |
			     (uint64_t)device << UNTYPED_DEVICE_SHIFT, free_index };
}
static inline unsigned int cap_untyped_size_bits(struct cap c) { return field(c.w0, UNTYPED_SIZE_SHIFT, 6); }
static inline bool cap_untyped_device(struct cap c) { return field(c.w0, UNTYPED_DEVICE_SHIFT, 1); }
static inline uint64_t cap_untyped_free_index(struct cap c) { return c.w1; }

/* ---- endpoint / notification: w0 pa | rights[43:40]; w1 badge */
#define IPC_RIGHTS_SHIFT	40

static inline struct cap cap_ipc_object(enum cap_type type, uint64_t pa, unsigned int rights, uint64_t badge)
{
	return (struct cap){ make_w0(type, pa) | (uint64_t)(rights & 0xf) << IPC_RIGHTS_SHIFT, badge };
}
static inline unsigned int cap_rights(struct cap c) { return field(c.w0, IPC_RIGHTS_SHIFT, 4); }
static inline uint64_t cap_badge(struct cap c) { return c.w1; }

/* ---- reply: w0 tcb pa | can_grant[40] */
#define REPLY_GRANT_SHIFT	40

static inline struct cap cap_reply(uint64_t tcb_pa, bool can_grant)
{
	return (struct cap){ make_w0(CAP_REPLY, tcb_pa) | (uint64_t)can_grant << REPLY_GRANT_SHIFT, 0 };
}
static inline bool cap_reply_can_grant(struct cap c) { return field(c.w0, REPLY_GRANT_SHIFT, 1); }

/* ---- cnode: w0 pa | radix[45:40]; w1 guard[57:0] | guard_size[63:58] */
#define CNODE_RADIX_SHIFT	40
#define CNODE_GUARD_SIZE_SHIFT	58
#define CNODE_GUARD_MASK	((1UL << 58) - 1)

#define CNODE_IDENTITY		(CAP_PA_MASK | 0x3fUL << CNODE_RADIX_SHIFT)

static inline struct cap cap_cnode(uint64_t pa, unsigned int radix, uint64_t guard, unsigned int guard_size)
{
	return (struct cap){ make_w0(CAP_CNODE, pa) | (uint64_t)radix << CNODE_RADIX_SHIFT,
			     (guard & CNODE_GUARD_MASK) | (uint64_t)guard_size << CNODE_GUARD_SIZE_SHIFT };
}
static inline unsigned int cap_cnode_radix(struct cap c) { return field(c.w0, CNODE_RADIX_SHIFT, 6); }
static inline uint64_t cap_cnode_guard(struct cap c) { return c.w1 & CNODE_GUARD_MASK; }
static inline unsigned int cap_cnode_guard_size(struct cap c) { return field(c.w1, CNODE_GUARD_SIZE_SHIFT, 6); }

/* ---- tcb: w0 pa */
static inline struct cap cap_tcb(uint64_t pa)
{
	return (struct cap){ make_w0(CAP_TCB, pa), 0 };
}

/*
 * ---- frame: w0 pa | large[40] | rights[43:41] (VM_READ/WRITE/EXEC) | device[44] | mapped[45];
 *             w1 mapped vaddr[47:0] | asid[63:48]
 * ---- page table: w0 pa | level[41:40] | mapped[45]; w1 as frame
 * ---- vspace: w0 pa | asid_assigned[45]; w1 asid[15:0]
 */
#define FRAME_LARGE_SHIFT	40
#define FRAME_RIGHTS_SHIFT	41
#define FRAME_DEVICE_SHIFT	44
#define MAPPED_SHIFT		45
#define PT_LEVEL_SHIFT		40
#define MAP_VADDR_BITS		48
#define MAP_ASID_SHIFT		48

#define FRAME_IDENTITY		(CAP_PA_MASK | 1UL << FRAME_LARGE_SHIFT)

static inline struct cap cap_frame(uint64_t pa, bool large, unsigned int rights, bool device)
{
	return (struct cap){ make_w0(CAP_FRAME, pa) | (uint64_t)large << FRAME_LARGE_SHIFT |
			     (uint64_t)(rights & 7) << FRAME_RIGHTS_SHIFT | (uint64_t)device << FRAME_DEVICE_SHIFT, 0 };
}
static inline bool cap_frame_large(struct cap c) { return field(c.w0, FRAME_LARGE_SHIFT, 1); }
static inline unsigned int cap_frame_rights(struct cap c) { return field(c.w0, FRAME_RIGHTS_SHIFT, 3); }
static inline bool cap_frame_device(struct cap c) { return field(c.w0, FRAME_DEVICE_SHIFT, 1); }

static inline struct cap cap_page_table(uint64_t pa)
{
	return (struct cap){ make_w0(CAP_PAGE_TABLE, pa), 0 };
}

static inline bool cap_is_mapped(struct cap c) { return field(c.w0, MAPPED_SHIFT, 1); }
static inline uint64_t cap_mapped_vaddr(struct cap c) { return field(c.w1, 0, MAP_VADDR_BITS); }
static inline unsigned int cap_mapped_asid(struct cap c) { return field(c.w1, MAP_ASID_SHIFT, 16); }
static inline unsigned int cap_pt_level(struct cap c) { return field(c.w0, PT_LEVEL_SHIFT, 2); }

static inline struct cap cap_set_mapping(struct cap c, bool mapped, uint64_t vaddr, unsigned int asid,
					 unsigned int level)
{
	c.w0 &= ~(1UL << MAPPED_SHIFT);
	if (cap_type(c) == CAP_PAGE_TABLE)
		c.w0 = (c.w0 & ~(3UL << PT_LEVEL_SHIFT)) | (uint64_t)(level & 3) << PT_LEVEL_SHIFT;
	c.w0 |= (uint64_t)mapped << MAPPED_SHIFT;
	c.w1 = mapped ? (vaddr & ((1UL << MAP_VADDR_BITS) - 1)) | (uint64_t)asid << MAP_ASID_SHIFT : 0;
	return c;
}

static inline struct cap cap_vspace(uint64_t pa, bool assigned, unsigned int asid)
{
	return (struct cap){ make_w0(CAP_VSPACE, pa) | (uint64_t)assigned << MAPPED_SHIFT, asid };
}
static inline bool cap_vspace_assigned(struct cap c) { return field(c.w0, MAPPED_SHIFT, 1); }
static inline unsigned int cap_vspace_asid(struct cap c) { return (unsigned int)(c.w1 & 0xffff); }

/* ---- irq control: no fields; irq handler: w1 INTID */
static inline struct cap cap_irq_control(void)
{
	return (struct cap){ make_w0(CAP_IRQ_CONTROL, 0), 0 };
}
static inline struct cap cap_irq_handler(unsigned int intid)
{
	return (struct cap){ make_w0(CAP_IRQ_HANDLER, 0), intid };
}
static inline unsigned int cap_irq_intid(struct cap c) { return (unsigned int)c.w1; }
#define IRQ_HANDLER_IDENTITY_W1	(~0UL)

/* ---- vcpu: w0 pa */
static inline struct cap cap_vcpu(uint64_t pa)
{
	return (struct cap){ make_w0(CAP_VCPU, pa), 0 };
}

/* ---- machine: no fields; the authority over the kernel console and the power switch */
static inline struct cap cap_machine(void)
{
	return (struct cap){ make_w0(CAP_MACHINE, 0), 0 };
}

static inline struct cap cap_asid_control(void)
{
	return (struct cap){ make_w0(CAP_ASID_CONTROL, 0), 0 };
}

/* ---- ASID pool: w0 pa of its (4 KiB) object; w1 the pool's number (ASIDs number*64 ..) */
static inline struct cap cap_asid_pool(uint64_t pa, unsigned int pool)
{
	return (struct cap){ make_w0(CAP_ASID_POOL, pa), pool };
}
static inline unsigned int cap_asid_pool_number(struct cap c) { return (unsigned int)c.w1; }

/*
 * ---- zombie: an object (CNode or TCB) whose last capability is being deleted
 * and whose own slots are being emptied. w0 pa | tcb[40] | remaining[63..]?:
 *   w0: pa[39:0] is_tcb[40] remaining_lo[58:41] (18 bits)
 *   w1: parent slot pa[39:0] remaining_hi[51:40] (12 bits) has_parent[52]
 */
#define ZOMBIE_TCB_SHIFT	40
#define ZOMBIE_REM_LO_SHIFT	41
#define ZOMBIE_REM_LO_BITS	18
#define ZOMBIE_REM_HI_SHIFT	40
#define ZOMBIE_REM_HI_BITS	12
#define ZOMBIE_PARENT_SHIFT	52

static inline struct cap cap_zombie(uint64_t pa, bool is_tcb, uint64_t remaining, uint64_t parent_pa,
				    bool has_parent)
{
	return (struct cap){
		make_w0(CAP_ZOMBIE, pa) | (uint64_t)is_tcb << ZOMBIE_TCB_SHIFT |
			(remaining & ((1UL << ZOMBIE_REM_LO_BITS) - 1)) << ZOMBIE_REM_LO_SHIFT,
		(parent_pa & CAP_PA_MASK) |
			((remaining >> ZOMBIE_REM_LO_BITS) & ((1UL << ZOMBIE_REM_HI_BITS) - 1)) << ZOMBIE_REM_HI_SHIFT |
			(uint64_t)has_parent << ZOMBIE_PARENT_SHIFT,
	};
}
static inline bool cap_zombie_is_tcb(struct cap c) { return field(c.w0, ZOMBIE_TCB_SHIFT, 1); }
static inline uint64_t cap_zombie_remaining(struct cap c)
{
	return field(c.w0, ZOMBIE_REM_LO_SHIFT, ZOMBIE_REM_LO_BITS) |
	       field(c.w1, ZOMBIE_REM_HI_SHIFT, ZOMBIE_REM_HI_BITS) << ZOMBIE_REM_LO_BITS;
}
static inline bool cap_zombie_has_parent(struct cap c) { return field(c.w1, ZOMBIE_PARENT_SHIFT, 1); }
static inline uint64_t cap_zombie_parent_pa(struct cap c) { return c.w1 & CAP_PA_MASK; }

#endif
