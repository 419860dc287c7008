/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server: checks the bootfs, reads and validates the manifest before
 * creating anything, ties each app to its manifest entry and its binary, then
 * hands them to the supervisor, which builds each as its own protection domain
 * in start order and stays as their supervisor (requests, faults and exits).
 */
#include <stdint.h>
#include <stdio.h>
#include <format/bootfs.h>
#include <uapi/kauri/bootinfo.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <format/error.h>
#include <format/hash.h>
#include <kauri/invoke.h>
#include <format/manifest.h>
#include "alloc.h"
#include "app.h"
#include "budget.h"
#include "channel.h"
#include "partition.h"
#include "console.h"
#include "device.h"
#include "msgserver.h"
#include "signature.h"
#include "supervisor.h"
#include "vm.h"

void kauri_start(const struct kauri_bootinfo *bootinfo);

static struct bootfs bootfs;
static struct bootfs_entry manifest_dtb;
static struct kauri_manifest manifest;
static struct app apps[MANIFEST_MAX_APPS];	/* by manifest index */

static void stop(int status) __attribute__((noreturn));
static void stop(int status)
{
	console_stop();
	kauri_machine_power_off(KAURI_CAP_MACHINE, status);
}

/* The bootfs is checked with the same code the host tools build it with (lib/format/bootfs.c). */
static void check_bootfs(const struct kauri_bootinfo *bootinfo)
{
	int err = bootfs_open(&bootfs, (const uint8_t *)bootinfo->bootfs, bootinfo->bootfs_size);

	if (err) {
		kauri_printf("rootserver: bootfs: invalid at offset %lu: %s\n", (unsigned long)bootfs.error_offset,
			     kauri_format_strerror(err));
		stop(1);
	}
	/*
	 * bootfs_open checked the SHA-256 of the whole image, entries included, so
	 * the per-entry digests (for readers that load one entry) add nothing here.
	 */
	if (bootfs_find(&bootfs, "manifest.dtb", &manifest_dtb) != 0) {
		kauri_printf("rootserver: bootfs: no manifest.dtb\n");
		stop(1);
	}
	kauri_printf("rootserver: bootfs: %u entries, SHA-256 verified; manifest.dtb %lu bytes\n", bootfs.count,
		     (unsigned long)manifest_dtb.size);
}

/* With CONFIG_MANIFEST_SIGNING: the manifest and the binaries as signed, before the manifest is read. */
static void check_signature(void)
{
	if (signature_check(&bootfs, &manifest_dtb) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
}

/* The bootfs entry NAME, which app APP's property PROPERTY names: it must be there, or boot stops. */
static void find_named(const struct manifest_app *app, const char *property, const char *name,
		       struct bootfs_entry *entry)
{
	if (bootfs_find(&bootfs, name, entry) == 0)
		return;
	kauri_printf("rootserver: manifest: /apps/%s/%s: \"%s\" is not in the bootfs\n", app->name, property, name);
	kauri_printf("rootserver: boot stopped; nothing was started\n");
	stop(1);
}

/* A microVM's kernel, initrd and disk images, which its vm node names. */
static void find_vm_files(const struct manifest_app *app, struct bootfs_entry *files)
{
	const struct manifest_vm *vm = &app->vm;
	char property[MANIFEST_ERROR_PATH_LEN];

	find_named(app, "vm/kernel", vm->kernel, &files[APP_VM_KERNEL]);
	if (vm->initrd)
		find_named(app, "vm/initrd", vm->initrd, &files[APP_VM_INITRD]);
	for (uint32_t i = 0; i < vm->nblk; i++) {
		snprintf(property, sizeof(property), "vm/%s/image", vm->blk[i].name);
		find_named(app, property, vm->blk[i].image, &files[APP_VM_DISK0 + i]);
	}
}

/* What this build can run (the manifest format knows more: kauri-release checks the same). */
static const struct manifest_build this_build = {
#ifdef CONFIG_VMM
	.vmm = true,
	.vmm_max_disks = CONFIG_VMM_MAX_BLK,
#endif
};

/* Everything in the manifest is checked before anything is created; each app is tied to its entry and files. */
static void read_manifest(void)
{
	struct manifest_error err;

	if (manifest_parse(manifest_dtb.data, manifest_dtb.size, &manifest, &err) != 0 ||
	    manifest_check_build(&manifest, &this_build, &err) != 0) {
		kauri_printf("rootserver: manifest: %s: %s\n", err.path, err.message);
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	for (uint32_t i = 0; i < manifest.napps; i++) {
		const struct manifest_app *m = &manifest.apps[i];
		struct bootfs_entry binary, initrd, vm_files[APP_VM_FILES] = { 0 };

		find_named(m, "binary", m->binary, &binary);
		if (m->initrd)
			find_named(m, "initrd", m->initrd, &initrd);
		if (m->vm.present)
			find_vm_files(m, vm_files);
		app_init(&apps[i], m, i, &binary, m->initrd ? &initrd : 0, vm_files);
	}
	kauri_printf("rootserver: manifest: %u apps, %u channels, %u message servers\n", manifest.napps,
		     manifest.nchannels, manifest.nmsg_servers);
}

/* Every app's pool against the RAM left, before anything is made: a shortage stops boot as a bad manifest does. */
static void check_budgets(const struct kauri_bootinfo *bootinfo)
{
	static uint64_t pool_bytes[MANIFEST_MAX_APPS];

	for (uint32_t i = 0; i < manifest.napps; i++)
		pool_bytes[i] = 1ULL << app_pool_bits(&apps[i]);
	if (budget_check(bootinfo, &manifest, pool_bytes) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	struct supervisor sv = { .manifest = &manifest, .apps = apps };

	if (bootinfo->magic != KAURI_BOOTINFO_MAGIC) {
		kauri_printf("rootserver: bad BootInfo magic\n");
		stop(1);
	}
	kauri_printf("rootserver: running in user mode on %s, kernel at EL%u\n", bootinfo->board,
		     bootinfo->kernel_el);
	kauri_printf("rootserver: %lu untyped capabilities\n",
		     (unsigned long)(bootinfo->untyped.end - bootinfo->untyped.start));
	if (!bootinfo->bootfs) {
		kauri_printf("rootserver: no bootfs\n");
		stop(1);
	}
	kauri_printf("rootserver: bootfs: %lu bytes at 0x%lx\n", (unsigned long)bootinfo->bootfs_size,
		     (unsigned long)bootinfo->bootfs);
	alloc_init(bootinfo);
	kauri_hash_sha2_instructions = bootinfo->hwcaps & KAURI_HWCAP_SHA2;
	check_bootfs(bootinfo);
	check_signature();
	read_manifest();
	/* Before the budgets: a microVM's pool depends on which of its files it can share. */
	if (vm_init(bootinfo, &manifest) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	check_budgets(bootinfo);
	partition_init(&manifest);

	sv.endpoint = object_alloc(KAURI_ENDPOINT, 0);
	if (!sv.endpoint || msgserver_init(&manifest) != 0) {
		kauri_printf("rootserver: out of memory\n");
		stop(1);
	}
	if (channel_init(&manifest) != 0 || device_init(&manifest) != 0 || console_attach(bootinfo->timer_frequency) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	if (supervisor_start(&sv) != 0)
		stop(1);
	/* The counter starts at reset: this is the boot time (make bench turns it into instructions). */
	kauri_printf("rootserver: all %u apps started, %lu timer ticks after reset\n", manifest.napps,
		     (unsigned long)kauri_counter());
	supervise(&sv);
}
