/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * admin: the device's upgrades (docs/upgrades.md). At start it says what runs (slot, release
 * version, how the last trial ended); on a trial boot it waits for the apps it watches (its
 * --health arguments; self_test by default) and commits the slot when every one exited 0, or
 * ends the trial and resets the board into the previous slot when one failed or did not end in
 * time; then it installs a package waiting in the upgrade inbox and resets into it. On a trial
 * boot the root server has armed the kernel's watchdog: the admin pets it (each second, to reset
 * the board unless petted again within --watchdog seconds) until the trial is decided, so a trial
 * release that hangs the board, or starves the admin, is reset and its budget spent. When its
 * manifest entry publishes kos_admin_protocol (kauri/admin.h) it then answers status requests.
 * Its manifest entry gives it the partitions (READ and WRITE on kauri_a, kauri_b, kauri_state and
 * data), resources/machine-reset and resources/release-admin, and heap_pages enough for a package.
 *
 * Usage: admin [--health APP]... [--trial-boots N] [--health-timeout SECONDS] [--watchdog SECONDS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <format/manifest.h>
#include <kauri/admin.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/lib_error.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "admin.h"

#define MAX_HEALTH_APPS	8

static struct kauri_manifest running_manifest;
static struct admin_card card;

struct options {
	const char *health[MAX_HEALTH_APPS];
	unsigned int nhealth;
	unsigned int trial_boots;
	unsigned long timeout_s;
	unsigned long watchdog_s;
};

/* A whole decimal number from MIN to MAX, or 0. */
static unsigned long number(const char *text, unsigned long min, unsigned long max)
{
	char *end;
	unsigned long n = strtoul(text, &end, 10);

	return *text && !*end && n >= min && n <= max ? n : 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	*o = (struct options){ .trial_boots = 3, .timeout_s = 60, .watchdog_s = 10 };
	for (int i = 1; i < argc; i++) {
		const char *value = i + 1 < argc ? argv[i + 1] : NULL;

		if (!value) {
			kauri_printf("usage: admin [--health APP]... [--trial-boots N] [--health-timeout SECONDS] [--watchdog SECONDS]\n");
			return -1;
		}
		if (strcmp(argv[i], "--health") == 0 && o->nhealth < MAX_HEALTH_APPS) {
			o->health[o->nhealth++] = value;
		} else if (strcmp(argv[i], "--trial-boots") == 0 && number(value, 1, 255)) {
			o->trial_boots = (unsigned int)number(value, 1, 255);
		} else if (strcmp(argv[i], "--health-timeout") == 0 && number(value, 1, 86400)) {
			o->timeout_s = number(value, 1, 86400);
		} else if (strcmp(argv[i], "--watchdog") == 0 && number(value, 2, 86400)) {
			o->watchdog_s = number(value, 2, 86400);
		} else {
			kauri_printf("bad argument %s %s (usage: admin [--health APP]... [--trial-boots 1-255] "
				     "[--health-timeout SECONDS] [--watchdog 2-86400])\n", argv[i], value);
			return -1;
		}
		i++;
	}
	if (!o->nhealth)
		o->health[o->nhealth++] = "self_test";
	return 0;
}

/* The status line: what runs, and how the last trial ended. */
static void say_status(const struct kauri_release *release)
{
	char where[32], last[96], overlay[16];

	if (release->slot)
		snprintf(where, sizeof(where), "slot %c%s", release->slot, release->on_trial ? " (on trial)" : "");
	else
		snprintf(where, sizeof(where), "the built-in release");
	if (!card.has_state)
		snprintf(last, sizeof(last), "unknown (no valid state area)");
	else if (card.state.last_trial == CARD_TRIAL_NONE)
		snprintf(last, sizeof(last), "none");
	else
		snprintf(last, sizeof(last), "%s, slot %c", card_trial_end_name(card.state.last_trial),
			 card_slot_letter(card.state.last_trial_slot));
	if (release->overlay)
		snprintf(overlay, sizeof(overlay), "%08x", release->overlay);
	else
		snprintf(overlay, sizeof(overlay), "none");
	kauri_printf("running release version %u from %s; overlay: %s; last trial: %s\n",
		     running_manifest.release_version, where, overlay, last);
}

/* Whether every app watched ended well within the timeout: 1, or 0 with the first that did not said. */
static int healthy(const struct options *o)
{
	uint64_t per_s = 1000 * kauri_counter_per_ms(), deadline = kauri_counter() + o->timeout_s * per_s, pet = 0;

	for (unsigned int i = 0; i < o->nhealth; i++) {
		long status = 0, end;

		while ((end = kauri_app_state(o->health[i], &status)) == KAURI_APP_NOT_ENDED && kauri_counter() < deadline) {
			if (kauri_counter() >= pet) {
				kauri_watchdog(o->watchdog_s * 1000);
				pet = kauri_counter() + per_s;
			}
			kauri_yield();
		}
		if (end == KAURI_APP_EXITED && status == 0)
			continue;
		if (end < 0)
			kauri_printf("health: app %s: %s\n", o->health[i], kauri_lib_strerror(end));
		else if (end == KAURI_APP_EXITED)
			kauri_printf("health: app %s exited with status %ld\n", o->health[i], status);
		else if (end == KAURI_APP_FAULTED)
			kauri_printf("health: app %s faulted\n", o->health[i]);
		else
			kauri_printf("health: app %s did not end within %lu s\n", o->health[i], o->timeout_s);
		return 0;
	}
	return 1;
}

/* On a trial boot: commit, or end the trial and reset into the active slot. 0, or -1 (the card failed). */
static int decide_trial(const struct kauri_release *release, const struct options *o)
{
	struct card_state next = card.state;
	long err;

	if (!card.has_state || card_slot_letter(card.state.trial_slot) != release->slot) {
		kauri_printf("the root server says this is a trial boot, but the state area names no trial of slot %c\n",
			     release->slot);
		return -1;
	}
	/* Until the trial is decided: the board resets if the admin stops running (whatever starves it). */
	kauri_watchdog(o->watchdog_s * 1000);
	if (healthy(o)) {
		card_state_commit(&next, running_manifest.release_version);
		if (card_write_state(&card, &next) != 0)
			return -1;
		kauri_watchdog(0);
		kauri_printf("slot %c committed: release version %u is the active release\n", release->slot,
			     running_manifest.release_version);
		return 0;
	}
	card_state_trial_unhealthy(&next);
	if (card_write_state(&card, &next) != 0)
		return -1;
	kauri_printf("slot %c's trial failed: resetting into slot %c\n", release->slot,
		     card_slot_letter(next.active_slot));
	err = kauri_reset_board();
	kauri_printf("cannot reset the board: %s\n", kauri_lib_strerror(err));
	return -1;
}

/* Its own manifest entry: the memory a package is read into (its heap), whether it serves the status. */
static int read_own_entry(struct admin_running *running, bool *serves)
{
	int index = manifest_find_app(&running_manifest, kauri_app_name);
	const struct manifest_app *me;

	if (index < 0) {
		kauri_printf("its name %s is not in the running manifest\n", kauri_app_name);
		return -1;
	}
	me = &running_manifest.apps[index];
	running->buffer = (uint8_t *)KAURI_APP_HEAP;
	running->buffer_size = (uint64_t)me->heap_pages * MANIFEST_PAGE_SIZE;
	*serves = false;
	for (uint32_t p = 0; p < me->npublishes; p++)
		*serves |= strcmp(me->publishes[p], KAURI_ADMIN_PROTOCOL) == 0;
	return 0;
}

/* kos_admin_protocol, for ever: the status as it stands now that the trial and the inbox are settled. */
static void serve(kauri_cptr_t ep, const struct kauri_release *release, bool committed, uint32_t outcome)
{
	kauri_word_t badge, info;

	kauri_printf("serving %s\n", KAURI_ADMIN_PROTOCOL);
	info = kauri_recv(ep, &badge);
	for (;;) {
		if (kauri_msginfo_label(info) != KAURI_ADMIN_STATUS) {
			info = kauri_reply_recv(ep, kauri_msginfo(KAURI_ADMIN_E_REQUEST, 0, 0, 0), &badge);
			continue;
		}
		kauri_set_mr(0, (kauri_word_t)release->slot);
		kauri_set_mr(1, release->on_trial && !committed);
		kauri_set_mr(2, running_manifest.release_version);
		kauri_set_mr(3, card.has_state ? card.state.release_version : 0);
		kauri_set_mr(4, card.has_state ? card.state.last_trial : CARD_TRIAL_NONE);
		kauri_set_mr(5, card.has_state && card.state.last_trial != CARD_TRIAL_NONE ?
				(kauri_word_t)card_slot_letter(card.state.last_trial_slot) : 0);
		kauri_set_mr(6, outcome);
		kauri_set_mr(7, release->overlay);
		info = kauri_reply_recv(ep, kauri_msginfo(0, 0, 0, KAURI_ADMIN_STATUS_WORDS), &badge);
	}
}

int main(int argc, char **argv)
{
	struct admin_running running = { .manifest = &running_manifest };
	struct manifest_error merr;
	struct options o;
	uint32_t outcome = INBOX_OUTCOME_NONE;
	long err, ep = 0;
	bool serves;
	int installed;

	if (parse_options(argc, argv, &o) != 0)
		return 2;
	err = kauri_release_info(&running.release);
	if (err) {
		kauri_printf("the root server does not say which release runs: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	if (manifest_parse(running.release.manifest, running.release.manifest_size, &running_manifest, &merr) != 0) {
		kauri_printf("the running manifest: %s: %s\n", merr.path, merr.message);
		return 1;
	}
	if (read_own_entry(&running, &serves) != 0)
		return 1;
	/* Published first: a client's call waits until the status is settled, instead of being refused. */
	if (serves && (ep = kauri_protocol_publish(KAURI_ADMIN_PROTOCOL)) < 0) {
		kauri_printf("cannot publish %s: %s\n", KAURI_ADMIN_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	if (card_open(&card) != 0)
		return 1;
	say_status(&running.release);
	if (running.release.on_trial && decide_trial(&running.release, &o) != 0)
		return 1;
	installed = install_from_inbox(&card, &running, o.trial_boots, &outcome);
	if (installed < 0)
		return 1;
	if (installed) {
		kauri_printf("resetting into what was installed\n");
		err = kauri_reset_board();
		kauri_printf("cannot reset the board: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	/* Here a trial boot is a committed one (a failed trial reset the board). */
	if (serves)
		serve((kauri_cptr_t)ep, &running.release, running.release.on_trial, outcome);
	return 0;
}
