/* SPDX-License-Identifier: BSD-2-Clause */
/* Reads memory, reserved regions, the interrupt controller and the timer from the device tree. */
#include <libfdt.h>
#include <arch/sysreg.h>
#include <kernel/platform.h>
#include <kernel/printk.h>

struct platform_info platform;

/* The timer node lists secure, non-secure physical, virtual and hypervisor PPIs, in that order. */
#define TIMER_PPI_NS_PHYS	1
#define TIMER_PPI_HYP		3
#define GIC_PPI_BASE		16

static uint64_t read_cells(const fdt32_t *cells, int count)
{
	uint64_t value = 0;

	for (int i = 0; i < count; i++)
		value = value << 32 | fdt32_to_cpu(cells[i]);
	return value;
}

/* The INDEX'th (address, size) pair of NODE's reg property. */
static int read_reg(const void *fdt, int node, int index, uint64_t *base, uint64_t *size)
{
	int parent = fdt_parent_offset(fdt, node);
	int address_cells = fdt_address_cells(fdt, parent);
	int size_cells = fdt_size_cells(fdt, parent);
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
	int stride = address_cells + size_cells;

	if (!reg || address_cells < 1 || address_cells > 2 || size_cells > 2)
		return -FDT_ERR_BADVALUE;
	if ((index + 1) * stride * (int)sizeof(fdt32_t) > len)
		return -FDT_ERR_NOTFOUND;
	reg += index * stride;
	*base = read_cells(reg, address_cells);
	*size = read_cells(reg + address_cells, size_cells);
	return 0;
}

static void find_memory(const void *fdt)
{
	int node = -1;

	while ((node = fdt_node_offset_by_prop_value(fdt, node, "device_type", "memory",
						     sizeof("memory"))) >= 0) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, node, i, &base, &size) == 0; i++) {
			if (size == 0 || platform.memory_count == PLATFORM_MAX_MEMORY)
				continue;
			platform.memory[platform.memory_count++] = (struct mem_region){ base, size };
		}
	}
}

static void add_reserved(uint64_t base, uint64_t size)
{
	if (size && platform.reserved_count < PLATFORM_MAX_RESERVED)
		platform.reserved[platform.reserved_count++] = (struct mem_region){ base, size };
}

static void find_reserved(const void *fdt)
{
	int count = fdt_num_mem_rsv(fdt);
	int parent, node;

	for (int i = 0; i < count; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0)
			add_reserved(base, size);
	}
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, node, i, &base, &size) == 0; i++)
			add_reserved(base, size);
	}
}

static void find_gic(const void *fdt)
{
	static const char *const v2_compatibles[] = {
		"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
	};
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,gic-v3");

	if (node >= 0) {
		platform.gic.version = 3;
		read_reg(fdt, node, 0, &platform.gic.dist_base, &platform.gic.dist_size);
		read_reg(fdt, node, 1, &platform.gic.redist_base, &platform.gic.redist_size);
		return;
	}
	for (unsigned int i = 0; i < sizeof(v2_compatibles) / sizeof(v2_compatibles[0]); i++) {
		node = fdt_node_offset_by_compatible(fdt, -1, v2_compatibles[i]);
		if (node >= 0) {
			platform.gic.version = 2;
			read_reg(fdt, node, 0, &platform.gic.dist_base, &platform.gic.dist_size);
			read_reg(fdt, node, 1, &platform.gic.cpuif_base, &platform.gic.cpuif_size);
			return;
		}
	}
}

static void find_timer(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");
	const fdt32_t *irqs;
	int len;

	platform.timer.frequency = (uint32_t)read_sysreg(cntfrq_el0);
	/* Architected defaults, used when the node is missing. */
	platform.timer.phys_irq = GIC_PPI_BASE + 14;
	platform.timer.hyp_irq = GIC_PPI_BASE + 10;
	if (node < 0)
		return;
	irqs = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irqs || len < 4 * 3 * (int)sizeof(fdt32_t))
		return;
	/* Each entry is <type number flags>; type 1 = PPI. */
	platform.timer.phys_irq = GIC_PPI_BASE + fdt32_to_cpu(irqs[TIMER_PPI_NS_PHYS * 3 + 1]);
	platform.timer.hyp_irq = GIC_PPI_BASE + fdt32_to_cpu(irqs[TIMER_PPI_HYP * 3 + 1]);
}

int platform_from_device_tree(const void *dtb)
{
	int err = fdt_check_header(dtb);

	if (err) {
		printk("kernel: device tree: bad header: %s\n", fdt_strerror(err));
		return err;
	}
	platform.model = fdt_getprop(dtb, 0, "model", NULL);
	find_memory(dtb);
	find_reserved(dtb);
	find_gic(dtb);
	find_timer(dtb);
	if (platform.memory_count == 0) {
		printk("kernel: device tree: no /memory node with a reg property\n");
		return -FDT_ERR_NOTFOUND;
	}
	return 0;
}
