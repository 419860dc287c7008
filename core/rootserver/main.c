/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server: checks the bootfs, reads and validates the manifest before
 * creating anything, ties each app to its manifest entry and its binary, builds
 * each as its own protection domain in start order, then stays as their
 * supervisor (faults and exits).
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/bootfs.h>
#include <kauri/bootinfo.h>
#include <kauri/channel.h>
#include <kauri/console.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/fault.h>
#include <kauri/hash.h>
#include <kauri/invoke.h>
#include <kauri/manifest.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "alloc.h"
#include "app.h"
#include "budget.h"
#include "channel.h"
#include "console.h"
#include "device.h"
#include "msgserver.h"
#include "signature.h"

void kauri_start(const struct kauri_bootinfo *bootinfo);

static struct bootfs bootfs;
static struct bootfs_entry manifest_dtb;
static struct kauri_manifest manifest;
static struct app apps[MANIFEST_MAX_APPS];	/* by manifest index */

static void stop(int status) __attribute__((noreturn));
static void stop(int status)
{
	kauri_machine_power_off(KAURI_CAP_MACHINE, status);
}

/* The bootfs is checked with the same code the host tools build it with (core/format/bootfs.c). */
static void check_bootfs(const struct kauri_bootinfo *bootinfo)
{
	int err = bootfs_open(&bootfs, (const uint8_t *)bootinfo->bootfs, bootinfo->bootfs_size);

	if (err) {
		kauri_printf("rootserver: bootfs: invalid at offset %lu (error %d)\n", (unsigned long)bootfs.error_offset,
			     err);
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

/* Everything in the manifest is checked before anything is created; each app is tied to its entry and files. */
static void read_manifest(void)
{
	struct manifest_error err;

	if (manifest_parse(manifest_dtb.data, manifest_dtb.size, &manifest, &err) != 0) {
		kauri_printf("rootserver: manifest: %s: %s\n", err.path, err.message);
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	for (uint32_t i = 0; i < manifest.napps; i++) {
		const struct manifest_app *m = &manifest.apps[i];
		struct bootfs_entry binary, initrd;

		find_named(m, "binary", m->binary, &binary);
		if (m->initrd)
			find_named(m, "initrd", m->initrd, &initrd);
		app_init(&apps[i], m, i, &binary, m->initrd ? &initrd : 0);
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

#define MAX_RESTARTS	3	/* then the supervisor gives up on an app */

static unsigned int running;

static void restart(unsigned int i, kauri_cptr_t supervisor)
{
	struct app *app = &apps[i];

	if (!app->running)
		running++;
	if (app_restart(app, supervisor) != 0) {
		app_destroy(app);
		running--;
	}
}

/* APP ended (FAILED: a fault or a non-zero exit): its restart policy decides, its dependents follow. */
/* Whether app I is the console server: it reads the console channel. */
static bool is_console_server(unsigned int i)
{
	const struct manifest_app *ma = &manifest.apps[i];

	for (uint32_t k = 0; k < ma->nchannels; k++)
		if (!strcmp(manifest.channels[ma->channels[k].channel].name, CONSOLE_CHANNEL))
			return true;
	return false;
}

static void app_ended(unsigned int i, bool failed, kauri_cptr_t supervisor)
{
	struct app *app = &apps[i];
	enum manifest_restart policy = manifest.apps[i].restart;
	bool again = policy == MANIFEST_RESTART_ALWAYS || (policy == MANIFEST_RESTART_ON_FAILURE && failed);

	/* Lines it had not printed are gone with it; a restarted one would print old ones again. */
	if (is_console_server(i))
		console_detach();

	if (again && app->restarts >= MAX_RESTARTS) {
		kauri_printf("rootserver: app %s: giving up after %u restarts\n", app->entry->name, app->restarts);
		again = false;
	}
	if (!again) {
		app_destroy(app);
		running--;
		return;
	}
	kauri_printf("rootserver: restarting app %s (restart %u of %u, policy %s)\n", app->entry->name,
		     app->restarts + 1, MAX_RESTARTS, manifest_restart_name(policy));
	restart(i, supervisor);
	/* The apps that list it in restart-deps start again with it, in start order. */
	for (uint32_t k = 0; k < manifest.napps; k++) {
		uint32_t j = manifest.start_order[k];

		for (uint32_t d = 0; d < manifest.apps[j].nrestart_deps; d++) {
			if (manifest.apps[j].restart_deps[d] != i)
				continue;
			kauri_printf("rootserver: restarting app %s with %s\n", apps[j].entry->name, app->entry->name);
			restart(j, supervisor);
		}
	}
}

static const char *const fault_names[] = {
	[KAURI_FAULT_CAP] = "capability fault",
	[KAURI_FAULT_UNKNOWN_SYSCALL] = "unknown system call",
	[KAURI_FAULT_USER_EXCEPTION] = "user exception",
	[KAURI_FAULT_VM] = "VM fault",
};

/* Faults and exits of the apps arrive here, badged with app index + 1. */
static void supervise(kauri_cptr_t supervisor)
{
	while (running) {
		kauri_word_t badge;
		kauri_word_t info = kauri_recv(supervisor, &badge);
		kauri_word_t label = kauri_msginfo_label(info);
		struct app *app = badge >= 1 && badge <= manifest.napps ? &apps[badge - 1] : 0;
		bool failed;

		if (!app || !app->running)
			continue;
		if (label == KAURI_MSG_CONSOLE) {
			console_app_line(app, info);
			continue;
		}
		if (label == KAURI_MSG_PUBLISH || label == KAURI_MSG_CONNECT) {
			msgserver_request(app, info);
			continue;
		}
		if (label == KAURI_MSG_CHANNEL) {
			channel_request(app, info);
			continue;
		}
		if (label == KAURI_MSG_INITRD) {
			app_initrd_request(app, info);
			continue;
		}
		if (label == KAURI_MSG_UNTYPED) {
			app_budget_request(app, info);
			continue;
		}
		if (label == KAURI_MSG_DEVICE || label == KAURI_MSG_IRQ) {
			(label == KAURI_MSG_DEVICE ? device_request : irq_request)(app, info);
			continue;
		}
		if (label == KAURI_APP_EXIT) {
			long status = (long)kauri_get_mr(0);

			kauri_printf("rootserver: app %s exited with status %ld\n", app->entry->name, status);
			failed = status != 0;
		} else if (label >= KAURI_FAULT_CAP && label <= KAURI_FAULT_VM) {
			if (label == KAURI_FAULT_VM)
				kauri_printf("rootserver: app %s: VM fault at 0x%lx pc 0x%lx\n", app->entry->name,
					     (unsigned long)kauri_get_mr(1), (unsigned long)kauri_get_mr(0));
			else
				kauri_printf("rootserver: app %s: %s at pc 0x%lx\n", app->entry->name, fault_names[label],
					     (unsigned long)kauri_get_mr(0));
			failed = true;
		} else {
			continue;
		}
		app_ended((unsigned int)(badge - 1), failed, supervisor);
	}
	kauri_printf("rootserver: all apps have ended\n");
#ifdef CONFIG_ARM_SEMIHOSTING
	stop(0);	/* under QEMU: end the run, for the system tests */
#endif
	for (;;)
		kauri_wait(supervisor);	/* nothing left to do */
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	kauri_cptr_t supervisor;

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
	check_budgets(bootinfo);

	supervisor = object_alloc(KAURI_ENDPOINT, 0);
	if (!supervisor || msgserver_init(&manifest) != 0) {
		kauri_printf("rootserver: out of memory\n");
		stop(1);
	}
	if (channel_init(&manifest) != 0 || device_init(&manifest) != 0 || console_attach(bootinfo->timer_frequency) != 0) {
		kauri_printf("rootserver: boot stopped; nothing was started\n");
		stop(1);
	}
	for (uint32_t k = 0; k < manifest.napps; k++) {
		uint32_t i = manifest.start_order[k];

		if (app_start(&apps[i], supervisor) != 0)
			stop(1);
		kauri_printf("rootserver: started app %s (priority %u)\n", apps[i].entry->name, apps[i].entry->priority);
		running++;
	}
	/* The counter starts at reset: this is the boot time (make bench turns it into instructions). */
	kauri_printf("rootserver: all %u apps started, %lu timer ticks after reset\n", manifest.napps,
		     (unsigned long)kauri_counter());
	supervise(supervisor);
}
