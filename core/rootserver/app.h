/* SPDX-License-Identifier: BSD-2-Clause */
/* Building an app: its own CNode, VSpace, TCB, memory and arguments, exactly as its manifest entry says. */
#ifndef ROOTSERVER_APP_H
#define ROOTSERVER_APP_H

#include <stddef.h>
#include <stdint.h>
#include <format/bootfs.h>
#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "alloc.h"

/* argv: the name and every manifest arg; envp: every environ entry. */
#define APP_MAX_ARGV	(MANIFEST_MAX_ARGS + 1)
#define APP_MAX_ENVP	MANIFEST_MAX_ENVIRON
#define APP_MAX_BUDGET	64	/* untypeds an app's budget is split into (two 32-bit page counts) */
#define APP_MAX_LARGE_BUDGET	32	/* of them 2 MiB-page ones (one 32-bit page count) */

/* A microVM's files (vm node): the kernel, the initrd, then the disks in manifest order. */
#define APP_VM_KERNEL	0
#define APP_VM_INITRD	1
#define APP_VM_DISK0	2
#define APP_VM_FILES	(APP_VM_DISK0 + MANIFEST_MAX_VM_BLK)

/* A VMM's guest: root slots of the objects made for it from the app's pool, reused on restart. */
struct app_guest {
	kauri_cptr_t tcb, vcpu, vspace, exits;
};

struct app {
	const struct manifest_app *entry;	/* its manifest entry: name, arguments, budgets, resources */
	unsigned int index;		/* its place among the manifest's apps; its badge is index + 1 */
	const uint8_t *elf;		/* its binary, from the bootfs */
	size_t elf_size;
	const uint8_t *initrd;		/* its initrd, from the bootfs (NULL: none) */
	size_t initrd_size;
	struct bootfs_entry vm_files[APP_VM_FILES];	/* a VMM's (vm node) files; size 0: none */
	struct app_guest guest;		/* a VMM's guest (vm node), else unused */
	struct pool pool;		/* all its memory: revoked to stop it for good or restart it */
	unsigned int cnode_radix;	/* KAURI_APP_CNODE_RADIX, or KAURI_VM_CNODE_RADIX for a VMM */
	kauri_cptr_t tcb, cnode, guarded_cnode, vspace, ipc_frame;	/* root slots, reused on restart */
	unsigned int next_cap_slot;	/* where the next capability it is given goes in its CNode */
	kauri_cptr_t channel_slot[MANIFEST_MAX_APP_CHANNELS];	/* notification caps, per manifest channel */
	kauri_cptr_t irq_slot[MANIFEST_MAX_IRQS];	/* IRQHandler caps, per manifest irq */
	kauri_cptr_t irq_notification_slot;		/* the notification its lines signal */
	kauri_cptr_t budget_slot;			/* its first budget untyped; budget_count in a row */
	unsigned char budget_bits[APP_MAX_BUDGET];	/* their sizes, log2 */
	kauri_cptr_t large_budget[APP_MAX_LARGE_BUDGET];	/* its 2 MiB-page budget, one untyped per set bit
							 * of ut_large_pages (root slots, 0 past the last) */
	unsigned int budget_count;
	unsigned int restarts;
	int running;
	int last_end;			/* KAURI_APP_* (kauri/app.h): how it ended last, for the admin service */
	long exit_status;		/* and with what status, when it exited */
};

/* How its supervisor messages and faults are told apart. */
static inline kauri_word_t app_badge(const struct app *app)
{
	return app->index + 1;
}

/*
 * Ties APP to its manifest ENTRY (app INDEX of the manifest) and to its BINARY and INITRD
 * (NULL: none) in the bootfs, which must stay mapped, and a VMM to its APP_VM_FILES VM_FILES
 * (read only with a vm node). Nothing is made yet.
 */
void app_init(struct app *app, const struct manifest_app *entry, unsigned int index,
	      const struct bootfs_entry *binary, const struct bootfs_entry *initrd,
	      const struct bootfs_entry *vm_files);
/* Says why APP cannot be built ("rootserver: app NAME: WHAT"); returns -1. */
int app_fail(const struct app *app, const char *what);
/* Bits of the untyped (the pool) that holds everything APP needs. */
unsigned int app_pool_bits(const struct app *app);
/*
 * Makes the app's protection domain as its manifest entry says and starts it.
 * SUPERVISOR is the root server's endpoint for faults and exits. Returns 0, or
 * -1 with the reason printed (naming the app).
 */
int app_start(struct app *app, kauri_cptr_t supervisor);
/* Destroys everything the app had and builds it again from its manifest entry. */
int app_restart(struct app *app, kauri_cptr_t supervisor);
/* Stops it and returns all its memory. */
void app_destroy(struct app *app);
/* Answers its KAURI_MSG_UNTYPED and KAURI_MSG_INITRD requests (message info INFO). */
void app_budget_request(struct app *app, kauri_word_t info);
void app_initrd_request(struct app *app, kauri_word_t info);

#endif
