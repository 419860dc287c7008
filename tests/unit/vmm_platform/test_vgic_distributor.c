/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of vmm/vgic_distributor.c, GICv2 and GICv3, through the guest's MMIO accesses. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "vgic_distributor.h"

#define D VGIC_FRAME_GICD
#define R VGIC_FRAME_GICR
#define SGI_BASE VGIC_V3_GICR_SGI_BASE
#define MPIDR 0x80000000ull
#define VIRTIO_IRQ 48u

static struct vgic v;

static uint64_t rd(enum vgic_frame f, uint64_t off, unsigned int size)
{
	uint64_t value = 0xdeadbeef;

	assert_int_equal(vgic_mmio_read(&v, f, off, size, &value), 0);
	return value;
}

static void wr(enum vgic_frame f, uint64_t off, unsigned int size, uint64_t value)
{
	assert_int_equal(vgic_mmio_write(&v, f, off, size, value), 0);
	assert_int_equal(vgic_check(&v), 0);
}

static void init(unsigned int version)
{
	assert_int_equal(vgic_init(&v, version, MPIDR), 0);
	assert_int_equal(vgic_check(&v), 0);
}

/* What Linux's gic_dist_init/gic_cpu_init do first, in short. */
static void boot_v2(void)
{
	init(2);
	wr(D, GICD_CTLR, 4, GICD_CTLR_ENABLE_GRP0);
}

static void boot_v3(void)
{
	init(3);
	wr(D, GICD_CTLR, 4, GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1);
	wr(R, GICR_WAKER, 4, 0);
	for (unsigned int i = 1; i < VGIC_NR_IRQS / 32; i++)
		wr(D, GICD_IGROUPR + 4 * i, 4, 0xffffffff);
	wr(R, SGI_BASE + GICD_IGROUPR, 4, 0xffffffff);
}

static int next(struct vgic_injection *inj)
{
	int n = vgic_next_injection(&v, inj);

	assert_int_equal(vgic_check(&v), 0);
	if (n)
		assert_true(inj->intid < VGIC_NR_IRQS);
	return n;
}

static void assert_none(void)
{
	struct vgic_injection inj;

	assert_int_equal(next(&inj), 0);
}

static void assert_next(unsigned int intid, uint8_t priority, uint8_t group)
{
	struct vgic_injection inj;

	assert_int_equal(next(&inj), 1);
	assert_int_equal(inj.intid, intid);
	assert_int_equal(inj.priority, priority);
	assert_int_equal(inj.group, group);
}

static void v2_id_registers(void **state)
{
	(void)state;
	init(2);
	assert_int_equal(rd(D, GICD_TYPER, 4), VGIC_NR_IRQS / 32 - 1);
	assert_int_equal(rd(D, GICD_IIDR, 4), GIC_IIDR_ARM);
	assert_int_equal(rd(D, GICD_V2_PIDR2, 4) >> 4 & 0xf, 2);
	assert_int_equal(rd(D, GICD_CTLR, 4), 0);
	wr(D, GICD_CTLR, 4, 0xffffffff);
	assert_int_equal(rd(D, GICD_CTLR, 4), 3);
	/* Read-only registers ignore writes; reserved space reads as zero. */
	wr(D, GICD_TYPER, 4, 0);
	assert_int_equal(rd(D, GICD_TYPER, 4), VGIC_NR_IRQS / 32 - 1);
	wr(D, 0x0040, 4, 0x1234);
	assert_int_equal(rd(D, 0x0040, 4), 0);
	/* ICFGR: SGIs edge, read-only; PPIs and SPIs level out of reset. */
	assert_int_equal(rd(D, GICD_ICFGR, 4), 0xaaaaaaaa);
	wr(D, GICD_ICFGR, 4, 0);
	assert_int_equal(rd(D, GICD_ICFGR, 4), 0xaaaaaaaa);
	assert_int_equal(rd(D, GICD_ICFGR + 4, 4), 0);
	/* ITARGETSR: private interrupts read as CPU 0's, SPIs keep bit 0 only. */
	assert_int_equal(rd(D, GICD_ITARGETSR, 4), 0x01010101);
	wr(D, GICD_ITARGETSR, 4, 0);
	assert_int_equal(rd(D, GICD_ITARGETSR, 4), 0x01010101);
	wr(D, GICD_ITARGETSR + VIRTIO_IRQ, 4, 0xff0300fe);
	assert_int_equal(rd(D, GICD_ITARGETSR + VIRTIO_IRQ, 4), 0x01010000);
	assert_int_equal(rd(D, GICD_ITARGETSR + VIRTIO_IRQ + 3, 1), 0x01);
	/* No redistributor on GICv2. */
	uint64_t value;
	assert_int_equal(vgic_mmio_read(&v, R, 0, 4, &value), -VGIC_E_RANGE);
}

static void v2_enable_pending_priority(void **state)
{
	(void)state;
	boot_v2();
	wr(D, GICD_IPRIORITYR + 48, 4, 0xa0a0a0a0);
	wr(D, GICD_IPRIORITYR + 27, 1, 0xa0);
	/* Pending but not enabled: nothing. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 1u << 16);
	assert_none();
	wr(D, GICD_ISENABLER + 4, 4, 1u << 16);
	assert_int_equal(rd(D, GICD_ISENABLER + 4, 4), 1u << 16);
	assert_int_equal(rd(D, GICD_ICENABLER + 4, 4), 1u << 16);
	/* Distributor off: nothing. */
	wr(D, GICD_CTLR, 4, 0);
	assert_none();
	wr(D, GICD_CTLR, 4, 1);
	assert_next(VIRTIO_IRQ, 0xa0, 0);
	/* In flight: reads as active, not offered twice. */
	assert_int_equal(rd(D, GICD_ISACTIVER + 4, 4), 1u << 16);
	assert_none();
	/* A higher priority (lower value) interrupt goes first. */
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	wr(D, GICD_ISENABLER, 4, 1u << 27);
	wr(D, GICD_IPRIORITYR + 27, 1, 0x80);
	assert_int_equal(vgic_set_line(&v, 27, true), 0);
	assert_next(27, 0x80, 0);
	assert_next(VIRTIO_IRQ, 0xa0, 0);
	assert_none();
	/* Disabling while pending: stays pending, not offered. */
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	wr(D, GICD_ICENABLER + 4, 4, 1u << 16);
	assert_int_equal(rd(D, GICD_ISENABLER + 4, 4), 0);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 1u << 16);
	assert_none();
	/* Equal priorities: the lower INTID first. */
	wr(D, GICD_ISENABLER + 4, 4, 3u << 16);
	wr(D, GICD_IPRIORITYR + 49, 1, 0xa0);
	assert_int_equal(vgic_set_line(&v, 49, true), 0);
	assert_int_equal(vgic_eoi(&v, 27), 0);
	assert_int_equal(vgic_set_line(&v, 27, false), 0);
	assert_next(VIRTIO_IRQ, 0xa0, 0);
	assert_next(49, 0xa0, 0);
	/* An SPI without a target is not forwarded. */
	assert_int_equal(vgic_eoi(&v, 49), 0);
	wr(D, GICD_ITARGETSR + 48, 4, 0x00000001);
	assert_none();
	wr(D, GICD_ITARGETSR + 48, 4, 0x00000101);
	assert_next(49, 0xa0, 0);
}

static void priority_bytes(void **state)
{
	(void)state;
	init(2);
	/* Byte writes land in their byte, keep the top five bits, and read back as a word. */
	wr(D, GICD_IPRIORITYR + 33, 1, 0xff);
	wr(D, GICD_IPRIORITYR + 34, 1, 0x17);
	assert_int_equal(rd(D, GICD_IPRIORITYR + 32, 4), 0x0010f800);
	assert_int_equal(rd(D, GICD_IPRIORITYR + 33, 1), 0xf8);
	assert_int_equal(rd(D, GICD_IPRIORITYR + 34, 1), 0x10);
	wr(D, GICD_IPRIORITYR + 32, 4, 0x80604020);
	assert_int_equal(rd(D, GICD_IPRIORITYR + 35, 1), 0x80);
	assert_int_equal(rd(D, GICD_IPRIORITYR + 32, 1), 0x20);
	/* Past the INTIDs there are: zero, writes ignored. */
	wr(D, GICD_IPRIORITYR + VGIC_NR_IRQS, 4, 0xffffffff);
	assert_int_equal(rd(D, GICD_IPRIORITYR + VGIC_NR_IRQS, 4), 0);
	/* GICv3: the same through the SGI_base frame for INTIDs 0-31. */
	init(3);
	wr(R, SGI_BASE + GICD_IPRIORITYR + 27, 1, 0x88);
	assert_int_equal(rd(R, SGI_BASE + GICD_IPRIORITYR + 24, 4), 0x88000000);
	assert_int_equal(rd(R, SGI_BASE + GICD_IPRIORITYR + 27, 1), 0x88);
	/* ... and not through the GICD (ARE): zero there. */
	assert_int_equal(rd(D, GICD_IPRIORITYR + 24, 4), 0);
	wr(D, GICD_IPRIORITYR + 24, 4, 0x10101010);
	assert_int_equal(rd(R, SGI_BASE + GICD_IPRIORITYR + 24, 4), 0x88000000);
}

static void bad_accesses(void **state)
{
	uint64_t value = 1;

	(void)state;
	init(2);
	/* Word registers: no bytes, halves or doublewords, no misalignment. */
	assert_int_equal(vgic_mmio_read(&v, D, GICD_CTLR, 1, &value), -VGIC_E_ACCESS);
	assert_int_equal(value, 0);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_CTLR, 2, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_CTLR, 8, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_ISENABLER + 1, 1, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_IPRIORITYR + 2, 4, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_IPRIORITYR, 2, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_IPRIORITYR, 3, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_write(&v, D, GICD_IPRIORITYR, 0, 1), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_read(&v, D, 0x41, 1, &value), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_read(&v, D, VGIC_V2_GICD_SIZE, 4, &value), -VGIC_E_RANGE);
	assert_int_equal(rd(D, GICD_CTLR, 4), 0);
	/* Nothing changed. */
	assert_int_equal(rd(D, GICD_IPRIORITYR, 4), 0);
	init(3);
	assert_int_equal(vgic_mmio_read(&v, D, VGIC_V3_GICD_SIZE, 4, &value), -VGIC_E_RANGE);
	assert_int_equal(vgic_mmio_read(&v, R, VGIC_V3_GICR_SIZE, 4, &value), -VGIC_E_RANGE);
	assert_int_equal(vgic_mmio_read(&v, R, GICR_WAKER, 8, &value), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_read(&v, D, GICD_IROUTER + 8 * 40 + 2, 2, &value), -VGIC_E_ACCESS);
	assert_int_equal(vgic_mmio_read(&v, D, GICD_IROUTER + 8 * 40 + 4, 8, &value), -VGIC_E_ACCESS);
	/* Lines and EOIs out of range. */
	assert_int_equal(vgic_set_line(&v, 3, true), -VGIC_E_INTID);
	assert_int_equal(vgic_set_line(&v, VGIC_NR_IRQS, true), -VGIC_E_INTID);
	assert_int_equal(vgic_eoi(&v, VGIC_NR_IRQS), -VGIC_E_INTID);
	assert_int_equal(vgic_eoi(&v, 40), -VGIC_E_STATE);
	assert_int_equal(vgic_cancel_injection(&v, 40), -VGIC_E_STATE);
	assert_int_equal(vgic_init(&v, 4, 0), -VGIC_E_CONFIG);
	assert_non_null(vmm_strerror(-VGIC_E_ACCESS));
	assert_string_equal(vmm_strerror(-50), "unknown error");
}

static void level_reinjected_after_eoi(void **state)
{
	(void)state;
	boot_v2();
	wr(D, GICD_ISENABLER + 4, 4, 1u << 16);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
	assert_none();
	/* EOI with the line still high: pending again, offered again. */
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
	/* The device lowers the line before the EOI: nothing more. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, false), 0);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 0);
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_none();
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), -VGIC_E_STATE);
	/* ICPENDR does not clear a level line that is high. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	wr(D, GICD_ICPENDR + 4, 4, 1u << 16);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 1u << 16);
	/* ISPENDR latches a level interrupt whose line is low, until it is injected. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, false), 0);
	wr(D, GICD_ISPENDR + 4, 4, 1u << 16);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 1u << 16);
	assert_next(VIRTIO_IRQ, 0, 0);
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_none();
}

static void edge_latches(void **state)
{
	(void)state;
	boot_v2();
	wr(D, GICD_ICFGR + 12, 4, 2u << 0);	/* INTID 48 edge */
	assert_int_equal(rd(D, GICD_ICFGR + 12, 4), 2);
	wr(D, GICD_ISENABLER + 4, 4, 1u << 16);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, false), 0);
	/* The edge stays latched after the line falls. */
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 1u << 16);
	assert_next(VIRTIO_IRQ, 0, 0);
	assert_int_equal(rd(D, GICD_ISPENDR + 4, 4), 0);
	/* A line held high is one edge: nothing after the EOI. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_none();
	/* A new edge while in flight is kept for after the EOI. */
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, false), 0);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, false), 0);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_none();
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
	/* A refused injection puts it back. */
	assert_int_equal(vgic_cancel_injection(&v, VIRTIO_IRQ), 0);
	assert_next(VIRTIO_IRQ, 0, 0);
}

static void v2_sgis_and_active(void **state)
{
	(void)state;
	boot_v2();
	wr(D, GICD_ISENABLER, 4, 0xffff);
	/* To CPU 0 by list, to "others" (none), to self. */
	wr(D, GICD_SGIR, 4, 1u << 16 | 5);
	wr(D, GICD_SGIR, 4, 1u << 24 | 6);
	wr(D, GICD_SGIR, 4, 2u << 24 | 7);
	wr(D, GICD_SGIR, 4, 2u << 16 | 8);	/* CPU 1: not there */
	assert_int_equal(rd(D, GICD_SGIR, 4), 0);
	assert_int_equal(rd(D, GICD_SPENDSGIR + 4, 4), 0x00000100 | 0x01000000);
	assert_int_equal(rd(D, GICD_SPENDSGIR + 5, 1), 1);
	assert_int_equal(rd(D, GICD_ISPENDR, 4), (1u << 5) | (1u << 7));
	/* Clear 7 through CPENDSGIR, set 9 through SPENDSGIR. */
	wr(D, GICD_CPENDSGIR + 7, 1, 1);
	wr(D, GICD_SPENDSGIR + 8, 4, 0x100);
	assert_int_equal(rd(D, GICD_ISPENDR, 4), (1u << 5) | (1u << 9));
	/* An active interrupt is not injected until it is deactivated. */
	wr(D, GICD_ISACTIVER, 4, 1u << 5);
	assert_int_equal(rd(D, GICD_ISACTIVER, 4), 1u << 5);
	assert_next(9, 0, 0);
	assert_none();
	wr(D, GICD_ICACTIVER, 4, 1u << 5);
	assert_next(5, 0, 0);
	/* Groups: group 1 waits for EnableGrp1. */
	wr(D, GICD_IGROUPR, 4, 1u << 3);
	assert_int_equal(rd(D, GICD_IGROUPR, 4), 1u << 3);
	wr(D, GICD_SGIR, 4, 2u << 24 | 3);
	assert_none();
	wr(D, GICD_CTLR, 4, 3);
	assert_next(3, 0, 1);
}

static void v3_id_registers_and_waker(void **state)
{
	(void)state;
	init(3);
	assert_int_equal(rd(D, GICD_V3_PIDR2, 4) >> 4 & 0xf, 3);
	assert_int_equal(rd(R, GICR_PIDR2, 4) >> 4 & 0xf, 3);
	assert_int_equal(rd(D, GICD_TYPER, 4) & 0x1f, VGIC_NR_IRQS / 32 - 1);
	assert_int_equal(rd(D, GICD_TYPER, 4) >> 19 & 0x1f, 9);
	/* ARE and DS always set, RWP never. */
	assert_int_equal(rd(D, GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_DS);
	wr(D, GICD_CTLR, 4, 0);
	assert_int_equal(rd(D, GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_DS);
	wr(D, GICD_CTLR, 4, 0x80000013);
	assert_int_equal(rd(D, GICD_CTLR, 4), GICD_CTLR_ARE | GICD_CTLR_DS | 3);
	/* GICR_TYPER: the affinity, Last; as one doubleword and as two words. */
	init(3);
	v.mpidr = 0x80000000ull | 0x010203 | 0x0400000000ull;
	assert_int_equal(rd(R, GICR_TYPER, 8), 0x04010203ull << 32 | GICR_TYPER_LAST);
	assert_int_equal(rd(R, GICR_TYPER, 4), GICR_TYPER_LAST);
	assert_int_equal(rd(R, GICR_TYPER + 4, 4), 0x04010203);
	init(3);
	assert_int_equal(rd(R, GICR_IIDR, 4), GIC_IIDR_ARM);
	assert_int_equal(rd(R, GICR_CTLR, 4), 0);
	/* The WAKER handshake: asleep out of reset, awake once ProcessorSleep is cleared. */
	assert_int_equal(rd(R, GICR_WAKER, 4), GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP);
	wr(R, GICR_WAKER, 4, 0);
	assert_int_equal(rd(R, GICR_WAKER, 4) & GICR_WAKER_CHILDREN_ASLEEP, 0);
	wr(R, GICR_WAKER, 4, GICR_WAKER_PROCESSOR_SLEEP);
	assert_int_equal(rd(R, GICR_WAKER, 4), GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP);
	/* ChildrenAsleep is read-only. */
	wr(R, GICR_WAKER, 4, GICR_WAKER_CHILDREN_ASLEEP);
	assert_int_equal(rd(R, GICR_WAKER, 4), 0);
}

static void v3_flows(void **state)
{
	(void)state;
	boot_v3();
	/* The timer PPI through the redistributor. */
	wr(R, SGI_BASE + GICD_IPRIORITYR + 27, 1, 0xa0);
	wr(R, SGI_BASE + GICD_ISENABLER, 4, 1u << 27);
	assert_int_equal(rd(R, SGI_BASE + GICD_ISENABLER, 4), 1u << 27);
	assert_int_equal(rd(R, SGI_BASE + GICD_ICENABLER, 4), 1u << 27);
	assert_int_equal(vgic_set_line(&v, 27, true), 0);
	assert_int_equal(rd(R, SGI_BASE + GICD_ISPENDR, 4), 1u << 27);
	assert_next(27, 0xa0, 1);
	assert_int_equal(vgic_set_line(&v, 27, false), 0);
	assert_int_equal(vgic_eoi(&v, 27), 0);
	assert_none();
	/* The GICD's private-interrupt registers are RAZ/WI under ARE. */
	wr(D, GICD_ISENABLER, 4, 0xffffffff);
	assert_int_equal(rd(D, GICD_ISENABLER, 4), 0);
	assert_int_equal(rd(R, SGI_BASE + GICD_ISENABLER, 4), 1u << 27);
	/* ... and the redistributor's end at INTID 31. */
	assert_int_equal(rd(R, SGI_BASE + GICD_ISENABLER + 4, 4), 0);
	/* ICFGR0/1 through the redistributor. */
	assert_int_equal(rd(R, SGI_BASE + GICD_ICFGR, 4), 0xaaaaaaaa);
	wr(R, SGI_BASE + GICD_ICFGR + 4, 4, 2u << 22);
	assert_int_equal(rd(R, SGI_BASE + GICD_ICFGR + 4, 4), 2u << 22);
	/* An SPI routed by IROUTER. */
	wr(D, GICD_ISENABLER + 4, 4, 1u << 16);
	wr(D, GICD_IPRIORITYR + VIRTIO_IRQ, 1, 0x90);
	assert_int_equal(rd(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8), 0);
	wr(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8, 0x100);	/* another CPU's affinity */
	assert_int_equal(rd(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8), 0x100);
	assert_int_equal(vgic_set_line(&v, VIRTIO_IRQ, true), 0);
	assert_none();
	wr(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 4, GICD_IROUTER_IRM);	/* any CPU, low half only */
	assert_int_equal(rd(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8), GICD_IROUTER_IRM);
	assert_next(VIRTIO_IRQ, 0x90, 1);
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	wr(D, GICD_IROUTER + 8 * VIRTIO_IRQ + 4, 4, 0xff);	/* Aff3 */
	wr(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 4, 0xffffffff);
	assert_int_equal(rd(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8), GICD_IROUTER_MASK);
	wr(D, GICD_IROUTER + 8 * VIRTIO_IRQ, 8, 0);
	assert_next(VIRTIO_IRQ, 0x90, 1);
	/* Asleep: nothing is forwarded. */
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	wr(R, GICR_WAKER, 4, GICR_WAKER_PROCESSOR_SLEEP);
	assert_none();
	wr(R, GICR_WAKER, 4, 0);
	assert_next(VIRTIO_IRQ, 0x90, 1);
	/* Group 1 off: nothing. */
	assert_int_equal(vgic_eoi(&v, VIRTIO_IRQ), 0);
	wr(D, GICD_CTLR, 4, GICD_CTLR_ENABLE_GRP0);
	assert_none();
	/* IROUTER for INTIDs below 32 is reserved. */
	assert_int_equal(rd(D, GICD_IROUTER + 8 * 31, 4), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(v2_id_registers),
		cmocka_unit_test(v2_enable_pending_priority),
		cmocka_unit_test(priority_bytes),
		cmocka_unit_test(bad_accesses),
		cmocka_unit_test(level_reinjected_after_eoi),
		cmocka_unit_test(edge_latches),
		cmocka_unit_test(v2_sgis_and_active),
		cmocka_unit_test(v3_id_registers_and_waker),
		cmocka_unit_test(v3_flows),
	};

	return cmocka_run_group_tests_name("vmm vgic_distributor", tests, NULL, NULL);
}
