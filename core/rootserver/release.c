/* SPDX-License-Identifier: BSD-2-Clause */
/* The running release, for the admin service (release.h). */
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/lib_error.h>
#include <kauri/invoke.h>
#include <kauri/syscalls.h>
#include "release.h"
#include "request.h"

#define PAGE 4096UL

static struct {
	char slot;
	bool on_trial;
	const uint8_t *manifest;
	size_t manifest_size;
	uint32_t overlay;
} running;

void release_set(const struct release_place *place, const struct bootfs_entry *manifest_dtb, uint32_t overlay)
{
	running.overlay = overlay;
	running.slot = place->slot;
	running.on_trial = place->on_trial;
	running.manifest = manifest_dtb->data;
	running.manifest_size = manifest_dtb->size;
}

static uint64_t manifest_pages_bytes(void)
{
	return (running.manifest_size + PAGE - 1) & ~(PAGE - 1);
}

uint64_t release_pool_bytes(const struct app *app)
{
	/* A frame a page, and what mapping it may take: twice, as for an initrd. */
	return app->entry->release_admin ? manifest_pages_bytes() * 2 : 0;
}

int release_map(struct app *app)
{
	if (!app->entry->release_admin)
		return 0;
	for (size_t off = 0; off < running.manifest_size; off += PAGE) {
		size_t len = running.manifest_size - off < PAGE ? running.manifest_size - off : PAGE;

		if (pool_map_new_frame(&app->pool, app->vspace, KAURI_APP_RELEASE_MANIFEST + off, KAURI_VM_READ,
				       running.manifest + off, 0, len) != KAURI_OK)
			return app_fail(app, "out of memory for its copy of the manifest");
	}
	return 0;
}

void release_request(struct app *app, kauri_word_t info)
{
	(void)info;
	if (!app->entry->release_admin) {
		request_refused(app, "release information");
		return;
	}
	kauri_set_mr(0, (kauri_word_t)running.slot);
	kauri_set_mr(1, running.on_trial);
	kauri_set_mr(2, running.manifest_size);
	kauri_set_mr(3, running.overlay);
	kauri_reply(kauri_msginfo(0, 0, 0, 4));
}

void release_watchdog_request(struct app *app, kauri_word_t info)
{
	enum kauri_error err;

	if (!app->entry->release_admin) {
		request_refused(app, "watchdog");
		return;
	}
	if (kauri_msginfo_length(info) < 1) {
		request_error(KAURI_PROTOCOL_BAD_REQUEST);
		return;
	}
	err = kauri_machine_watchdog(KAURI_CAP_MACHINE, kauri_get_mr(0));
	if (err == KAURI_RANGE_ERROR) {
		request_error(KAURI_PROTOCOL_BAD_REQUEST);
		return;
	}
	if (err != KAURI_OK) {
		request_error(KAURI_PROTOCOL_UNAVAILABLE);
		return;
	}
	kauri_reply(kauri_msginfo(0, 0, 0, 0));
}

void release_arm_trial_watchdog(void)
{
#ifdef CONFIG_ADMIN
	enum kauri_error err;

	if (!running.on_trial)
		return;
	err = kauri_machine_watchdog(KAURI_CAP_MACHINE, CONFIG_ADMIN_TRIAL_WATCHDOG * 1000UL);
	if (err == KAURI_OK)
		kauri_printf("rootserver: trial boot: the watchdog resets the board unless the admin service pets it "
			     "within %u s\n", CONFIG_ADMIN_TRIAL_WATCHDOG);
	else
		kauri_printf("rootserver: trial boot: no watchdog: %s\n", kauri_kernel_strerror(err));
#endif
}
