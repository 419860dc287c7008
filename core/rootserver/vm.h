/* SPDX-License-Identifier: BSD-2-Clause */
/* VMM apps (a vm node, CONFIG_VMM): their guest and the vm node's settings and files (kauri/vm.h). */
#ifndef ROOTSERVER_VM_H
#define ROOTSERVER_VM_H

#include <stdint.h>
#include <format/manifest.h>
#include <uapi/kauri/bootinfo.h>
#include "app.h"

#ifdef CONFIG_VMM
/*
 * Takes what microVMs need at boot (GICV on GICv2; the frames of the release's bootfs, seen at
 * BOOTFS, which their read-only files are shared from), before the budgets are checked: 0, or -1
 * with the reason printed.
 */
int vm_init(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m, const uint8_t *bootfs,
	    struct kauri_slot_region bootfs_frames);
/* Bytes of APP's pool its guest objects and vm files take beyond an ordinary app's; 0 without a vm node. */
uint64_t vm_pool_bytes(const struct app *app);
/* Makes APP's guest and maps the vm node's settings and files (nothing without a vm node): 0 or -1. */
int vm_grant(struct app *app);
#else
/* Without the VMM the manifest check (manifest_check_build) has refused every vm node. */
static inline int vm_init(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m,
			  const uint8_t *bootfs, struct kauri_slot_region bootfs_frames)
{
	(void)bootinfo;
	(void)m;
	(void)bootfs;
	(void)bootfs_frames;
	return 0;
}

static inline uint64_t vm_pool_bytes(const struct app *app)
{
	(void)app;
	return 0;
}

static inline int vm_grant(struct app *app)
{
	(void)app;
	return 0;
}
#endif

#endif
