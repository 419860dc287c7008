/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot-time memory check: every app's pool against the RAM left, before anything is created. */
#ifndef ROOTSERVER_BUDGET_H
#define ROOTSERVER_BUDGET_H

#include <stdint.h>
#include <uapi/kauri/bootinfo.h>
#include <format/manifest.h>

/*
 * Walks the apps in start order as the root server will make them: each one's pool of
 * POOL_BYTES[app index] bytes must fit the RAM BOOTINFO hands over less HELD (what the root server
 * already holds: a release read from a card), the channels and the pools before it, and must fit
 * one block of that RAM. Returns 0, or -1 with the first app that does not
 * fit named by its node path. It cannot see fragmentation: pool_create still reports that.
 */
int budget_check(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m,
		 const uint64_t *pool_bytes, uint64_t held);

#endif
