/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The GIC's virtual CPU interface, driven at EL2 for guests: list registers,
 * the virtual machine control register, active priorities, the maintenance
 * interrupt. GICv2 has it as a memory-mapped frame (GICH), GICv3 as ICH_*
 * system registers; one ops table each (vgic_v2.c, vgic_v3.c). The kernel
 * keeps list registers in one layout, GICv3's ICH_LR<n>_EL2, whichever GIC:
 * the GICv2 driver converts as they go in and out.
 */
#ifndef DRIVERS_VGIC_H
#define DRIVERS_VGIC_H

#include <stdbool.h>
#include <stdint.h>

#define VGIC_MAX_LRS		16	/* ICH_VTR_EL2.ListRegs and GICH_VTR.ListRegs allow at most 16 (64 on v2; we use 16) */
#define VGIC_MAX_APRS		4	/* ICH_AP0R<n>/AP1R<n>_EL2, n < 4 with 7 priority bits */
#define VGIC_MAINTENANCE_PPI	25	/* Arm's recommended INTID, QEMU virt's and the i.MX 8M's */

/* List register fields (GICv3/v4 architecture specification, 12.4.6 ICH_LR<n>_EL2). */
#define VGIC_LR_VINTID_MASK	0xffffffffUL
#define VGIC_LR_PINTID_SHIFT	32
#define VGIC_LR_PINTID_MASK	0x1fffUL
#define VGIC_LR_EOI		(1UL << 41)	/* with HW 0: maintenance interrupt on EOI */
#define VGIC_LR_PRIORITY_SHIFT	48
#define VGIC_LR_GROUP1		(1UL << 60)
#define VGIC_LR_HW		(1UL << 61)
#define VGIC_LR_STATE_SHIFT	62
#define VGIC_LR_STATE_MASK	(3UL << 62)
#define VGIC_LR_PENDING		(1UL << 62)

/* The hypervisor control register's bits, the same in GICH_HCR and ICH_HCR_EL2. */
#define VGIC_HCR_EN		1UL
#define VGIC_HCR_UIE		2UL	/* maintenance when at most one list register is valid */

/* One guest's interface, saved while it does not run. The layout of VMCR and APRs is the GIC's own. */
struct vgic_cpu_state {
	uint64_t lr[VGIC_MAX_LRS];	/* ICH_LR layout; those past the GIC's count stay 0 */
	uint64_t vmcr;
	uint64_t ap0r[VGIC_MAX_APRS], ap1r[VGIC_MAX_APRS];	/* GICv2: GICH_APR in ap0r[0] */
	uint64_t hcr;			/* the HCR the guest runs with (En, UIE) */
};

struct vgic_config {
	uintptr_t hyp;			/* GICv2: the GICH frame, mapped; GICv3: unused */
};

struct vgic_api {
	const char *name;
	unsigned int gic_version;
	/* The number of list registers, or 0 when the GIC has no virtual interface. */
	unsigned int (*init)(const struct vgic_config *config);
	/* The guest's interface out of the GIC, which is then switched off. */
	void (*save)(struct vgic_cpu_state *state);
	/* The guest's interface into the GIC, switched on with STATE->hcr. */
	void (*restore)(const struct vgic_cpu_state *state);
	/* List registers whose EOI raised the maintenance interrupt, a bit each. */
	uint64_t (*eoi_status)(void);
	/* Writes the HCR (0: the interface is off). */
	void (*set_hcr)(uint64_t hcr);
};

extern const struct vgic_api vgic_v2_api;
extern const struct vgic_api vgic_v3_api;

#endif
