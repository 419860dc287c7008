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
#include <format/card_state.h>
#include <format/overlay_package.h>
#include <libfdt.h>
#include <string.h>
#include "alloc.h"
#include "app.h"
#include "budget.h"
#include "card.h"
#include "channel.h"
#include "partition.h"
#include "release.h"
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

/* What this build can run (the manifest format knows more: kauri-release checks the same). */
static const struct manifest_build this_build = {
#ifdef CONFIG_VMM
	.vmm = true,
	.vmm_max_disks = CONFIG_VMM_MAX_BLK,
#endif
};

/* The bootfs entry NAME, which app APP's property PROPERTY names: 0, or -1 said when it is not there. */
static int find_named(const struct manifest_app *app, const char *property, const char *name,
		      struct bootfs_entry *entry)
{
	if (bootfs_find(&bootfs, name, entry) == 0)
		return 0;
	kauri_printf("rootserver: manifest: /apps/%s/%s: \"%s\" is not in the bootfs\n", app->name, property, name);
	return -1;
}

/* An app's files: its binary, initrd and a microVM's kernel, initrd and disk images. 0, or -1 said. */
static int find_files(const struct manifest_app *app, struct bootfs_entry *binary, struct bootfs_entry *initrd,
		      struct bootfs_entry *vm_files)
{
	const struct manifest_vm *vm = &app->vm;
	char property[MANIFEST_ERROR_PATH_LEN];
	int missing = find_named(app, "binary", app->binary, binary);

	if (app->initrd)
		missing |= find_named(app, "initrd", app->initrd, initrd);
	if (!vm->present)
		return missing;
	missing |= find_named(app, "vm/kernel", vm->kernel, &vm_files[APP_VM_KERNEL]);
	if (vm->initrd)
		missing |= find_named(app, "vm/initrd", vm->initrd, &vm_files[APP_VM_INITRD]);
	for (uint32_t i = 0; i < vm->nblk; i++) {
		if (!vm->blk[i].image)
			continue;	/* a partition disk: the storage server's, not the bootfs's */
		snprintf(property, sizeof(property), "vm/%s/image", vm->blk[i].name);
		missing |= find_named(app, property, vm->blk[i].image, &vm_files[APP_VM_DISK0 + i]);
	}
	return missing;
}

/* Every file the manifest names is in the bootfs: 0, or -1 said. */
static int check_files(void)
{
	int missing = 0;

	for (uint32_t i = 0; i < manifest.napps; i++) {
		struct bootfs_entry binary, initrd, vm_files[APP_VM_FILES] = { 0 };

		missing |= find_files(&manifest.apps[i], &binary, &initrd, vm_files);
	}
	return missing;
}

/*
 * The release image DATA (LEN bytes): the bootfs checked with the same code the host tools build
 * it with (lib/format/bootfs.c), the manifest's signature, the manifest itself (into `manifest`)
 * and every file it names. 0, or -1 after saying what is wrong; nothing is made either way.
 */
static int check_release(const uint8_t *data, size_t len)
{
	struct manifest_error err;
	int ret = bootfs_open(&bootfs, data, len);

	if (ret) {
		kauri_printf("rootserver: bootfs: invalid at offset %lu: %s\n", (unsigned long)bootfs.error_offset,
			     kauri_format_strerror(ret));
		return -1;
	}
	/*
	 * bootfs_open checked the SHA-256 of the whole image, entries included, so
	 * the per-entry digests (for readers that load one entry) add nothing here.
	 */
	if (bootfs_find(&bootfs, "manifest.dtb", &manifest_dtb) != 0) {
		kauri_printf("rootserver: bootfs: no manifest.dtb\n");
		return -1;
	}
	kauri_printf("rootserver: bootfs: %u entries, SHA-256 verified; manifest.dtb %lu bytes\n", bootfs.count,
		     (unsigned long)manifest_dtb.size);
	/* With CONFIG_MANIFEST_SIGNING: the manifest and the binaries as signed, before the manifest is read. */
	if (signature_check(&bootfs, &manifest_dtb) != 0)
		return -1;
	if (manifest_parse(manifest_dtb.data, manifest_dtb.size, &manifest, &err) != 0 ||
	    manifest_check_build(&manifest, &this_build, &err) != 0) {
		kauri_printf("rootserver: manifest: %s: %s\n", err.path, err.message);
		return -1;
	}
	return check_files();
}

/* Each app tied to its manifest entry and its files (check_release found them all). */
static void tie_apps(void)
{
	for (uint32_t i = 0; i < manifest.napps; i++) {
		const struct manifest_app *m = &manifest.apps[i];
		struct bootfs_entry binary, initrd, vm_files[APP_VM_FILES] = { 0 };

		find_files(m, &binary, &initrd, vm_files);
		app_init(&apps[i], m, i, &binary, m->initrd ? &initrd : 0, vm_files);
	}
	kauri_printf("rootserver: manifest: %u apps, %u channels, %u message servers\n", manifest.napps,
		     manifest.nchannels, manifest.nmsg_servers);
}

/*
 * The release that boots: the card's active slot's when the card holds one that passes the checks
 * (card.h), else the built-in one, which is checked first (it says where the card's controller is,
 * and is what boots when the card's releases do not). Says which.
 */
static void choose_release(const struct kauri_bootinfo *bootinfo, struct release_place *release)
{
	struct bootfs builtin_fs;
	struct bootfs_entry builtin_dtb;
	struct manifest_error err;

	if (check_release((const uint8_t *)bootinfo->bootfs, bootinfo->bootfs_size) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	builtin_fs = bootfs;
	builtin_dtb = manifest_dtb;
	if (card_release(&manifest, check_release, release) == 0) {
		kauri_printf("rootserver: booting the release in card slot %c\n", release->slot);
		return;
	}
	/* The card's checks read their manifests over the built-in one's: read it again (it passed). */
	bootfs = builtin_fs;
	manifest_dtb = builtin_dtb;
	if (manifest_parse(manifest_dtb.data, manifest_dtb.size, &manifest, &err) != 0) {
		kauri_printf("rootserver: manifest: %s: %s\n", err.path, err.message);
		stop(1);
	}
	*release = (struct release_place){ .base = (const uint8_t *)bootinfo->bootfs, .size = bootinfo->bootfs_size,
					   .frames = bootinfo->bootfs_frames, .ram_bytes = release->ram_bytes };
	kauri_printf("rootserver: booting the built-in release\n");
}

/*
 * The card's overlay (release->overlay, its package) on the booting release's manifest: checked
 * with the code the admin service stored it with (lib/format/overlay_package.c) against the
 * manifest as signed, applied to a copy with libfdt, and the result read as the manifest, its
 * files found. Any failure is said and the release boots as signed. Returns the overlay's id, or 0.
 */
#define OVERLAID_MAX	(256u * 1024)

static uint32_t apply_overlay(const struct release_place *release)
{
	static uint8_t overlaid[OVERLAID_MAX], dtbo[CARD_OVERLAY_AREA_SIZE];
	struct overlay_package ov;
	struct manifest_error err;
	char bad[256];
	int ret;

	if (!release->overlay)
		return 0;
	ret = overlay_package_check(manifest_dtb.data, manifest_dtb.size, release->overlay, release->overlay_size, &ov,
				    bad, sizeof(bad));
	if (ret) {
		kauri_printf("rootserver: overlay refused: %s%s%s; booting without it\n", bad, bad[0] ? ": " : "",
			     kauri_format_strerror(ret));
		return 0;
	}
	if (ov.removes)
		return 0;
	/* fdt_overlay_apply changes both trees: copies, the base one with room to grow. */
	if (ov.dtbo_len > sizeof(dtbo) || fdt_open_into(manifest_dtb.data, overlaid, sizeof(overlaid)) != 0) {
		kauri_printf("rootserver: overlay %08x: too large to apply; booting without it\n", ov.id);
		return 0;
	}
	memcpy(dtbo, ov.dtbo, ov.dtbo_len);
	ret = fdt_overlay_apply(overlaid, dtbo);
	if (ret) {
		kauri_printf("rootserver: overlay %08x: libfdt cannot apply it: %s; booting without it\n", ov.id,
			     fdt_strerror(ret));
		return 0;
	}
	fdt_pack(overlaid);
	if (manifest_parse(overlaid, fdt_totalsize(overlaid), &manifest, &err) != 0 ||
	    manifest_check_build(&manifest, &this_build, &err) != 0) {
		kauri_printf("rootserver: overlay %08x: the manifest it makes: %s: %s; booting without it\n", ov.id,
			     err.path, err.message);
	} else if (check_files() != 0) {
		kauri_printf("rootserver: overlay %08x: names files the release does not have; booting without it\n", ov.id);
	} else {
		kauri_printf("rootserver: overlay %08x applied to the manifest\n", ov.id);
		return ov.id;
	}
	/* The manifest as signed again (it passed before). */
	manifest_parse(manifest_dtb.data, manifest_dtb.size, &manifest, &err);
	return 0;
}

/*
 * Every app's pool against the RAM left (less HELD, what the root server holds of a release read
 * from a card), before anything is made: a shortage stops boot as a bad manifest does.
 */
static void check_budgets(const struct kauri_bootinfo *bootinfo, uint64_t held)
{
	static uint64_t pool_bytes[MANIFEST_MAX_APPS];

	for (uint32_t i = 0; i < manifest.napps; i++)
		pool_bytes[i] = 1ULL << app_pool_bits(&apps[i]);
	if (budget_check(bootinfo, &manifest, pool_bytes, held) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	struct supervisor sv = { .manifest = &manifest, .apps = apps };
	struct release_place release;
	/* Where boot time goes (the counter starts at reset): the kernel's, then each phase's end. */
	uint64_t entered = kauri_counter(), release_checked, services_set_up, started;

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
	choose_release(bootinfo, &release);
	release_set(&release, &manifest_dtb, apply_overlay(&release));
	release_arm_trial_watchdog();
	release_checked = kauri_counter();
	tie_apps();
	/* Before the budgets: a microVM's pool depends on which of its files it can share. */
	if (vm_init(bootinfo, &manifest, release.base, release.frames) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	check_budgets(bootinfo, release.ram_bytes);
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
	services_set_up = kauri_counter();
	if (supervisor_start(&sv) != 0)
		stop(1);
	started = kauri_counter();
	/* The counter starts at reset: this is the boot time (make bench turns it into instructions). */
	kauri_printf("rootserver: all %u apps started, %lu timer ticks after reset\n", manifest.napps,
		     (unsigned long)started);
	kauri_printf("rootserver: boot phases in timer ticks: kernel %lu, release read and checked %lu, "
		     "services set up %lu, apps made and started %lu\n", (unsigned long)entered,
		     (unsigned long)(release_checked - entered), (unsigned long)(services_set_up - release_checked),
		     (unsigned long)(started - services_set_up));
	supervise(&sv);
}
