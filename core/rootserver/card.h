/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Booting the release in a card's active slot (docs/storage.md, "Booting from the card"): before
 * any app starts, the root server drives the storage controller the built-in manifest gives its
 * storage server, reads the card's GPT and state area and the active slot's bootfs into frames of
 * its own, and the boot goes on from that release when it passes the checks the built-in one
 * passes; else the other slot's; else the built-in release.
 */
#ifndef ROOTSERVER_CARD_H
#define ROOTSERVER_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <format/manifest.h>
#include <uapi/kauri/bootinfo.h>

/* Where a release's bootfs is: mapped in the root server, and as 2 MiB frame capabilities. */
struct release_place {
	const uint8_t *base;
	uint64_t size;
	struct kauri_slot_region frames;	/* root slots, in order */
	uint64_t ram_bytes;			/* RAM the root server took to hold it (0: built in) */
	char slot;				/* 'A' or 'B' for a card slot, 0 for the built-in release */
	bool on_trial;				/* this boot is one of the slot's trial boots */
	const uint8_t *overlay;			/* the state's active overlay package, read from the card, or NULL */
	uint64_t overlay_size;
};

/* Checks a release image (the bootfs, its signature, its manifest and files): 0, or -1 said. */
typedef int (*release_check_fn)(const uint8_t *data, size_t len);

#ifdef CONFIG_BOOT_FROM_CARD
/*
 * The release on the card, if there is one to boot: the controller found among the devices of
 * BUILTIN's app publishing kos_block_protocol, the active slot's release read and passed to
 * CHECK, then the other slot's. 0 with *PLACE when one passed (what CHECK read is then that
 * release's); -1 after saying why none did. The controller is left reset for the storage server.
 */
int card_release(const struct kauri_manifest *builtin, release_check_fn check, struct release_place *place);
#else
static inline int card_release(const struct kauri_manifest *builtin, release_check_fn check,
			       struct release_place *place)
{
	(void)builtin;
	(void)check;
	(void)place;
	return -1;
}
#endif

#endif
