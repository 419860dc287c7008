/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The running release, as the admin service is told it (resources/release-admin, kauri/app.h):
 * the card slot it came from or the built-in image, whether this boot is one of a trial, and a
 * read-only copy of its manifest in the admin's address space, which the next upgrade is checked
 * against.
 */
#ifndef ROOTSERVER_RELEASE_H
#define ROOTSERVER_RELEASE_H

#include <stdint.h>
#include <format/bootfs.h>
#include "app.h"
#include "card.h"

/* The release booting from PLACE, its manifest MANIFEST_DTB as signed (both stay mapped), OVERLAY applied (0: none). */
void release_set(const struct release_place *place, const struct bootfs_entry *manifest_dtb, uint32_t overlay);

/* The pool bytes APP needs for its copy of the manifest (0 without release-admin). */
uint64_t release_pool_bytes(const struct app *app);

/* The manifest copied into APP's pages at KAURI_APP_RELEASE_MANIFEST (release-admin apps): 0, or -1 said. */
int release_map(struct app *app);

/* KAURI_MSG_RELEASE: which release runs, for a release-admin app; refused for others. */
void release_request(struct app *app, kauri_word_t info);

/* KAURI_MSG_WATCHDOG: the kernel's watchdog armed, petted or disarmed, for a release-admin app. */
void release_watchdog_request(struct app *app, kauri_word_t info);

/* On a trial boot with the admin service: the watchdog armed before any app starts (CONFIG_ADMIN_TRIAL_WATCHDOG). */
void release_arm_trial_watchdog(void);

#endif
