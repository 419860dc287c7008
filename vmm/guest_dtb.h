/* SPDX-License-Identifier: BSD-2-Clause */
/* The device tree a Linux guest boots with, written with libfdt into a caller's buffer. */
#ifndef VMM_GUEST_DTB_H
#define VMM_GUEST_DTB_H

#include <stddef.h>
#include <stdint.h>
#include "vmm_error.h"

#define GUEST_DTB_MAX_VIRTIO	16
/* A virtio-mmio transport's registers (virtio 1.x, 4.2.2): 0x100 of them plus config space. */
#define GUEST_DTB_VIRTIO_SIZE	0x200u
/* The first SPI's INTID; the GIC binding numbers SPIs from it. */
#define GUEST_DTB_SPI_BASE	32u

/* The GIC binding's third interrupt cell: trigger, and on GICv2 a PPI's CPU mask in [15:8]. */
#define GUEST_DTB_IRQ_TYPE_SPI		0u
#define GUEST_DTB_IRQ_TYPE_PPI		1u
#define GUEST_DTB_IRQ_LEVEL_HIGH	4u
#define GUEST_DTB_IRQ_PPI_CPU0		(1u << 8)

/* The architected timer's PPIs (INTID - 16), in the order the binding lists them. */
#define GUEST_DTB_PPI_SEC_PHYS		13u
#define GUEST_DTB_PPI_PHYS		14u
#define GUEST_DTB_PPI_VIRT		11u
#define GUEST_DTB_PPI_HYP		10u

#define GUEST_DTB_GIC_PHANDLE	1u

struct guest_virtio_mmio {
	uint64_t base;		/* the transport's 0x200 bytes of registers */
	uint32_t intid;		/* its SPI, as an INTID (32 ..); level-triggered */
};

struct guest_platform {
	uint64_t ram_base, ram_size;
	unsigned int gic_version;	/* 2 or 3 */
	uint64_t gicd_base, gicd_size;
	/* GICv2: the guest's CPU interface, where the VMM maps the GICV frame. */
	uint64_t gicc_base, gicc_size;
	/* GICv3: the one redistributor (RD_base and SGI_base: 128 KiB). */
	uint64_t gicr_base, gicr_size;
	uint64_t mpidr;			/* the vCPU's MPIDR; its affinity is the cpu node's reg */
	const struct guest_virtio_mmio *virtio;
	unsigned int num_virtio;
	const char *bootargs;		/* NULL: none */
	uint64_t initrd_start, initrd_end;	/* equal: no initrd */
	const char *stdout_path;	/* NULL: none */
	const char *model;		/* NULL: "Kauri microVM" */
};

/* Writes the tree into BUF; returns its size (> 0) or -GUEST_DTB_E_*. */
int guest_dtb_build(const struct guest_platform *p, void *buf, size_t size);

#endif
