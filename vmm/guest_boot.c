/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Boots the guest as a boot loader would (Documentation/arch/arm64/booting.rst): the Image at a
 * 2 MiB boundary plus its text_offset, the initrd and the device tree at the top of RAM, the CPU
 * entered at EL1 with its MMU off, interrupts masked and x0 the device tree's address.
 */
#include <string.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
#include "arm64_image.h"
#include "guest_boot.h"
#include "guest_dtb.h"
#include "vm_info.h"

/* Room for the device tree: bootargs (2 KiB at most) and 16 devices take a few KiB of it. */
#define GUEST_DTB_ROOM		0x10000u
/* SPSR: EL1 on SP_EL1 (M = 0b0101) with D, A, I and F masked, as after a reset. */
#define SPSR_EL1H_MASKED	0x3c5u

/* LEN bytes of FILE into guest RAM at IPA; the layout made room, this only checks it again. */
static int copy_in(struct vm *vm, uint64_t ipa, const uint8_t *file, uint64_t len, const char *what)
{
	uint8_t *dst;

	if (!len)
		return 0;
	dst = guest_memory_ptr(&vm->ram, ipa, len);
	if (!dst) {
		kauri_printf("vm: the guest's %s (%llu bytes) does not fit its RAM at 0x%llx\n", what,
			     (unsigned long long)len, (unsigned long long)ipa);
		return -1;
	}
	memcpy(dst, file, len);
	return 0;
}

static int write_dtb(struct vm *vm, const struct arm64_layout *layout)
{
	const struct kauri_vm_info *info = vm->info;
	struct guest_virtio_mmio virtio[GUEST_DTB_MAX_VIRTIO];
	struct guest_platform p = {
		.ram_base = vm->ram.ipa,
		.ram_size = vm->ram.size,
		.gic_version = info->gic_version,
		.gicd_base = GUEST_GICD_IPA,
		.gicd_size = info->gic_version == 2 ? VGIC_V2_GICD_SIZE : VGIC_V3_GICD_SIZE,
		.gicc_base = GUEST_GICC_IPA,
		.gicc_size = GUEST_GICC_SIZE,
		.gicr_base = GUEST_GICR_IPA,
		.gicr_size = VGIC_V3_GICR_SIZE,
		.mpidr = vm->mpidr,
		.virtio = virtio,
		.num_virtio = devices_describe(&vm->devices, virtio),
		.bootargs = info->bootargs[0] ? info->bootargs : NULL,
		.initrd_start = layout->initrd_start,
		.initrd_end = layout->initrd_end,
	};
	void *dtb = guest_memory_ptr(&vm->ram, layout->dtb, GUEST_DTB_ROOM);
	int size;

	if (!dtb) {
		kauri_printf("vm: no room for the guest's device tree at 0x%llx\n", (unsigned long long)layout->dtb);
		return -1;
	}
	size = guest_dtb_build(&p, dtb, GUEST_DTB_ROOM);
	if (size < 0) {
		kauri_printf("vm: cannot write the guest's device tree: %s\n", vmm_strerror(size));
		return -1;
	}
	return 0;
}

int guest_boot_load(struct vm *vm, struct guest_entry *entry)
{
	const struct kauri_vm_info *info = vm->info;
	const uint8_t *kernel = vm_file_bytes(info, &info->kernel);
	const uint8_t *initrd = vm_file_bytes(info, &info->initrd);
	struct arm64_layout_request request = {
		.ram_base = vm->ram.ipa,
		.ram_size = vm->ram.size,
		.initrd_size = initrd ? info->initrd.size : 0,
		.dtb_size = GUEST_DTB_ROOM,
	};
	struct arm64_image_info image;
	struct arm64_layout layout;
	int err;

	err = arm64_image_parse(kernel, info->kernel.size, &image);
	if (err) {
		kauri_printf("vm: the guest's kernel: %s\n", vmm_strerror(err));
		return -1;
	}
	err = arm64_image_layout(&image, &request, &layout);
	if (err) {
		kauri_printf("vm: the guest's kernel (%llu bytes with its BSS) and initrd (%llu bytes) in %u MiB of RAM: %s\n",
			     (unsigned long long)image.image_size, (unsigned long long)request.initrd_size,
			     info->ram_mb, vmm_strerror(err));
		return -1;
	}
	if (copy_in(vm, layout.kernel_start, kernel, info->kernel.size, "kernel") ||
	    copy_in(vm, layout.initrd_start, initrd, request.initrd_size, "initrd") || write_dtb(vm, &layout))
		return -1;
	entry->pc = layout.kernel_start;
	entry->dtb = layout.dtb;
	return 0;
}

int guest_boot_start(const struct guest_entry *entry)
{
	kauri_word_t regs[KAURI_TCB_REG_X0 + 1] = {
		[KAURI_TCB_REG_PC] = entry->pc,
		[KAURI_TCB_REG_SPSR] = SPSR_EL1H_MASKED,
		[KAURI_TCB_REG_X0] = entry->dtb,
	};
	enum kauri_error err;

	/* WFI waits on the CPU for the guest's next interrupt; WFE, a spin-wait hint, yields it. */
	err = kauri_vcpu_set_wfx(KAURI_VM_CAP_GUEST_VCPU, KAURI_VCPU_WFX_WAIT, KAURI_VCPU_WFX_YIELD);
	if (err == KAURI_OK)
		err = kauri_tcb_write_registers(KAURI_VM_CAP_GUEST_TCB, 1, KAURI_TCB_REG_X0 + 1, regs);
	if (err != KAURI_OK) {
		kauri_printf("vm: cannot start the guest's vCPU: %s\n", kauri_kernel_strerror(err));
		return -1;
	}
	return 0;
}
