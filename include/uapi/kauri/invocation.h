/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Invocation labels: the label of the message sent (Call) to a capability
 * selects the operation. Arguments are message registers (MR) in order, and
 * capability arguments are the extra caps; the reply's label is an
 * enum kauri_error (0 = success) and its MRs carry results or error detail.
 */
#ifndef KAURI_INVOCATION_H
#define KAURI_INVOCATION_H

#include <uapi/kauri/types.h>

enum kauri_invocation_label {
	KAURI_INVALID_INVOCATION = 0,

	/*
	 * Untyped.Retype  MR0 type, MR1 size_bits (UNTYPED, CNODE), MR2 node index,
	 * MR3 node depth, MR4 node offset, MR5 count; cap0 = CNode root for the
	 * destination. Creates COUNT objects in consecutive empty slots.
	 */
	KAURI_UNTYPED_RETYPE = 1,

	/* CNode operations: MR0 index, MR1 depth of the destination (in the invoked CNode). */
	KAURI_CNODE_REVOKE = 10,	/* MR0 index, MR1 depth */
	KAURI_CNODE_DELETE = 11,	/* MR0 index, MR1 depth */
	KAURI_CNODE_CANCEL_BADGED_SENDS = 12,
	KAURI_CNODE_COPY = 13,		/* MR0/1 dest, MR2/3 src index/depth, MR4 rights; cap0 src root */
	KAURI_CNODE_MINT = 14,		/* as Copy, MR5 badge (endpoint/notification) or guard (CNode) */
	KAURI_CNODE_MOVE = 15,		/* MR0/1 dest, MR2/3 src; cap0 src root */
	KAURI_CNODE_MUTATE = 16,	/* as Move, MR4 new badge/guard */
	KAURI_CNODE_ROTATE = 17,

	/* TCB operations. */
	KAURI_TCB_READ_REGISTERS = 20,	/* MR0 suspend?, MR1 count -> registers in MRs */
	KAURI_TCB_WRITE_REGISTERS = 21,	/* MR0 resume?, MR1 count, MR2.. registers */
	KAURI_TCB_CONFIGURE = 22,	/* MR0 fault ep cptr, MR1 cspace guard data, MR2 ipc buffer addr;
					   cap0 cspace root, cap1 vspace root, cap2 ipc buffer frame */
	KAURI_TCB_SET_PRIORITY = 23,	/* MR0 priority; cap0 authority TCB */
	KAURI_TCB_SET_MC_PRIORITY = 24,	/* MR0 maximum controlled priority; cap0 authority TCB */
	KAURI_TCB_RESUME = 25,
	KAURI_TCB_SUSPEND = 26,
	KAURI_TCB_BIND_NOTIFICATION = 27, /* cap0 notification */
	KAURI_TCB_UNBIND_NOTIFICATION = 28,
	KAURI_TCB_SET_NAME = 29,	/* MR0 length, MR1.. the name (kauri_call_text's packing) */

	/* IRQ control and handlers. */
	KAURI_IRQ_CONTROL_GET = 40,	/* MR0 INTID, MR1/2 dest index/depth; cap0 dest root */
	KAURI_IRQ_ACK = 41,
	KAURI_IRQ_SET_NOTIFICATION = 42, /* cap0 notification */
	KAURI_IRQ_CLEAR = 43,

	/* Frames and page tables. */
	KAURI_FRAME_MAP = 50,		/* MR0 vaddr, MR1 rights; cap0 vspace */
	KAURI_FRAME_UNMAP = 51,
	KAURI_FRAME_GET_ADDRESS = 52,	/* -> MR0 physical address */
	KAURI_PAGE_TABLE_MAP = 53,	/* MR0 vaddr; cap0 vspace */
	KAURI_PAGE_TABLE_UNMAP = 54,
	/* ASIDControl.MakePool  MR0 index, MR1 depth; cap0 CNode root, cap1 a 4 KiB untyped (used up) */
	KAURI_ASID_CONTROL_MAKE_POOL = 55,
	/*
	 * ASIDPool.Assign  cap0 a VSpace without an ASID: it gets one of the pool's 64; MR0
	 * (optional) KAURI_ASID_GUEST makes it a guest's (CONFIG_HYP): it may map frames
	 * writable and executable, and a thread runs in it only while bound to a VCPU (for
	 * any other it is no address space: every access faults).
	 */
	KAURI_ASID_POOL_ASSIGN = 56,

	/*
	 * The machine capability (the root server's, slot KAURI_CAP_MACHINE): the
	 * kernel console and the power switch, which no other thread can reach.
	 */
	KAURI_MACHINE_WRITE = 60,	/* MR0 length (<= KAURI_MACHINE_WRITE_MAX), MR1.. the bytes */
	KAURI_MACHINE_POWER_OFF = 61,	/* MR0 status: ends the run (QEMU exits with it) */
	/*
	 * MR0 0: check the kernel's invariants now; 1: now and after every system
	 * call from now on; 2: no longer after every call. A violation stops the
	 * system with its name; the reply's MR0 says how many capabilities the
	 * check walked. Illegal without CONFIG_KERNEL_INVARIANTS.
	 */
	KAURI_MACHINE_CHECK_INVARIANTS = 62,
	/*
	 * Resets the machine through PSCI SYSTEM_RESET (the device tree's /psci conduit): the
	 * firmware (QEMU) starts the board again from reset. KAURI_ILLEGAL_OPERATION when the device
	 * tree gives no PSCI the kernel can call; it does not return otherwise.
	 */
	KAURI_MACHINE_RESET = 63,
	/*
	 * The watchdog: MR0 a timeout in milliseconds (1 to KAURI_WATCHDOG_MAX_MS) arms it, or
	 * moves its deadline that far from now (a pet); 0 disarms it. When the kernel's tick finds
	 * the deadline passed, it resets the machine as KAURI_MACHINE_RESET does: a system that
	 * hangs, so that whoever pets it never runs, is reset. KAURI_ILLEGAL_OPERATION without a
	 * PSCI the kernel can call, KAURI_RANGE_ERROR past the maximum.
	 */
	KAURI_MACHINE_WATCHDOG = 64,

	/*
	 * VCPUs (CONFIG_HYP). SetTCB binds a TCB (cap0), which then runs at EL1 in
	 * its VSpace as a guest; either side's earlier binding ends first.
	 * UnbindTCB ends the binding. Read/WriteRegister: MR0 a KAURI_VCPU_REG_*
	 * number (MR1 the value to write) -> MR0 the value read.
	 */
	KAURI_VCPU_SET_TCB = 70,	/* cap0 TCB */
	KAURI_VCPU_UNBIND_TCB = 71,
	KAURI_VCPU_READ_REGISTER = 72,	/* MR0 register -> MR0 value */
	KAURI_VCPU_WRITE_REGISTER = 73,	/* MR0 register, MR1 value */
	/*
	 * InjectIRQ: MR0 the virtual INTID (0-1019), MR1 its priority (0-255),
	 * MR2 its group (0 or 1), MR3 a list register (below the number the
	 * GIC has) or KAURI_VCPU_LR_ANY, MR4 (optional) KAURI_VCPU_IRQ_* flags.
	 * With LR_ANY and every list register in use, the interrupt waits in the
	 * VCPU's queue (KAURI_VCPU_IRQ_QUEUE entries) for the next free one.
	 * AckVPPI: MR0 the PPI of a KAURI_FAULT_VCPU_VPPI exit, unmasked again.
	 */
	KAURI_VCPU_INJECT_IRQ = 74,
	KAURI_VCPU_ACK_VPPI = 75,	/* MR0 the PPI (27, the virtual timer) */
	/* SetWFx: what the guest's WFI (MR0) and WFE (MR1) do, KAURI_VCPU_WFX_* each. */
	KAURI_VCPU_SET_WFX = 76,
};

/* SetWFx modes. */
enum kauri_vcpu_wfx_mode {
	KAURI_VCPU_WFX_EXIT = 0,	/* a KAURI_FAULT_VCPU_WFX exit to the VMM (a fresh VCPU's) */
	KAURI_VCPU_WFX_YIELD = 1,	/* the kernel steps past it and yields the CPU: no exit */
	KAURI_VCPU_WFX_WAIT = 2,	/* not trapped: the CPU waits for an interrupt, virtual or physical */
	KAURI_VCPU_WFX_MODES = 3
};

#define KAURI_ASID_GUEST	1u	/* ASIDPool.Assign: a guest's VSpace (stage 2 for a VCPU's thread) */
#define KAURI_VCPU_LR_ANY	0xffu	/* InjectIRQ: the first free list register, or the queue */
#define KAURI_VCPU_IRQ_QUEUE	16	/* virtual interrupts a VCPU holds beyond its list registers */
/* InjectIRQ flags: a level interrupt whose EOI by the guest is a KAURI_FAULT_VCPU_VGIC_MAINTENANCE exit. */
#define KAURI_VCPU_IRQ_EOI_EXIT	1u
#define KAURI_VCPU_VTIMER_PPI	27	/* the EL1 virtual timer's PPI, the only VPPI */

/* VCPU register numbers: the guest's EL1 (and EL0-visible) system registers the kernel switches. */
enum kauri_vcpu_reg {
	KAURI_VCPU_REG_SCTLR = 0,
	KAURI_VCPU_REG_TTBR0 = 1,
	KAURI_VCPU_REG_TTBR1 = 2,
	KAURI_VCPU_REG_TCR = 3,
	KAURI_VCPU_REG_MAIR = 4,
	KAURI_VCPU_REG_AMAIR = 5,
	KAURI_VCPU_REG_VBAR = 6,
	KAURI_VCPU_REG_CONTEXTIDR = 7,
	KAURI_VCPU_REG_TPIDR_EL0 = 8,	/* while bound: the TCB's TPIDR_EL0 (TCB register 34) */
	KAURI_VCPU_REG_TPIDR_EL1 = 9,
	KAURI_VCPU_REG_TPIDRRO_EL0 = 10,
	KAURI_VCPU_REG_SP_EL1 = 11,
	KAURI_VCPU_REG_ELR_EL1 = 12,
	KAURI_VCPU_REG_SPSR_EL1 = 13,
	KAURI_VCPU_REG_ESR_EL1 = 14,
	KAURI_VCPU_REG_FAR_EL1 = 15,
	KAURI_VCPU_REG_AFSR0 = 16,
	KAURI_VCPU_REG_AFSR1 = 17,
	KAURI_VCPU_REG_PAR = 18,
	KAURI_VCPU_REG_CPACR = 19,
	KAURI_VCPU_REG_CNTKCTL = 20,
	KAURI_VCPU_REG_CNTV_CTL = 21,
	KAURI_VCPU_REG_CNTV_CVAL = 22,
	KAURI_VCPU_REG_CNTVOFF = 23,
	KAURI_VCPU_REG_VMPIDR = 24,	/* what the guest reads as MPIDR_EL1 */
	KAURI_VCPU_NUM_REGS
};

/* Machine.Write: one write of at most this many bytes (119 message registers of text). */
#define KAURI_WATCHDOG_MAX_MS	(24UL * 3600 * 1000)	/* a day */
#define KAURI_MACHINE_WRITE_MAX	((KAURI_MSG_MAX_LENGTH - 1) * 8)
#define KAURI_INVARIANTS_NOW		0
#define KAURI_INVARIANTS_EVERY_CALL	1
#define KAURI_INVARIANTS_OFF		2

/* TCB.ReadRegisters/WriteRegisters numbering: pc, sp, spsr, x0..x30, tpidr_el0. */
#define KAURI_TCB_REG_PC	0
#define KAURI_TCB_REG_SP	1
#define KAURI_TCB_REG_SPSR	2
#define KAURI_TCB_REG_X0	3
#define KAURI_TCB_REG_TPIDR	34
#define KAURI_TCB_REG_COUNT	35

/* Frame.Map rights (MR1): read is required, write never comes with execute. */
#define KAURI_VM_READ		1u
#define KAURI_VM_WRITE		2u
#define KAURI_VM_EXEC		4u

#endif
