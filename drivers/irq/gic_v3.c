/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm GICv3 (i.MX 8M Mini; QEMU virt with gic-version=3): distributor, redistributor, ICC system registers. */
#include <stddef.h>
#include <arch/sysreg.h>
#include <drivers/irq_controller.h>

/* Register offsets (GICv3/v4 architecture specification, ch. 12). */
#define GICD_CTLR		0x0000
#define GICD_CTLR_RWP		(1u << 31)
#define GICD_CTLR_ARE		(1u << 4)
#define GICD_CTLR_ENABLE_G1	(1u << 1)
#define GICD_TYPER		0x0004
#define GICD_IGROUPR(n)		(0x0080 + 4 * (n))
#define GICD_ISENABLER(n)	(0x0100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x0180 + 4 * (n))
#define GICD_ICPENDR(n)		(0x0280 + 4 * (n))
#define GICD_IPRIORITYR(n)	(0x0400 + 4 * (n))
#define GICD_ICFGR(n)		(0x0c00 + 4 * (n))
#define GICD_IROUTER(n)		(0x6000 + 8 * (n))

#define GICR_TYPER		0x0008
#define GICR_TYPER_LAST		(1u << 4)
#define GICR_WAKER		0x0014
#define GICR_WAKER_SLEEP	(1u << 1)
#define GICR_WAKER_ASLEEP	(1u << 2)
#define GICR_FRAME_SIZE		0x20000		/* RD_base + SGI_base frames */
#define GICR_SGI_BASE		0x10000
#define GICR_IGROUPR0		0x0080
#define GICR_ISENABLER0		0x0100
#define GICR_ICENABLER0		0x0180
#define GICR_ICPENDR0		0x0280
#define GICR_IPRIORITYR(n)	(0x0400 + 4 * (n))

#define ICC_SRE_SRE		(1u << 0)
#define ICC_SRE_ENABLE		(1u << 3)	/* ICC_SRE_EL2: lower ELs may use ICC_SRE_EL1 */

#define GIC_PRIORITY_DEFAULT	0xa0a0a0a0u
#define SPIN_LIMIT		1000000

static inline volatile uint32_t *reg32(volatile uint8_t *base, unsigned int offset)
{
	return (volatile uint32_t *)(base + offset);
}

static volatile uint8_t *dist_of(const struct irq_controller *dev)
{
	return (volatile uint8_t *)dev->config->dist;
}

static struct gic_v3_data *data_of(const struct irq_controller *dev)
{
	return dev->data;
}

static int wait_for_rwp(const struct irq_controller *dev)
{
	for (int i = 0; i < SPIN_LIMIT; i++)
		if (!(*reg32(dist_of(dev), GICD_CTLR) & GICD_CTLR_RWP))
			return 0;
	return -1;
}

/* The redistributor whose affinity matches this CPU's MPIDR. */
static volatile uint8_t *find_redistributor(volatile uint8_t *region)
{
	uint64_t mpidr = read_sysreg(mpidr_el1);
	uint32_t affinity = (uint32_t)((mpidr & 0xffffff) | ((mpidr >> 32 & 0xff) << 24));

	for (int i = 0; i < 256; i++, region += GICR_FRAME_SIZE) {
		uint64_t typer = *(volatile uint64_t *)(region + GICR_TYPER);

		if ((uint32_t)(typer >> 32) == affinity)
			return region;
		if (typer & GICR_TYPER_LAST)
			break;
	}
	return NULL;
}

static int gic_v3_init(const struct irq_controller *dev, const char **problem)
{
	struct gic_v3_data *gic = data_of(dev);
	volatile uint8_t *dist = dist_of(dev), *sgi;

	if (!dev->config->dist || !dev->config->cpu) {
		*problem = "no distributor or redistributors";
		return -1;
	}
	gic->redist = find_redistributor((volatile uint8_t *)dev->config->cpu);
	if (!gic->redist) {
		*problem = "no redistributor for this CPU's MPIDR";
		return -1;
	}
	gic->lines = 32 * ((*reg32(dist, GICD_TYPER) & 0x1f) + 1);
	if (gic->lines > IRQ_SPURIOUS)
		gic->lines = IRQ_SPURIOUS;

	*reg32(dist, GICD_CTLR) = 0;
	if (wait_for_rwp(dev))
		goto never_completed;
	for (unsigned int i = 1; i < gic->lines / 32; i++) {
		*reg32(dist, GICD_IGROUPR(i)) = 0xffffffffu;	/* all non-secure group 1 */
		*reg32(dist, GICD_ICENABLER(i)) = 0xffffffffu;
		*reg32(dist, GICD_ICPENDR(i)) = 0xffffffffu;
	}
	for (unsigned int i = IRQ_FIRST_SPI / 4; i < gic->lines / 4; i++)
		*reg32(dist, GICD_IPRIORITYR(i)) = GIC_PRIORITY_DEFAULT;
	for (unsigned int i = IRQ_FIRST_SPI / 16; i < gic->lines / 16; i++)
		*reg32(dist, GICD_ICFGR(i)) = 0;
	for (unsigned int i = IRQ_FIRST_SPI; i < gic->lines; i++)
		*(volatile uint64_t *)(dist + GICD_IROUTER(i)) = 0;	/* affinity 0.0.0.0 */
	*reg32(dist, GICD_CTLR) = GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1;
	if (wait_for_rwp(dev))
		goto never_completed;

	/* Wake this CPU's redistributor, then set up its SGIs and PPIs. */
	*reg32(gic->redist, GICR_WAKER) &= ~GICR_WAKER_SLEEP;
	for (int i = 0; *reg32(gic->redist, GICR_WAKER) & GICR_WAKER_ASLEEP; i++) {
		if (i == SPIN_LIMIT) {
			*problem = "the redistributor does not wake up";
			return -1;
		}
	}
	sgi = gic->redist + GICR_SGI_BASE;
	*reg32(sgi, GICR_IGROUPR0) = 0xffffffffu;
	*reg32(sgi, GICR_ICENABLER0) = 0xffffffffu;
	*reg32(sgi, GICR_ICPENDR0) = 0xffffffffu;
	for (unsigned int i = 0; i < 8; i++)
		*reg32(sgi, GICR_IPRIORITYR(i)) = GIC_PRIORITY_DEFAULT;

	if (dev->config->hypervisor)
		write_sysreg(icc_sre_el2, read_sysreg(icc_sre_el2) | ICC_SRE_SRE | ICC_SRE_ENABLE);
	else
		write_sysreg(icc_sre_el1, read_sysreg(icc_sre_el1) | ICC_SRE_SRE);
	__asm__ volatile("isb");
	write_sysreg(icc_pmr_el1, 0xf0);
	write_sysreg(icc_bpr1_el1, 0);
	write_sysreg(icc_igrpen1_el1, 1);
	__asm__ volatile("isb");
	return 0;

never_completed:
	*problem = "distributor register writes never completed";
	return -1;
}

static unsigned int gic_v3_line_count(const struct irq_controller *dev)
{
	return data_of(dev)->lines;
}

static unsigned int gic_v3_acknowledge(const struct irq_controller *dev)
{
	unsigned int intid = (unsigned int)read_sysreg(icc_iar1_el1) & 0xffffff;

	(void)dev;
	__asm__ volatile("dsb sy");
	return intid >= 1020 ? IRQ_SPURIOUS : intid;
}

static void gic_v3_end(const struct irq_controller *dev, unsigned int intid)
{
	(void)dev;
	write_sysreg(icc_eoir1_el1, intid);
	__asm__ volatile("isb");
}

static void gic_v3_unmask(const struct irq_controller *dev, unsigned int intid)
{
	if (intid < IRQ_FIRST_SPI)
		*reg32(data_of(dev)->redist + GICR_SGI_BASE, GICR_ISENABLER0) = 1u << intid;
	else
		*reg32(dist_of(dev), GICD_ISENABLER(intid / 32)) = 1u << (intid % 32);
}

static void gic_v3_mask(const struct irq_controller *dev, unsigned int intid)
{
	if (intid < IRQ_FIRST_SPI)
		*reg32(data_of(dev)->redist + GICR_SGI_BASE, GICR_ICENABLER0) = 1u << intid;
	else
		*reg32(dist_of(dev), GICD_ICENABLER(intid / 32)) = 1u << (intid % 32);
}

const struct irq_controller_api gic_v3_api = {
	.name = "GICv3",
	.gic_version = 3,
	.init = gic_v3_init,
	.line_count = gic_v3_line_count,
	.acknowledge = gic_v3_acknowledge,
	.end = gic_v3_end,
	.unmask = gic_v3_unmask,
	.mask = gic_v3_mask,
};
