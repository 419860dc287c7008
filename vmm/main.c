/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vmm: runs one Linux microVM for an app whose manifest entry has a vm node (docs/vmm.md). The
 * root server made the guest's thread, VCPU and stage-2 VSpace and mapped the vm node's settings
 * and files (kauri/vm.h); the VMM makes the guest's RAM from its own budget, loads the kernel,
 * initrd and device tree, starts the vCPU and serves its exits until the guest powers off.
 */
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
#include "exits.h"
#include "guest_boot.h"
#include "guest_ram.h"
#include "vm_info.h"

static struct vm vm;

/* The guest's MPIDR (the device tree's cpu, PSCI's and the GIC's affinity) is what its VCPU says. */
static int read_mpidr(uint64_t *mpidr)
{
	kauri_word_t value;
	enum kauri_error err = kauri_vcpu_read_register(KAURI_VM_CAP_GUEST_VCPU, KAURI_VCPU_REG_VMPIDR, &value);

	if (err != KAURI_OK) {
		kauri_printf("vm: cannot read the guest's VCPU: %s\n", kauri_kernel_strerror(err));
		return -1;
	}
	*mpidr = value;
	return 0;
}

/* Frames for the guest wake the VMM while it waits for the guest's next exit. */
static int bind_wakeup(kauri_cptr_t notification)
{
	enum kauri_error err;

	if (!notification)
		return 0;
	err = kauri_tcb_bind_notification(KAURI_APP_CAP_TCB, notification);
	if (err != KAURI_OK) {
		kauri_printf("vm: cannot bind the network's notification to the VMM: %s\n", kauri_kernel_strerror(err));
		return -1;
	}
	return 0;
}

/* Everything before the guest's first instruction: 0, or -1 after printing why not. */
static int build(struct vm *v, struct guest_entry *entry)
{
	kauri_cptr_t last_slot;

	v->info = vm_info_map();
	if (!v->info || read_mpidr(&v->mpidr))
		return -1;
	if (vgic_init(&v->gic, v->info->gic_version, v->mpidr)) {
		kauri_printf("vm: the guest's MPIDR 0x%llx or GIC version %u is not one the GIC model takes\n",
			     (unsigned long long)v->mpidr, v->info->gic_version);
		return -1;
	}
	if (devices_init(&v->devices, v->info, &v->ram, &v->gic, &last_slot) || vm_budget_read(&v->budget, last_slot) ||
	    guest_ram_make(&v->budget, v->info->ram_mb, GUEST_RAM_IPA, &v->ram))
		return -1;
	if (v->info->gic_version == 2 && guest_ram_map_gicv(&v->budget, GUEST_GICC_IPA))
		return -1;
	if (guest_boot_load(v, entry) || bind_wakeup(devices_wakeup(&v->devices)))
		return -1;
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	struct guest_entry entry;

	(void)argc, (void)argv, (void)envp;
	if (build(&vm, &entry))
		return VM_EXIT_VMM_ERROR;
	kauri_printf("vm: starting a %u MiB guest with GICv%u and %u virtio devices\n", vm.info->ram_mb,
		     vm.info->gic_version, vm.devices.count);
	if (guest_boot_start(&entry))
		return VM_EXIT_VMM_ERROR;
	return vm_run(&vm);
}
