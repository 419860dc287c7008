/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_admin_protocol: the admin service's status (docs/upgrades.md), for the apps whose manifest
 * entry connects to it (a fleet agent, a status display). The admin answers once it has decided
 * a trial and looked at the inbox, so what a caller hears is settled.
 *
 *   KAURI_ADMIN_STATUS   reply MR0 the running slot ('A', 'B'; 0 built in), MR1 whether on trial,
 *                        MR2 the running release version, MR3 the highest installed (state area),
 *                        MR4 how the last trial ended (CARD_TRIAL_*), MR5 its slot ('A', 'B', 0),
 *                        MR6 the last inbox package's outcome (INBOX_OUTCOME_*), MR7 the overlay
 *                        the root server applied at this boot (its id, overlay_package.h; 0: none)
 *
 * The reply's label is 0, or KAURI_ADMIN_E_REQUEST for anything else.
 */
#ifndef KAURI_ADMIN_H
#define KAURI_ADMIN_H

#include <stdint.h>
#include <uapi/kauri/types.h>

#define KAURI_ADMIN_PROTOCOL	"kos_admin_protocol"
#define KAURI_ADMIN_STATUS	1
#define KAURI_ADMIN_STATUS_WORDS 8
#define KAURI_ADMIN_E_REQUEST	1

struct kauri_admin_status {
	char slot;
	int on_trial;
	uint32_t release_version;
	uint64_t highest_version;
	uint8_t last_trial;		/* CARD_TRIAL_* (format/card_state.h) */
	char last_trial_slot;
	uint32_t inbox_outcome;		/* INBOX_OUTCOME_* (format/inbox.h) */
	uint32_t overlay;
};

/* The status from the admin service at EP (kauri_protocol_connect's): 0, or -KAURI_ADMIN_E_REQUEST. */
long kauri_admin_status(kauri_cptr_t ep, struct kauri_admin_status *status);

#endif
