/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of vmm/guest_dtb.c: the generated tree read back with libfdt, property by property. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>
#include "guest_dtb.h"

static uint8_t blob[8192];

static const struct guest_virtio_mmio devices[] = {
	{ .base = 0x0a000000, .intid = 48 },
	{ .base = 0x0a000200, .intid = 49 },
};

static struct guest_platform platform(unsigned int gic)
{
	struct guest_platform p = {
		.ram_base = 0x40000000, .ram_size = 0x8000000, .gic_version = gic,
		.gicd_base = 0x08000000, .gicd_size = 0x10000,
		.gicc_base = 0x08010000, .gicc_size = 0x2000,
		.gicr_base = 0x080a0000, .gicr_size = 0x20000,
		.mpidr = 0, .virtio = devices, .num_virtio = 2,
		.bootargs = "console=hvc0 cryptomgr.notests",
		.initrd_start = 0x47000000, .initrd_end = 0x47a00000,
	};

	return p;
}

static int node(const char *path)
{
	int off = fdt_path_offset(blob, path);

	if (off < 0)
		fail_msg("no node %s: %s", path, fdt_strerror(off));
	return off;
}

static const void *prop(const char *path, const char *name, int expect_len)
{
	int len;
	const void *v = fdt_getprop(blob, node(path), name, &len);

	if (!v)
		fail_msg("%s has no %s", path, name);
	if (expect_len >= 0)
		assert_int_equal(len, expect_len);
	return v;
}

/* Properties are only 4-byte aligned in the blob. */
static uint32_t u32_at(const void *v, int i)
{
	fdt32_t x;

	memcpy(&x, (const uint8_t *)v + 4 * i, sizeof(x));
	return fdt32_to_cpu(x);
}

static uint64_t u64_at(const void *v, int i)
{
	fdt64_t x;

	memcpy(&x, (const uint8_t *)v + 8 * i, sizeof(x));
	return fdt64_to_cpu(x);
}

static void assert_u32(const char *path, const char *name, uint32_t want)
{
	assert_int_equal(u32_at(prop(path, name, 4), 0), want);
}

static void assert_string(const char *path, const char *name, const char *want)
{
	assert_string_equal(prop(path, name, (int)strlen(want) + 1), want);
}

static void assert_empty(const char *path, const char *name)
{
	prop(path, name, 0);
}

static void assert_reg64(const char *path, const uint64_t *want, int n)
{
	const void *v = prop(path, "reg", n * 8);

	for (int i = 0; i < n; i++)
		assert_int_equal(u64_at(v, i), want[i]);
}

static void build(const struct guest_platform *p)
{
	int size = guest_dtb_build(p, blob, sizeof(blob));

	assert_true(size > 0);
	assert_int_equal(fdt_check_header(blob), 0);
	assert_int_equal(fdt_totalsize(blob), (uint32_t)size);
}

static void checks_common(unsigned int gic)
{
	const void *v;
	int len;
	uint32_t ppi_flags = 4 | (gic == 2 ? 0x100 : 0);
	const uint32_t timer[12] = { 1, 13, ppi_flags, 1, 14, ppi_flags, 1, 11, ppi_flags, 1, 10, ppi_flags };
	const uint64_t mem[2] = { 0x40000000, 0x8000000 };

	assert_u32("/", "#address-cells", 2);
	assert_u32("/", "#size-cells", 2);
	assert_string("/", "compatible", "linux,dummy-virt");
	assert_string("/", "model", "Kauri microVM");
	assert_u32("/", "interrupt-parent", GUEST_DTB_GIC_PHANDLE);

	assert_string("/memory@40000000", "device_type", "memory");
	assert_reg64("/memory@40000000", mem, 2);

	assert_u32("/cpus", "#address-cells", 1);
	assert_u32("/cpus", "#size-cells", 0);
	assert_string("/cpus/cpu@0", "device_type", "cpu");
	assert_string("/cpus/cpu@0", "compatible", "arm,armv8");
	assert_u32("/cpus/cpu@0", "reg", 0);
	assert_string("/cpus/cpu@0", "enable-method", "psci");

	v = prop("/psci", "compatible", -1);
	len = (int)sizeof("arm,psci-1.0") + (int)sizeof("arm,psci-0.2");
	assert_int_equal(fdt_stringlist_count(blob, node("/psci"), "compatible"), 2);
	assert_int_equal(fdt_stringlist_search(blob, node("/psci"), "compatible", "arm,psci-1.0"), 0);
	assert_int_equal(fdt_stringlist_search(blob, node("/psci"), "compatible", "arm,psci-0.2"), 1);
	prop("/psci", "compatible", len);
	(void)v;
	assert_string("/psci", "method", "hvc");

	assert_string("/timer", "compatible", "arm,armv8-timer");
	v = prop("/timer", "interrupts", 48);
	for (int i = 0; i < 12; i++)
		assert_int_equal(u32_at(v, i), timer[i]);
	assert_null(fdt_getprop(blob, node("/timer"), "always-on", NULL));

	assert_string("/chosen", "bootargs", "console=hvc0 cryptomgr.notests");
	assert_int_equal(u64_at(prop("/chosen", "linux,initrd-start", 8), 0), 0x47000000);
	assert_int_equal(u64_at(prop("/chosen", "linux,initrd-end", 8), 0), 0x47a00000);
	assert_null(fdt_getprop(blob, node("/chosen"), "stdout-path", NULL));

	for (int i = 0; i < 2; i++) {
		const char *path = i == 0 ? "/virtio_mmio@a000000" : "/virtio_mmio@a000200";
		const uint64_t reg[2] = { devices[i].base, 0x200 };

		assert_string(path, "compatible", "virtio,mmio");
		assert_reg64(path, reg, 2);
		v = prop(path, "interrupts", 12);
		assert_int_equal(u32_at(v, 0), 0);
		assert_int_equal(u32_at(v, 1), devices[i].intid - 32);
		assert_int_equal(u32_at(v, 2), 4);
		assert_empty(path, "dma-coherent");
	}
	assert_int_equal(fdt_node_offset_by_compatible(blob, -1, "virtio,mmio") >= 0, 1);
}

/* The GIC node: GICD, then GICv2's GICC or GICv3's redistributor. */
static void gic_tree(unsigned int version, const char *compatible, uint64_t second_base, uint64_t second_size)
{
	struct guest_platform p = platform(version);
	const uint64_t reg[4] = { 0x08000000, 0x10000, second_base, second_size };
	const char *gic = "/interrupt-controller@8000000";

	build(&p);
	checks_common(version);
	assert_string(gic, "compatible", compatible);
	assert_u32(gic, "#interrupt-cells", 3);
	assert_u32(gic, "#address-cells", 0);
	assert_empty(gic, "interrupt-controller");
	assert_reg64(gic, reg, 4);
	assert_u32(gic, "phandle", GUEST_DTB_GIC_PHANDLE);
	assert_int_equal(fdt_node_offset_by_phandle(blob, GUEST_DTB_GIC_PHANDLE), node(gic));
}

static void gicv2_tree(void **state)
{
	(void)state;
	gic_tree(2, "arm,cortex-a15-gic", 0x08010000, 0x2000);
}

static void gicv3_tree(void **state)
{
	(void)state;
	gic_tree(3, "arm,gic-v3", 0x080a0000, 0x20000);
}

static void optional_parts(void **state)
{
	struct guest_platform p = platform(3);

	(void)state;
	p.bootargs = NULL;
	p.initrd_start = p.initrd_end = 0;
	p.num_virtio = 0;
	p.stdout_path = "/pl011@9000000";
	p.model = "test VM";
	p.mpidr = 0x80000102;
	build(&p);
	assert_null(fdt_getprop(blob, node("/chosen"), "bootargs", NULL));
	assert_null(fdt_getprop(blob, node("/chosen"), "linux,initrd-start", NULL));
	assert_string("/chosen", "stdout-path", "/pl011@9000000");
	assert_string("/", "model", "test VM");
	assert_u32("/cpus/cpu@102", "reg", 0x102);
	assert_int_equal(fdt_node_offset_by_compatible(blob, -1, "virtio,mmio"), -FDT_ERR_NOTFOUND);
}

static void errors(void **state)
{
	struct guest_platform p = platform(2);
	struct guest_virtio_mmio bad = { .base = 0x0a000000, .intid = 31 };
	int size;

	(void)state;
	/* Every buffer shorter than the tree is refused with NOSPACE, and none is overrun. */
	size = guest_dtb_build(&p, blob, sizeof(blob));
	assert_true(size > 0);
	for (int n = 0; n < size; n += 7)
		assert_int_equal(guest_dtb_build(&p, blob, (size_t)n), -GUEST_DTB_E_NOSPACE);
	assert_int_equal(guest_dtb_build(&p, blob, (size_t)size), size);
	assert_non_null(strstr(vmm_strerror(-GUEST_DTB_E_NOSPACE), "does not fit"));

	p.gic_version = 4;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	p = platform(2);
	p.virtio = &bad;
	p.num_virtio = 1;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	bad.intid = 1020;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	p = platform(2);
	p.num_virtio = GUEST_DTB_MAX_VIRTIO + 1;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	p = platform(2);
	p.ram_size = 0;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	p = platform(2);
	p.mpidr = 0x100000000ull;
	assert_int_equal(guest_dtb_build(&p, blob, sizeof(blob)), -GUEST_DTB_E_CONFIG);
	assert_string_equal(vmm_strerror(-77), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(gicv2_tree),
		cmocka_unit_test(gicv3_tree),
		cmocka_unit_test(optional_parts),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests_name("vmm guest_dtb", tests, NULL, NULL);
}
