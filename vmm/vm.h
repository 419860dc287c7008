/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one microVM a VMM runs: its guest-physical address map (QEMU virt's, so a stock Debian
 * arm64 kernel finds everything where it looks), its state, and how the app ends.
 */
#ifndef VMM_VM_H
#define VMM_VM_H

#include <stdbool.h>
#include <stdint.h>
#include <kauri/vm.h>
#include "devices.h"
#include "guest_memory.h"
#include "guest_ram.h"
#include "vgic_distributor.h"

/* Guest-physical addresses, as on QEMU's virt machine. */
#define GUEST_GICD_IPA		0x08000000ull
#define GUEST_GICC_IPA		0x08010000ull	/* GICv2: where the GICV frame is mapped */
#define GUEST_GICC_SIZE		0x2000ull	/* two pages: KAURI_VM_CAP_GICV and _GICV_2 */
#define GUEST_GICR_IPA		0x080a0000ull	/* GICv3: the one redistributor */
#define GUEST_VIRTIO_IPA	0x0a000000ull	/* virtio-mmio windows, GUEST_DTB_VIRTIO_SIZE apart */
#define GUEST_VIRTIO_INTID	48u		/* the first window's SPI (SPI 16) */
#define GUEST_RAM_IPA		0x40000000ull

/* How the app ends: the status its restart policy sees. */
enum vm_exit_status {
	VM_EXIT_POWERED_OFF = 0,	/* PSCI SYSTEM_OFF */
	VM_EXIT_VMM_ERROR = 1,		/* the settings or resources make no guest, or the kernel refused */
	VM_EXIT_GUEST_FAULT = 2,	/* the guest did something the VMM cannot serve, or stopped */
	VM_EXIT_RESET = 3,		/* PSCI SYSTEM_RESET: start over through the restart policy */
};

struct vm {
	const struct kauri_vm_info *info;
	struct guest_memory ram;
	struct vm_budget budget;	/* what guest RAM and its page tables are made from, on first touch too */
	struct vgic gic;
	uint64_t mpidr;			/* the vCPU's, as the guest reads it */
	uint64_t exits;			/* the guest's exits served so far */
	bool gic_refusal_reported;	/* the first GIC access the model refused has been printed */
	struct vm_devices devices;
};

#endif
