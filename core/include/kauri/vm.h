/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the root server gives an app whose manifest entry has a vm node (a VMM,
 * CONFIG_VMM): its guest, made from the app's own pool, and the vm node's
 * settings and files. The VMM holds nothing else of the system's: the guest's
 * RAM it makes itself from its 2 MiB untyped budget, maps into its own VSpace
 * and into the guest's (stage 2), and loads from the files below.
 */
#ifndef KAURI_VM_H
#define KAURI_VM_H

#include <stdint.h>

/*
 * A VMM's CNode is larger than other apps' (KAURI_APP_CNODE_RADIX): every 2 MiB page of guest
 * RAM takes two slots (its mapping in the VMM and in the guest), 4 GiB of it 4096. Slot numbers
 * are still addresses (depth 64).
 */
#define KAURI_VM_CNODE_RADIX	13

/* Capability slots of a VMM's CNode (beside those of <kauri/app.h>, before KAURI_APP_FIRST_FREE). */
enum kauri_vm_slot {
	KAURI_VM_CAP_GUEST_TCB = 5,	/* the guest's thread, bound to the VCPU; not started */
	KAURI_VM_CAP_GUEST_VCPU = 6,	/* its VCPU */
	KAURI_VM_CAP_GUEST_VSPACE = 7,	/* its stage-2 address space (an ASID of its own), empty */
	KAURI_VM_CAP_GUEST_EXITS = 8,	/* the endpoint its exits arrive at (the guest TCB's fault endpoint) */
	KAURI_VM_CAP_GICV = 9,		/* GICv2: the virtual CPU interface frame (map it at the guest's GICC); else empty */
	KAURI_VM_CAP_GICV_2 = 10,	/* GICv2: its second 4 KiB page (GICC is 8 KiB) */
};

/* The vm node, read-only at KAURI_APP_VM; the files follow at the offsets given, each 2 MiB-aligned. */
#define KAURI_APP_VM		0x7200000000ULL
#define KAURI_VM_INFO_MAGIC	0x4b41555249564d31ULL	/* "KAURIVM1" */
#define KAURI_VM_MAX_DISKS	5
#define KAURI_VM_BOOTARGS_MAX	2048	/* with the NUL */
#define KAURI_VM_NAME_MAX	64	/* channel names, with the NUL */

struct kauri_vm_file {
	uint64_t offset;	/* from KAURI_APP_VM; 0 = no such file */
	uint64_t size;		/* bytes */
};

/*
 * A disk is an image (file) or a storage partition (partition), never both. The VMM opens a
 * partition itself on kos_block_protocol (kauri/block.h), with the rights the manifest gives it.
 */
struct kauri_vm_disk {
	struct kauri_vm_file file;	/* the image; mapped writable unless read_only (a copy of the release's); offset 0 for a partition */
	uint32_t read_only;
	uint32_t pad;
	char name[KAURI_VM_NAME_MAX];	/* the disk node's name */
	char partition[KAURI_VM_NAME_MAX];	/* the partition's GPT name, or "" for an image */
};

struct kauri_vm_info {
	uint64_t magic;
	uint32_t ram_mb;		/* guest RAM to make, from the 2 MiB budget */
	uint32_t gic_version;		/* 2 or 3: the distributor (and GICv3 redistributor) to emulate */
	uint64_t gic_vcpu_base;		/* GICv2: physical address of GICV (KAURI_VM_CAP_GICV), else 0 */
	uint32_t console;		/* 1: a virtio-console, whose lines are the app's lines */
	uint32_t ndisks;
	struct kauri_vm_file kernel;	/* the arm64 Image */
	struct kauri_vm_file initrd;	/* offset 0: none */
	struct kauri_vm_disk disk[KAURI_VM_MAX_DISKS];
	char net_tx[KAURI_VM_NAME_MAX];	/* virtio-net: the channel frames leave on ("" = no virtio-net) */
	char net_rx[KAURI_VM_NAME_MAX];	/* and the one they arrive on */
	char bootargs[KAURI_VM_BOOTARGS_MAX];	/* the kernel command line ("" = none) */
};

#endif
