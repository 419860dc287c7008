/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm GICv2 (GIC-400; QEMU virt's default): memory-mapped distributor and CPU interface. */
#include <arch/memory.h>
#include <drivers/irq_controller.h>
#include <kernel/printk.h>

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

struct gic_v2_data {
	volatile uint8_t *dist;
	volatile uint8_t *cpu;
	unsigned int lines;
};

static struct gic_v2_data gic;

static inline void dist_write(unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)(gic.dist + offset) = value;
}

static inline uint32_t dist_read(unsigned int offset)
{
	return *(volatile uint32_t *)(gic.dist + offset);
}

static inline void cpu_write(unsigned int offset, uint32_t value)
{
	*(volatile uint32_t *)(gic.cpu + offset) = value;
}

static inline uint32_t cpu_read(unsigned int offset)
{
	return *(volatile uint32_t *)(gic.cpu + offset);
}

int irq_controller_init(uint64_t dist, uint64_t cpu)
{
	if (!dist || !cpu) {
		printk("kernel: GICv2: the device tree gives no distributor or CPU interface\n");
		return -1;
	}
	gic.dist = phys_to_virt(dist);
	gic.cpu = phys_to_virt(cpu);
	gic.lines = 32 * ((dist_read(GICD_TYPER) & 0x1f) + 1);
	if (gic.lines > IRQ_SPURIOUS)
		gic.lines = IRQ_SPURIOUS;

	dist_write(GICD_CTLR, 0);
	for (unsigned int i = 0; i < gic.lines / 32; i++) {
		dist_write(GICD_ICENABLER(i), 0xffffffffu);
		dist_write(GICD_ICPENDR(i), 0xffffffffu);
	}
	for (unsigned int i = 0; i < gic.lines / 4; i++)
		dist_write(GICD_IPRIORITYR(i), GIC_PRIORITY_DEFAULT);
	/* SPIs go to CPU 0 and are level-triggered; the target registers of SGIs/PPIs are read-only. */
	for (unsigned int i = IRQ_FIRST_SPI / 4; i < gic.lines / 4; i++)
		dist_write(GICD_ITARGETSR(i), GIC_TARGET_CPU0);
	for (unsigned int i = IRQ_FIRST_SPI / 16; i < gic.lines / 16; i++)
		dist_write(GICD_ICFGR(i), 0);
	dist_write(GICD_CTLR, 1);

	cpu_write(GICC_PMR, 0xf0);
	cpu_write(GICC_BPR, 0);
	cpu_write(GICC_CTLR, 1);
	return 0;
}

unsigned int irq_line_count(void)
{
	return gic.lines;
}

unsigned int irq_acknowledge(void)
{
	return cpu_read(GICC_IAR) & 0x3ff;
}

void irq_end(unsigned int intid)
{
	cpu_write(GICC_EOIR, intid);
}

void irq_unmask(unsigned int intid)
{
	dist_write(GICD_ISENABLER(intid / 32), 1u << (intid % 32));
}

void irq_mask(unsigned int intid)
{
	dist_write(GICD_ICENABLER(intid / 32), 1u << (intid % 32));
}

const char *irq_controller_name(void)
{
	return "GICv2";
}
