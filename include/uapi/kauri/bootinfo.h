/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BootInfo: what the kernel tells the root server at start. The root server
 * starts at its ELF entry with x0 = the address of this frame and sp = the
 * top of its stack. Its CSpace is one CNode of 2^cnode_radix slots whose
 * guard makes a plain slot number a valid capability address (depth 64).
 */
#ifndef KAURI_BOOTINFO_H
#define KAURI_BOOTINFO_H

#include <stdint.h>

#define KAURI_BOOTINFO_MAGIC	0x4b41555249424931ULL	/* "KAURIBI1" */

/* The root server's fixed addresses (user virtual, 39-bit space). */
#define KAURI_ROOT_BOOTINFO	0x7f00000000ULL
#define KAURI_ROOT_IPC_BUFFER	0x7f00001000ULL
#define KAURI_ROOT_STACK_TOP	0x7f00100000ULL
#define KAURI_ROOT_STACK_PAGES	16
#define KAURI_ROOT_BOOTFS	0x7e00000000ULL	/* the bootfs image, read-only */

/* Slots of the root CNode that hold the initial capabilities. */
enum kauri_root_slot {
	KAURI_CAP_NULL = 0,
	KAURI_CAP_INIT_TCB = 1,		/* the root server's own TCB */
	KAURI_CAP_INIT_CNODE = 2,	/* its root CNode */
	KAURI_CAP_INIT_VSPACE = 3,	/* its VSpace (ASID 1) */
	KAURI_CAP_IRQ_CONTROL = 4,
	KAURI_CAP_ASID_CONTROL = 5,	/* makes further ASID pools */
	KAURI_CAP_IPC_BUFFER = 6,	/* the frame of its IPC buffer */
	KAURI_CAP_BOOTINFO_FRAME = 7,	/* the frame of this structure */
	KAURI_CAP_INIT_ASID_POOL = 8,	/* ASIDs 1-63 (1 is the root server's) */
	KAURI_CAP_MACHINE = 9,		/* the kernel console and the power switch */
	KAURI_NUM_INITIAL_CAPS = 10
};

#define KAURI_BOOTINFO_MAX_UNTYPED	230

struct kauri_untyped_desc {
	uint64_t paddr;
	uint8_t size_bits;
	uint8_t is_device;		/* MMIO: only frames (and untypeds) can be made of it */
	uint8_t pad[6];
};

/* BootInfo hwcaps bits (EL0 cannot read the ID registers itself). */
#define KAURI_HWCAP_SHA2	(1u << 0)	/* SHA256H, SHA256H2, SHA256SU0/1 */

/* [start, end) of a run of root CNode slots. */
struct kauri_slot_region {
	uint64_t start;
	uint64_t end;
};

struct kauri_bootinfo {
	uint64_t magic;
	uint32_t version;		/* 1 */
	uint32_t kernel_el;		/* exception level the kernel runs at: 1 or 2 */
	uint64_t ipc_buffer;		/* user address of the IPC buffer */
	uint64_t timer_frequency;	/* Hz of the generic timer */
	char board[32];			/* CONFIG_BOARD */
	uint32_t cnode_radix;		/* log2 of the root CNode's slots */
	uint32_t num_priorities;
	uint32_t kernel_timer_irq;	/* the INTID the kernel's tick uses (not available to IRQControl) */
	uint32_t irq_lines;		/* INTIDs 16 .. irq_lines-1 exist (0-15 are the kernel's) */
	uint32_t user_va_bits;		/* user addresses are below 2^user_va_bits (48, or 39 at EL2) */
	uint32_t hwcaps;		/* KAURI_HWCAP_*: what the CPU can do that user code may use */
	uint64_t bootfs;		/* user address of the bootfs image (kauri/bootfs.h), or 0 */
	uint64_t bootfs_size;		/* its size in bytes */
	struct kauri_slot_region empty;	/* free slots */
	struct kauri_slot_region untyped;	/* slots of the untyped capabilities */
	struct kauri_untyped_desc untyped_list[KAURI_BOOTINFO_MAX_UNTYPED];	/* in slot order */
	uint32_t gic_version;		/* the interrupt controller's architecture: 2 or 3 */
	uint32_t pad;
	uint64_t gic_vcpu_base;		/* GICv2 with virtualization: the physical address of the
					 * virtual CPU interface (GICV) a VMM maps at its guest's
					 * GICC; it is in a device untyped. 0 otherwise */
	struct kauri_slot_region bootfs_frames;	/* the bootfs as read-only 2 MiB frames, in order
						 * from its start (its last one zero-padded), for
						 * sharing large entries with apps without copying */
};

#endif
