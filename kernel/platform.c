/* SPDX-License-Identifier: BSD-2-Clause */
/* Reads memory, reserved regions, the interrupt controller and the timer from the device tree. */
#include <string.h>
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

#define MAX_MEMORY_NODES	8

/*
 * The nodes the kernel needs, found in one walk of the tree: each libfdt
 * search is a walk of its own, and QEMU's tree has hundreds of nodes.
 */
struct wanted_nodes {
	int memory[MAX_MEMORY_NODES];
	int memory_count;
	int gic_v3, gic_v2, timer, psci;
};

static int has_compatible(const char *list, int len, const char *const *names, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++)
		if (fdt_stringlist_contains(list, len, names[i]))
			return 1;
	return 0;
}

static void find_nodes(const void *fdt, struct wanted_nodes *w)
{
	static const char *const gic_v3[] = { "arm,gic-v3" };
	static const char *const gic_v2[] = { "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic" };
	static const char *const timer[] = { "arm,armv8-timer" };
	static const char *const psci[] = { "arm,psci-1.0", "arm,psci-0.2" };
	int node, depth = 0;

	w->memory_count = 0;
	w->gic_v3 = w->gic_v2 = w->timer = w->psci = -1;
	for (node = fdt_next_node(fdt, -1, &depth); node >= 0; node = fdt_next_node(fdt, node, &depth)) {
		int len;
		const char *type = fdt_getprop(fdt, node, "device_type", &len);
		const char *compatible;

		if (type && len == sizeof("memory") && !memcmp(type, "memory", sizeof("memory")) &&
		    w->memory_count < MAX_MEMORY_NODES)
			w->memory[w->memory_count++] = node;
		compatible = fdt_getprop(fdt, node, "compatible", &len);
		if (!compatible)
			continue;
		if (w->gic_v3 < 0 && has_compatible(compatible, len, gic_v3, 1))
			w->gic_v3 = node;
		if (w->gic_v2 < 0 && has_compatible(compatible, len, gic_v2, 3))
			w->gic_v2 = node;
		if (w->timer < 0 && has_compatible(compatible, len, timer, 1))
			w->timer = node;
		if (w->psci < 0 && has_compatible(compatible, len, psci, 2))
			w->psci = node;
	}
}

static void find_memory(const void *fdt, const struct wanted_nodes *w)
{
	for (int n = 0; n < w->memory_count; n++) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, w->memory[n], i, &base, &size) == 0; i++) {
			if (size == 0 || platform.memory_count == PLATFORM_MAX_MEMORY)
				continue;
			platform.memory[platform.memory_count++] = (struct mem_region){ base, size };
		}
	}
}

void platform_each_reserved(const void *fdt, void (*fn)(uint64_t base, uint64_t size))
{
	int count = fdt_num_mem_rsv(fdt);
	int parent, node;

	for (int i = 0; i < count; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0 && size)
			fn(base, size);
	}
	parent = fdt_path_offset(fdt, "/reserved-memory");
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, node, i, &base, &size) == 0; i++)
			if (size)
				fn(base, size);
	}
}

/* The first regions are kept (for the banner and boot memory); past those, boot memory walks the tree again. */
static void note_reserved(uint64_t base, uint64_t size)
{
	if (platform.reserved_count < PLATFORM_MAX_RESERVED)
		platform.reserved[platform.reserved_count++] = (struct mem_region){ base, size };
	platform.reserved_total++;
}

static void find_gic(const void *fdt, const struct wanted_nodes *w)
{
	if (w->gic_v3 >= 0) {
		platform.gic.version = 3;
		read_reg(fdt, w->gic_v3, 0, &platform.gic.dist_base, &platform.gic.dist_size);
		read_reg(fdt, w->gic_v3, 1, &platform.gic.redist_base, &platform.gic.redist_size);
	} else if (w->gic_v2 >= 0) {
		platform.gic.version = 2;
		read_reg(fdt, w->gic_v2, 0, &platform.gic.dist_base, &platform.gic.dist_size);
		read_reg(fdt, w->gic_v2, 1, &platform.gic.cpuif_base, &platform.gic.cpuif_size);
		/* With virtualization extensions: GICH, the kernel's, and GICV, which VMMs map for guests. */
		read_reg(fdt, w->gic_v2, 2, &platform.gic.hyp_base, &platform.gic.hyp_size);
		read_reg(fdt, w->gic_v2, 3, &platform.gic.vcpu_base, &platform.gic.vcpu_size);
	}
}

static void find_timer(const void *fdt, const struct wanted_nodes *w)
{
	int node = w->timer;
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

/* PSCI 0.2 or later (SYSTEM_RESET has a fixed function ID from 0.2 on), and how it is called. */
static void find_psci(const void *fdt, const struct wanted_nodes *w)
{
	int len;
	const char *method = w->psci < 0 ? NULL : fdt_getprop(fdt, w->psci, "method", &len);

	platform.psci = PSCI_NONE;
	if (method && len == sizeof("hvc") && !memcmp(method, "hvc", sizeof("hvc")))
		platform.psci = PSCI_HVC;
	else if (method && len == sizeof("smc") && !memcmp(method, "smc", sizeof("smc")))
		platform.psci = PSCI_SMC;
}

int platform_from_device_tree(const void *dtb)
{
	struct wanted_nodes wanted;
	int err = fdt_check_header(dtb);

	if (err) {
		printk("kernel: device tree: bad header: %s\n", fdt_strerror(err));
		return err;
	}
	platform.model = fdt_getprop(dtb, 0, "model", NULL);
	find_nodes(dtb, &wanted);
	find_memory(dtb, &wanted);
	platform_each_reserved(dtb, note_reserved);
	find_gic(dtb, &wanted);
	find_timer(dtb, &wanted);
	find_psci(dtb, &wanted);
	if (platform.memory_count == 0) {
		printk("kernel: device tree: no /memory node with a reg property\n");
		return -FDT_ERR_NOTFOUND;
	}
	return 0;
}
