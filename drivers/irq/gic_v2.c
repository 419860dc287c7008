/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm GICv2 (GIC-400; QEMU virt's default): memory-mapped distributor and CPU interface. */
#include <stddef.h>
#include <drivers/irq_controller.h>

/* Distributor and CPU interface registers (GICv2 architecture specification, ch. 4). */
#define GICD_CTLR		0x000
#define GICD_TYPER		0x004
#define GICD_ISENABLER(n)	(0x100 + 4 * (n))
#define GICD_ICENABLER(n)	(0x180 + 4 * (n))
#define GICD_ICPENDR(n)		(0x280 + 4 * (n))
#define GICD_IPRIORITYR(n)	(0x400 + 4 * (n))
#define GICD_ITARGETSR(n)	(0x800 + 4 * (n))
#define GICD_ICFGR(n)		(0xc00 + 4 * (n))
#define GICC_CTLR		0x000
#define GICC_PMR		0x004
#define GICC_BPR		0x008
#define GICC_IAR		0x00c
#define GICC_EOIR		0x010

#define GIC_PRIORITY_DEFAULT	0xa0a0a0a0u
#define GIC_TARGET_CPU0		0x01010101u

static inline void dist_write(const struct irq_controller *dev, unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)(dev->config->dist + offset) = value;
}

static inline uint32_t dist_read(const struct irq_controller *dev, unsigned int offset)
{
	return *(volatile uint32_t *)(dev->config->dist + offset);
}

static inline void cpu_write(const struct irq_controller *dev, unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)(dev->config->cpu + offset) = value;
}

static inline uint32_t cpu_read(const struct irq_controller *dev, unsigned int offset)
{
	return *(volatile uint32_t *)(dev->config->cpu + offset);
}

static struct gic_v2_data *data_of(const struct irq_controller *dev)
{
	return dev->data;
}

static int gic_v2_init(const struct irq_controller *dev, const char **problem)
{
	struct gic_v2_data *gic = data_of(dev);

	if (!dev->config->dist || !dev->config->cpu) {
		*problem = "no distributor or CPU interface";
		return -1;
	}
	gic->lines = 32 * ((dist_read(dev, GICD_TYPER) & 0x1f) + 1);
	if (gic->lines > IRQ_SPURIOUS)
		gic->lines = IRQ_SPURIOUS;

	dist_write(dev, GICD_CTLR, 0);
	for (unsigned int i = 0; i < gic->lines / 32; i++) {
		dist_write(dev, GICD_ICENABLER(i), 0xffffffffu);
		dist_write(dev, GICD_ICPENDR(i), 0xffffffffu);
	}
	for (unsigned int i = 0; i < gic->lines / 4; i++)
		dist_write(dev, GICD_IPRIORITYR(i), GIC_PRIORITY_DEFAULT);
	/* SPIs go to CPU 0 and are level-triggered; the target registers of SGIs/PPIs are read-only. */
	for (unsigned int i = IRQ_FIRST_SPI / 4; i < gic->lines / 4; i++)
		dist_write(dev, GICD_ITARGETSR(i), GIC_TARGET_CPU0);
	for (unsigned int i = IRQ_FIRST_SPI / 16; i < gic->lines / 16; i++)
		dist_write(dev, GICD_ICFGR(i), 0);
	dist_write(dev, GICD_CTLR, 1);

	cpu_write(dev, GICC_PMR, 0xf0);
	cpu_write(dev, GICC_BPR, 0);
	cpu_write(dev, GICC_CTLR, 1);
	return 0;
}

static unsigned int gic_v2_line_count(const struct irq_controller *dev)
{
	return data_of(dev)->lines;
}

static unsigned int gic_v2_acknowledge(const struct irq_controller *dev)
{
	return cpu_read(dev, GICC_IAR) & 0x3ff;
}

static void gic_v2_end(const struct irq_controller *dev, unsigned int intid)
{
	cpu_write(dev, GICC_EOIR, intid);
}

static void gic_v2_unmask(const struct irq_controller *dev, unsigned int intid)
{
	dist_write(dev, GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

static void gic_v2_mask(const struct irq_controller *dev, unsigned int intid)
{
	dist_write(dev, GICD_ICENABLER(intid / 32), 1u << (intid % 32));
}

const struct irq_controller_api gic_v2_api = {
	.name = "GICv2",
	.gic_version = 2,
	.init = gic_v2_init,
	.line_count = gic_v2_line_count,
	.acknowledge = gic_v2_acknowledge,
	.end = gic_v2_end,
	.unmask = gic_v2_unmask,
	.mask = gic_v2_mask,
};
