/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm_probe: stands in for the VMM in an app with a vm node (tests/system/vm-test.sh) and checks
 * what the root server gave it, as kauri/vm.h says: the settings page (read-only), the files
 * after it with the contents the release has, the guest's VCPU, TCB, VSpace and exit endpoint
 * bound together, GICV exactly on GICv2, and nothing in the slots it was not given. One line
 * per check, "vm_probe: ok ..." or "vm_probe: FAIL ...", then the count; exits 0 when all pass.
 */
#include <stdint.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/vm.h>

static unsigned int failures;

static void check(int ok, const char *what)
{
	kauri_printf("vm_probe: %s %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

static const uint8_t *file_at(const struct kauri_vm_file *f)
{
	return (const uint8_t *)(KAURI_APP_VM + f->offset);
}

/* Whether SLOT of its CNode is empty: a copy of it (to the last slot, then deleted) fails. */
static int slot_empty(kauri_cptr_t slot)
{
	const kauri_word_t spare = (1UL << KAURI_VM_CNODE_RADIX) - 1;
	enum kauri_error err = kauri_cnode_copy(KAURI_APP_CAP_CNODE, spare, 64, KAURI_APP_CAP_CNODE, slot, 64,
						KAURI_ALL_RIGHTS);

	kauri_cnode_delete(KAURI_APP_CAP_CNODE, spare, 64);
	return err != KAURI_OK;
}

int main(int argc, char **argv, char **envp)
{
	const struct kauri_vm_info *info = (const struct kauri_vm_info *)KAURI_APP_VM;
	kauri_word_t regs[KAURI_TCB_REG_COUNT], value = 0;
	const char *expect_gic = argc > 1 ? argv[1] : "3";

	(void)envp;
	check(info->magic == KAURI_VM_INFO_MAGIC, "settings page at KAURI_APP_VM");
	check(info->ram_mb == 32, "ram_mb is the manifest's 32");
	check(info->gic_version == (uint32_t)(expect_gic[0] - '0'), "gic_version is the board's");
	check(info->console == 1, "console flag");
	check(strcmp(info->bootargs, "console=hvc0 probe=1") == 0, "bootargs");
	check(strcmp(info->net_tx, "probe_out") == 0 && strcmp(info->net_rx, "probe_in") == 0, "net channel names");
	/* The release's files, whole: the test wrote recognisable bytes at their start and end. */
	check(info->kernel.offset && info->kernel.size == 3 * 1024 * 1024 + 5 &&
		      memcmp(file_at(&info->kernel), "KERNEL", 6) == 0 &&
		      file_at(&info->kernel)[info->kernel.size - 1] == 'K',
	      "kernel file mapped whole (3 MiB + 5 bytes, across 2 MiB pages)");
	check(info->initrd.offset && memcmp(file_at(&info->initrd), "INITRD", 6) == 0, "initrd file");
	check(info->ndisks == 2 && info->disk[0].read_only && !info->disk[1].read_only &&
		      strcmp(info->disk[0].name, "ro") == 0 && strcmp(info->disk[1].name, "rw") == 0,
	      "two disks, the first read-only");
	check(memcmp(file_at(&info->disk[0].file), "DISKRO", 6) == 0, "read-only disk contents");
	((volatile uint8_t *)file_at(&info->disk[1].file))[0] = 'd';
	check(file_at(&info->disk[1].file)[0] == 'd', "read-write disk is writable");

	/* The guest's objects, bound: the VCPU's register reads, the TCB's registers. */
	check(kauri_vcpu_read_register(KAURI_VM_CAP_GUEST_VCPU, KAURI_VCPU_REG_VMPIDR, &value) == KAURI_OK,
	      "guest VCPU");
	check(kauri_tcb_read_registers(KAURI_VM_CAP_GUEST_TCB, 0, KAURI_TCB_REG_COUNT, regs) == KAURI_OK,
	      "guest TCB");
	check(!slot_empty(KAURI_VM_CAP_GUEST_VSPACE) && !slot_empty(KAURI_VM_CAP_GUEST_EXITS), "guest VSpace and exit endpoint");
	check(slot_empty(KAURI_VM_CAP_GICV) == (info->gic_version != 2), "GICV frame exactly on GICv2");
	check(slot_empty(11) && slot_empty(15), "nothing in the slots it was not given");
	kauri_printf("vm_probe: %u failed\n", failures);
	/*
	 * The settings page is read-only: this write faults, and the root server reports the
	 * fault (the test looks for it after the count).
	 */
	*(volatile uint64_t *)KAURI_APP_VM = 0;
	return 0;
}
