/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's device tree, in the bindings Linux reads on QEMU's virt machine: memory, one CPU
 * started by PSCI over HVC, a GICv2 or GICv3, the architected timer, /chosen and one virtio-mmio
 * node per device. Written front to back with libfdt's sequential-write calls.
 */
#include <stdio.h>
#include <libfdt.h>
#include "guest_dtb.h"

#define TRY(expr) do { int err_ = (expr); if (err_ < 0) return err_; } while (0)

/* "NAME@ADDR", the unit address in hex as the node's first reg says. */
static int begin_node_at(void *fdt, const char *name, uint64_t addr)
{
	char node[48];

	snprintf(node, sizeof(node), "%s@%llx", name, (unsigned long long)addr);
	return fdt_begin_node(fdt, node);
}

/* A reg (or any list) of 64-bit cells: #address-cells and #size-cells are 2 at the root. */
static int prop_u64s(void *fdt, const char *name, const uint64_t *v, unsigned int n)
{
	fdt64_t cells[4];

	for (unsigned int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt64(v[i]);
	return fdt_property(fdt, name, cells, (int)(n * sizeof(cells[0])));
}

static int prop_u32s(void *fdt, const char *name, const uint32_t *v, unsigned int n)
{
	fdt32_t cells[12];

	for (unsigned int i = 0; i < n; i++)
		cells[i] = cpu_to_fdt32(v[i]);
	return fdt_property(fdt, name, cells, (int)(n * sizeof(cells[0])));
}

static int add_cpus(void *fdt, const struct guest_platform *p)
{
	TRY(fdt_begin_node(fdt, "cpus"));
	TRY(fdt_property_u32(fdt, "#address-cells", 1));
	TRY(fdt_property_u32(fdt, "#size-cells", 0));
	TRY(begin_node_at(fdt, "cpu", p->mpidr & 0xffffff));
	TRY(fdt_property_string(fdt, "device_type", "cpu"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8"));
	/* Aff2..Aff0 of the MPIDR; one address cell has no room for Aff3, which is 0 here. */
	TRY(fdt_property_u32(fdt, "reg", (uint32_t)(p->mpidr & 0xffffff)));
	TRY(fdt_property_string(fdt, "enable-method", "psci"));
	TRY(fdt_end_node(fdt));
	return fdt_end_node(fdt);
}

static int add_psci(void *fdt)
{
	static const char compatible[] = "arm,psci-1.0\0arm,psci-0.2";

	TRY(fdt_begin_node(fdt, "psci"));
	TRY(fdt_property(fdt, "compatible", compatible, sizeof(compatible)));
	TRY(fdt_property_string(fdt, "method", "hvc"));
	return fdt_end_node(fdt);
}

static int add_gic(void *fdt, const struct guest_platform *p)
{
	uint64_t reg[4] = { p->gicd_base, p->gicd_size };

	if (p->gic_version == 2) {
		reg[2] = p->gicc_base;
		reg[3] = p->gicc_size;
	} else {
		reg[2] = p->gicr_base;
		reg[3] = p->gicr_size;
	}
	TRY(begin_node_at(fdt, "interrupt-controller", p->gicd_base));
	if (p->gic_version == 2)
		TRY(fdt_property_string(fdt, "compatible", "arm,cortex-a15-gic"));
	else
		TRY(fdt_property_string(fdt, "compatible", "arm,gic-v3"));
	TRY(fdt_property_u32(fdt, "#interrupt-cells", 3));
	/* No children: dtc's interrupt_provider check asks for the 0 all the same. */
	TRY(fdt_property_u32(fdt, "#address-cells", 0));
	TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
	TRY(prop_u64s(fdt, "reg", reg, 4));
	TRY(fdt_property_u32(fdt, "phandle", GUEST_DTB_GIC_PHANDLE));
	return fdt_end_node(fdt);
}

static int add_timer(void *fdt, const struct guest_platform *p)
{
	/* Level-high PPIs; GICv2's binding also names the CPUs a PPI goes to (CPU 0). */
	uint32_t flags = GUEST_DTB_IRQ_LEVEL_HIGH | (p->gic_version == 2 ? GUEST_DTB_IRQ_PPI_CPU0 : 0);
	uint32_t irqs[12] = {
		GUEST_DTB_IRQ_TYPE_PPI, GUEST_DTB_PPI_SEC_PHYS, flags,
		GUEST_DTB_IRQ_TYPE_PPI, GUEST_DTB_PPI_PHYS, flags,
		GUEST_DTB_IRQ_TYPE_PPI, GUEST_DTB_PPI_VIRT, flags,
		GUEST_DTB_IRQ_TYPE_PPI, GUEST_DTB_PPI_HYP, flags,
	};

	TRY(fdt_begin_node(fdt, "timer"));
	TRY(fdt_property_string(fdt, "compatible", "arm,armv8-timer"));
	TRY(prop_u32s(fdt, "interrupts", irqs, 12));
	return fdt_end_node(fdt);
}

static int add_chosen(void *fdt, const struct guest_platform *p)
{
	TRY(fdt_begin_node(fdt, "chosen"));
	if (p->bootargs)
		TRY(fdt_property_string(fdt, "bootargs", p->bootargs));
	if (p->initrd_end > p->initrd_start) {
		TRY(fdt_property_u64(fdt, "linux,initrd-start", p->initrd_start));
		TRY(fdt_property_u64(fdt, "linux,initrd-end", p->initrd_end));
	}
	if (p->stdout_path)
		TRY(fdt_property_string(fdt, "stdout-path", p->stdout_path));
	return fdt_end_node(fdt);
}

static int add_virtio(void *fdt, const struct guest_virtio_mmio *dev)
{
	uint64_t reg[2] = { dev->base, GUEST_DTB_VIRTIO_SIZE };
	uint32_t irq[3] = { GUEST_DTB_IRQ_TYPE_SPI, dev->intid - GUEST_DTB_SPI_BASE, GUEST_DTB_IRQ_LEVEL_HIGH };

	TRY(begin_node_at(fdt, "virtio_mmio", dev->base));
	TRY(fdt_property_string(fdt, "compatible", "virtio,mmio"));
	TRY(prop_u64s(fdt, "reg", reg, 2));
	TRY(prop_u32s(fdt, "interrupts", irq, 3));
	TRY(fdt_property(fdt, "dma-coherent", NULL, 0));
	return fdt_end_node(fdt);
}

static int build(void *fdt, size_t size, const struct guest_platform *p)
{
	static const char compatible[] = "linux,dummy-virt";
	uint64_t mem[2] = { p->ram_base, p->ram_size };

	TRY(fdt_create(fdt, (int)size));
	TRY(fdt_finish_reservemap(fdt));
	TRY(fdt_begin_node(fdt, ""));
	TRY(fdt_property_u32(fdt, "#address-cells", 2));
	TRY(fdt_property_u32(fdt, "#size-cells", 2));
	TRY(fdt_property(fdt, "compatible", compatible, sizeof(compatible)));
	TRY(fdt_property_string(fdt, "model", p->model ? p->model : "Kauri microVM"));
	TRY(fdt_property_u32(fdt, "interrupt-parent", GUEST_DTB_GIC_PHANDLE));

	TRY(begin_node_at(fdt, "memory", p->ram_base));
	TRY(fdt_property_string(fdt, "device_type", "memory"));
	TRY(prop_u64s(fdt, "reg", mem, 2));
	TRY(fdt_end_node(fdt));

	TRY(add_cpus(fdt, p));
	TRY(add_psci(fdt));
	TRY(add_gic(fdt, p));
	TRY(add_timer(fdt, p));
	TRY(add_chosen(fdt, p));
	for (unsigned int i = 0; i < p->num_virtio; i++)
		TRY(add_virtio(fdt, &p->virtio[i]));
	TRY(fdt_end_node(fdt));
	return fdt_finish(fdt);
}

/* The description's own checks, before anything is written. */
static int check(const struct guest_platform *p, size_t size)
{
	if (p->gic_version != 2 && p->gic_version != 3)
		return -GUEST_DTB_E_CONFIG;
	if (p->ram_size == 0 || p->num_virtio > GUEST_DTB_MAX_VIRTIO || (p->num_virtio && !p->virtio))
		return -GUEST_DTB_E_CONFIG;
	if ((p->mpidr & 0xff00000000ull) != 0 || size > INT32_MAX)
		return -GUEST_DTB_E_CONFIG;
	for (unsigned int i = 0; i < p->num_virtio; i++)
		if (p->virtio[i].intid < GUEST_DTB_SPI_BASE || p->virtio[i].intid > 1019)
			return -GUEST_DTB_E_CONFIG;
	return VMM_OK;
}

int guest_dtb_build(const struct guest_platform *p, void *buf, size_t size)
{
	int err = check(p, size);

	if (err < 0)
		return err;
	err = build(buf, size, p);
	if (err == -FDT_ERR_NOSPACE)
		return -GUEST_DTB_E_NOSPACE;
	if (err < 0)
		return -GUEST_DTB_E_FDT;
	return (int)fdt_totalsize(buf);
}
