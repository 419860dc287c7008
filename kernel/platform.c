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

/*
 * The INDEX'th (address, size) pair of NODE's reg property; PARENT is NODE's parent, whose
 * #address-cells and #size-cells say how to read it (passed in: libfdt finds a parent by
 * walking the tree from its start, which on QEMU's tree cost more than the rest of boot).
 */
static int read_reg(const void *fdt, int parent, int node, int index, uint64_t *base, uint64_t *size)
{
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

#define MAX_DEPTH		16

/* A node and its parent (read_reg's arguments). */
struct found_node {
	int node, parent;
};

/*
 * The nodes the kernel needs, found in one walk of the tree: each libfdt
 * search is a walk of its own, and QEMU's tree has hundreds of nodes.
 */
struct wanted_nodes {
	struct found_node memory[MAX_MEMORY_NODES];
	int memory_count;
	struct found_node gic_v3, gic_v2;
	int timer, psci, reserved_memory;
};

/* What a property is to find_nodes, by name. */
enum property_kind { PROPERTY_OTHER, PROPERTY_COMPATIBLE, PROPERTY_DEVICE_TYPE };

#define NAME_CACHE_SIZE		64

/*
 * Property names by their offset in the strings block: a tree has a few dozen distinct names,
 * so each is read and compared once, and every other property costs an integer compare.
 */
struct name_cache {
	uint32_t offset[NAME_CACHE_SIZE];
	uint8_t kind[NAME_CACHE_SIZE];
	unsigned int count;
};

static enum property_kind property_kind(const void *fdt, struct name_cache *names, uint32_t name_offset)
{
	const char *name;
	enum property_kind kind = PROPERTY_OTHER;

	for (unsigned int i = 0; i < names->count; i++)
		if (names->offset[i] == name_offset)
			return (enum property_kind)names->kind[i];
	name = fdt_string(fdt, (int)name_offset);
	if (name && !strcmp(name, "compatible"))
		kind = PROPERTY_COMPATIBLE;
	else if (name && !strcmp(name, "device_type"))
		kind = PROPERTY_DEVICE_TYPE;
	if (names->count < NAME_CACHE_SIZE) {
		names->offset[names->count] = name_offset;
		names->kind[names->count++] = (uint8_t)kind;
	}
	return kind;
}

static int has_compatible(const char *list, int len, const char *const *names, unsigned int count)
{
	for (unsigned int i = 0; i < count; i++)
		if (fdt_stringlist_contains(list, len, names[i]))
			return 1;
	return 0;
}

static void node_is(const char *compatible, int len, struct found_node here, struct wanted_nodes *w)
{
	static const char *const gic_v3[] = { "arm,gic-v3" };
	static const char *const gic_v2[] = { "arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic" };
	static const char *const timer[] = { "arm,armv8-timer" };
	static const char *const psci[] = { "arm,psci-1.0", "arm,psci-0.2" };

	if (w->gic_v3.node < 0 && has_compatible(compatible, len, gic_v3, 1))
		w->gic_v3 = here;
	if (w->gic_v2.node < 0 && has_compatible(compatible, len, gic_v2, 3))
		w->gic_v2 = here;
	if (w->timer < 0 && has_compatible(compatible, len, timer, 1))
		w->timer = here.node;
	if (w->psci < 0 && has_compatible(compatible, len, psci, 2))
		w->psci = here.node;
}

/*
 * One pass over the structure block's tags with libfdt's fdt_next_tag, which checks each tag
 * and property length against the block: fdt_next_node and a property walk per node would
 * read every property tag three times over.
 */
static void find_nodes(const void *fdt, struct wanted_nodes *w)
{
	struct name_cache names = { .count = 0 };
	int path[MAX_DEPTH];	/* the nodes from the root to the current one, by depth */
	int offset = 0, next, depth = -1;

	w->memory_count = 0;
	w->gic_v3 = w->gic_v2 = (struct found_node){ -1, -1 };
	w->timer = w->psci = w->reserved_memory = -1;
	for (;;) {
		uint32_t tag = fdt_next_tag(fdt, offset, &next);
		/* The kernel reads nodes below the root and at most MAX_DEPTH deep. */
		bool wanted = depth >= 1 && depth < MAX_DEPTH;
		const struct fdt_property *prop;
		const char *name;

		if (next < 0)
			return;		/* a truncated or damaged block: what was found stands */
		switch (tag) {
		case FDT_BEGIN_NODE:
			depth++;
			if (depth >= 0 && depth < MAX_DEPTH)
				path[depth] = offset;
			if (depth == 1 && w->reserved_memory < 0 && (name = fdt_get_name(fdt, offset, NULL)) &&
			    !strcmp(name, "reserved-memory"))
				w->reserved_memory = offset;
			break;
		case FDT_END_NODE:
			depth--;
			break;
		case FDT_PROP:
			prop = fdt_offset_ptr(fdt, offset, sizeof(*prop));
			if (!wanted || !prop)
				break;
			switch (property_kind(fdt, &names, fdt32_ld(&prop->nameoff))) {
			case PROPERTY_COMPATIBLE:
				node_is(prop->data, (int)fdt32_ld(&prop->len),
					(struct found_node){ path[depth], path[depth - 1] }, w);
				break;
			case PROPERTY_DEVICE_TYPE:
				if (fdt32_ld(&prop->len) == sizeof("memory") && !memcmp(prop->data, "memory", sizeof("memory")) &&
				    w->memory_count < MAX_MEMORY_NODES)
					w->memory[w->memory_count++] = (struct found_node){ path[depth], path[depth - 1] };
				break;
			default:
				break;
			}
			break;
		case FDT_END:
			return;
		default:	/* FDT_NOP */
			break;
		}
		offset = next;
	}
}

static void find_memory(const void *fdt, const struct wanted_nodes *w)
{
	for (int n = 0; n < w->memory_count; n++) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, w->memory[n].parent, w->memory[n].node, i, &base, &size) == 0; i++) {
			if (size == 0 || platform.memory_count == PLATFORM_MAX_MEMORY)
				continue;
			platform.memory[platform.memory_count++] = (struct mem_region){ base, size };
		}
	}
}

/* The memory reservation block's regions, then the reg of each child of PARENT (/reserved-memory, or -1). */
static void each_reserved(const void *fdt, int parent, void (*fn)(uint64_t base, uint64_t size))
{
	int count = fdt_num_mem_rsv(fdt);
	int node;

	for (int i = 0; i < count; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) == 0 && size)
			fn(base, size);
	}
	if (parent < 0)
		return;
	fdt_for_each_subnode(node, fdt, parent) {
		uint64_t base, size;

		for (int i = 0; read_reg(fdt, parent, node, i, &base, &size) == 0; i++)
			if (size)
				fn(base, size);
	}
}

void platform_each_reserved(const void *fdt, void (*fn)(uint64_t base, uint64_t size))
{
	each_reserved(fdt, fdt_path_offset(fdt, "/reserved-memory"), fn);
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
	const struct found_node *v3 = &w->gic_v3, *v2 = &w->gic_v2;

	if (v3->node >= 0) {
		platform.gic.version = 3;
		read_reg(fdt, v3->parent, v3->node, 0, &platform.gic.dist_base, &platform.gic.dist_size);
		read_reg(fdt, v3->parent, v3->node, 1, &platform.gic.redist_base, &platform.gic.redist_size);
	} else if (v2->node >= 0) {
		platform.gic.version = 2;
		read_reg(fdt, v2->parent, v2->node, 0, &platform.gic.dist_base, &platform.gic.dist_size);
		read_reg(fdt, v2->parent, v2->node, 1, &platform.gic.cpuif_base, &platform.gic.cpuif_size);
		/* With virtualization extensions: GICH, the kernel's, and GICV, which VMMs map for guests. */
		read_reg(fdt, v2->parent, v2->node, 2, &platform.gic.hyp_base, &platform.gic.hyp_size);
		read_reg(fdt, v2->parent, v2->node, 3, &platform.gic.vcpu_base, &platform.gic.vcpu_size);
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
	each_reserved(dtb, wanted.reserved_memory, note_reserved);
	find_gic(dtb, &wanted);
	find_timer(dtb, &wanted);
	find_psci(dtb, &wanted);
	if (platform.memory_count == 0) {
		printk("kernel: device tree: no /memory node with a reg property\n");
		return -FDT_ERR_NOTFOUND;
	}
	return 0;
}
