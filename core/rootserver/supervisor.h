/* SPDX-License-Identifier: BSD-2-Clause */
/* The supervisor: starts the apps, answers their requests through a table from label to handler, and handles their ends. */
#ifndef ROOTSERVER_SUPERVISOR_H
#define ROOTSERVER_SUPERVISOR_H

#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "app.h"

struct supervisor {
	const struct kauri_manifest *manifest;	/* start order, restart policies, restart-deps */
	struct app *apps;			/* by manifest index, each tied to its entry (app_init) */
	kauri_cptr_t endpoint;			/* where the apps' requests, exits and faults arrive */
	unsigned int running;			/* apps not ended for good */
};

/* Starts every app in start order: 0, or -1 with the reason printed (boot stops). */
int supervisor_start(struct supervisor *sv);
/* Serves the apps until every one has ended for good; does not return. */
void supervise(struct supervisor *sv) __attribute__((noreturn));

#endif
