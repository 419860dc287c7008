/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The GIC distributor (GICv2 GICD, or GICv3 GICD and one redistributor) of a one-vCPU guest,
 * emulated from its MMIO exits. The kernel owns the list registers: the VMM asks
 * vgic_next_injection() what to inject with VCPU.InjectIRQ, and reports the guest's EOI (the
 * VCPU_VGIC_MAINTENANCE exit) with vgic_eoi().
 */
#ifndef VMM_VGIC_DISTRIBUTOR_H
#define VMM_VGIC_DISTRIBUTOR_H

#include <stdbool.h>
#include <stdint.h>
#include "vmm_error.h"

/* INTIDs 0-15 SGIs, 16-31 PPIs, 32-255 SPIs: GICD_TYPER.ITLinesNumber 7. */
#define VGIC_NR_IRQS		256u
#define VGIC_NR_PRIVATE		32u
#define VGIC_NR_SGIS		16u
/* The priority bits kept, as many as a list register holds (GICH_LR: 5). */
#define VGIC_PRIORITY_MASK	0xf8u

/* Frame sizes: GICv2 GICD 4 KiB; GICv3 GICD 64 KiB, a redistributor RD_base + SGI_base. */
#define VGIC_V2_GICD_SIZE	0x1000u
#define VGIC_V3_GICD_SIZE	0x10000u
#define VGIC_V3_GICR_SIZE	0x20000u
#define VGIC_V3_GICR_SGI_BASE	0x10000u

/* GICD registers (GICv2 and GICv3 where both have them). */
#define GICD_CTLR		0x0000u
#define GICD_TYPER		0x0004u
#define GICD_IIDR		0x0008u
#define GICD_TYPER2		0x000cu
#define GICD_IGROUPR		0x0080u
#define GICD_ISENABLER		0x0100u
#define GICD_ICENABLER		0x0180u
#define GICD_ISPENDR		0x0200u
#define GICD_ICPENDR		0x0280u
#define GICD_ISACTIVER		0x0300u
#define GICD_ICACTIVER		0x0380u
#define GICD_IPRIORITYR		0x0400u
#define GICD_ITARGETSR		0x0800u
#define GICD_ICFGR		0x0c00u
#define GICD_SGIR		0x0f00u
#define GICD_CPENDSGIR		0x0f10u
#define GICD_SPENDSGIR		0x0f20u
#define GICD_V2_PIDR2		0x0fe8u
#define GICD_IROUTER		0x6000u	/* IROUTER<n> at 0x6000 + 8n, n >= 32 */
#define GICD_V3_PIDR2		0xffe8u

#define GICD_CTLR_ENABLE_GRP0	(1u << 0)
#define GICD_CTLR_ENABLE_GRP1	(1u << 1)
#define GICD_CTLR_ARE		(1u << 4)	/* GICv3, one security state: always set */
#define GICD_CTLR_DS		(1u << 6)
#define GICD_SGIR_FILTER_SHIFT	24
#define GICD_SGIR_TARGETS_SHIFT	16
#define GICD_SGIR_INTID_MASK	0xfu
#define GICD_IROUTER_IRM	(1ull << 31)
#define GICD_IROUTER_MASK	0xff80ffffffull	/* Aff3, IRM, Aff2..Aff0 */
#define GIC_PIDR2_ARCH_SHIFT	4
#define GIC_IIDR_ARM		0x43bu	/* JEP106 code of Arm, as the implementer */

/* GICR registers: RD_base, then SGI_base (+64 KiB). */
#define GICR_CTLR		0x0000u
#define GICR_IIDR		0x0004u
#define GICR_TYPER		0x0008u
#define GICR_WAKER		0x0014u
#define GICR_PIDR2		0xffe8u
#define GICR_TYPER_LAST		(1ull << 4)
#define GICR_TYPER_AFF_SHIFT	32
#define GICR_WAKER_PROCESSOR_SLEEP	(1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP	(1u << 2)

enum vgic_frame {
	VGIC_FRAME_GICD,
	VGIC_FRAME_GICR,	/* GICv3 only: RD_base and SGI_base */
};

struct vgic_irq {
	uint8_t priority;
	uint8_t targets;	/* GICv2 ITARGETSR: bit 0, the one CPU interface */
	bool enabled;
	bool latched;		/* pending from an edge or a write to ISPENDR, until injected */
	bool line;		/* the device's line, for level-sensitive interrupts */
	bool edge;		/* ICFGR: edge-triggered (SGIs always) */
	bool active;		/* set by the guest through ISACTIVER */
	bool group1;
	bool in_flight;		/* injected and not EOI'd yet: the kernel holds it */
};

struct vgic {
	unsigned int version;	/* 2 or 3 */
	uint32_t ctlr;
	uint32_t waker;		/* GICv3 GICR_WAKER */
	uint64_t mpidr;		/* the vCPU's affinity (GICR_TYPER, IROUTER matching) */
	uint64_t irouter[VGIC_NR_IRQS];
	struct vgic_irq irq[VGIC_NR_IRQS];
};

/* What to pass to VCPU.InjectIRQ: always with KAURI_VCPU_IRQ_EOI_EXIT (see vgic_eoi). */
struct vgic_injection {
	uint32_t intid;
	uint8_t priority;
	uint8_t group;
};

/* Resets V to a distributor of VERSION (2 or 3) for the vCPU with MPIDR; 0 or -VGIC_E_CONFIG. */
int vgic_init(struct vgic *v, unsigned int version, uint64_t mpidr);

/*
 * The guest's access to OFFSET in FRAME, of SIZE bytes (1, 2, 4 or 8). Returns 0 or
 * -VGIC_E_ACCESS / -VGIC_E_RANGE, after which nothing changed and a read gives 0. Reserved and
 * unimplemented registers read as zero and ignore writes, as on the hardware.
 */
int vgic_mmio_read(struct vgic *v, enum vgic_frame frame, uint64_t offset, unsigned int size,
		   uint64_t *value);
int vgic_mmio_write(struct vgic *v, enum vgic_frame frame, uint64_t offset, unsigned int size,
		    uint64_t value);

/* A device's interrupt line (a PPI or an SPI) goes to LEVEL; an edge latches on a rise. */
int vgic_set_line(struct vgic *v, unsigned int intid, bool level);

/*
 * The highest-priority (lowest value, then lowest INTID) interrupt that is pending, enabled,
 * its group enabled, routed to the vCPU and neither active nor in flight. Returns 1 and marks it
 * in flight, 0 if there is none.
 */
int vgic_next_injection(struct vgic *v, struct vgic_injection *out);

/*
 * The guest EOI'd INTID (VCPU_VGIC_MAINTENANCE): it is no longer in flight, and a level line
 * still high is pending again for the next vgic_next_injection(). Every interrupt is injected
 * with the EOI exit so that the distributor knows when a list register lets go of it: the kernel
 * refuses to inject an INTID it already holds.
 */
int vgic_eoi(struct vgic *v, unsigned int intid);

/* InjectIRQ failed (list registers and queue full): INTID is pending again, not in flight. */
int vgic_cancel_injection(struct vgic *v, unsigned int intid);

/* Whether INTID reads as pending (latched, or a level line high). */
bool vgic_irq_pending(const struct vgic *v, unsigned int intid);

/* Checks V's invariants (fuzzing, tests): 0, or the first INTID + 1 found broken. */
unsigned int vgic_check(const struct vgic *v);

#endif
