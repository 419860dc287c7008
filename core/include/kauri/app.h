/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the root server sets up for every app (its ABI with apps): where things
 * are in the app's address space, which capabilities are in its CSpace, and how
 * it ends. Apps are ordinary C programs: main(argc, argv, envp).
 */
#ifndef KAURI_APP_H
#define KAURI_APP_H

#include <stddef.h>
#include <uapi/kauri/types.h>

/* Addresses in an app's VSpace (below 2^39, so at EL1 and EL2 alike). */
#define KAURI_APP_IPC_BUFFER	0x7f00001000ULL
#define KAURI_APP_STACK_TOP	0x7f00800000ULL	/* stack pages below; argv/envp at the top */
#define KAURI_APP_HEAP		0x10000000ULL	/* heap_pages of zeroed memory */
#define KAURI_APP_CHANNELS	0x40000000ULL	/* its channels, in manifest order, a page apart */
#define KAURI_APP_DEVICES	0x60000000ULL	/* its MMIO ranges, in manifest order, a page apart */
#define KAURI_APP_INITRD	0x7000000000ULL	/* its initrd, read-only */
#define KAURI_APP_RELEASE_MANIFEST 0x7080000000ULL	/* the running manifest, read-only (release-admin) */

/* Slots of an app's CNode (radix KAURI_APP_CNODE_RADIX, addressable with depth 64). */
#define KAURI_APP_CNODE_RADIX	8
enum kauri_app_slot {
	KAURI_APP_CAP_SUPERVISOR = 1,	/* Send-only endpoint to the root server, badged with the app */
	/* Slots 2-4 only for an app with an untyped budget (ut_4k_pages, ut_large_pages), to spend it: */
	KAURI_APP_CAP_TCB = 2,		/* its own TCB */
	KAURI_APP_CAP_CNODE = 3,	/* its own CNode */
	KAURI_APP_CAP_VSPACE = 4,	/* its own VSpace, to map what it makes from its untyped budget */
	KAURI_APP_FIRST_FREE = 16,	/* protocols, channels, devices from here on */
};

/* Messages an app sends to its supervisor. */
#define KAURI_APP_EXIT		0x100	/* MR0: exit status */
#define KAURI_MSG_INITRD	0x206	/* reply MR0 the initrd's address, MR1 its size */
#define KAURI_MSG_UNTYPED	0x205	/* MR0: I; reply MR0 the slot and MR1 the size (log2) of the I-th budget untyped */
#define KAURI_MSG_RESET		0x208	/* reset the board; answered only with a refusal */
/* For an app with resources/release-admin (the admin service) only: */
#define KAURI_MSG_RELEASE	0x209	/* reply MR0 slot ('A', 'B'; 0: built in), MR1 on trial, MR2 manifest size,
					 * MR3 the overlay applied (its id; 0: none) */
#define KAURI_MSG_APP_STATE	0x20a	/* MR0.. an app's name (text); reply MR0 KAURI_APP_*, MR1 its exit status */
#define KAURI_MSG_WATCHDOG	0x20b	/* MR0 timeout in ms (0: disarm): arms or pets the kernel's watchdog */

/* argv[0]: the app's name in the manifest, set by the runtime before main (kauri_log sends it). */
extern const char *kauri_app_name;

/*
 * The app's untyped budget (ut_4k_pages and ut_large_pages of its manifest
 * entry) is a few untypeds of power-of-two sizes in its CNode, the 2 MiB-page
 * ones first: the I-th one's slot and log2 size. 0, or -KAURI_PROTOCOL_*
 * (enum kauri_lib_error) past the last.
 */
long kauri_untyped_budget(unsigned int i, kauri_cptr_t *slot, unsigned int *size_bits);

/*
 * Resets the board (PSCI SYSTEM_RESET), for an app whose manifest entry has
 * resources/machine-reset (the admin service, after an upgrade is written): returns
 * only when refused, -KAURI_PROTOCOL_* (enum kauri_lib_error).
 */
long kauri_reset_board(void);

/* The release the board runs, as the root server booted it (kauri_release_info). */
struct kauri_release {
	char slot;			/* 'A' or 'B': the card slot it came from; 0: the image's built-in one */
	int on_trial;			/* this boot is one of that slot's trial boots: not committed yet */
	const void *manifest;		/* its manifest (DTB) as signed, before any overlay; mapped read-only */
	size_t manifest_size;
	uint32_t overlay;		/* the overlay the root server applied (overlay_package.h's id), or 0 */
};

/* How an app ended last (kauri_app_state). */
enum kauri_app_end {
	KAURI_APP_NOT_ENDED = 0,	/* it runs, or has not started yet */
	KAURI_APP_EXITED = 1,		/* with the status given */
	KAURI_APP_FAULTED = 2,
};

/*
 * For an app with resources/release-admin (the admin service): the running release, and how
 * the app NAME of its manifest ended last (*STATUS its exit status). 0 or a KAURI_APP_* end, or
 * -KAURI_PROTOCOL_* (enum kauri_lib_error: NOT_DECLARED without the right, NOT_FOUND for a name
 * that is no app).
 */
long kauri_release_info(struct kauri_release *release);
long kauri_app_state(const char *name, long *status);
/*
 * Also for release-admin apps: the kernel's watchdog armed, or petted, to reset the board unless
 * called again within TIMEOUT_MS; 0 disarms it. 0, or -KAURI_PROTOCOL_*.
 */
long kauri_watchdog(unsigned long timeout_ms);

/*
 * The app's initrd (its manifest entry's initrd, mapped read-only): 0, or -KAURI_PROTOCOL_*
 * (enum kauri_lib_error).
 */
long kauri_initrd(const void **base, size_t *size);

/* Ends the app with STATUS (main's return value comes here). */
void kauri_exit(int status) __attribute__((noreturn));

#endif
