/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest assurance checks: security best practice for a Kauri manifest (DTB) the device accepts,
 * each finding with an id, a severity, the node path and a one-line reason. Used by kauri-manifest. */
#ifndef KAURI_MANIFEST_CHECK_H
#define KAURI_MANIFEST_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <format/manifest.h>

enum manifest_severity {
	MANIFEST_INFO = 0,
	MANIFEST_WARNING = 1,
	MANIFEST_ERROR = 2,
};

/* Check ids (stable: scripts and CI match on them). */
#define MC_MANIFEST_INVALID "manifest-invalid"       /* manifest_parse refuses it, as the device would */
#define MC_SIGNING_DISABLED "signing-disabled"       /* disable-signing with a key or enforced */
#define MC_PRIORITY_ABOVE_ROOT "priority-above-root" /* priority/max_priority > root server's */
#define MC_DIODE_TWO_WAY "diode-two-way"             /* READ+WRITE on a cross-domain channel */
#define MC_CHANNEL_UNWRITTEN "channel-unwritten"     /* no app writes the channel */
#define MC_CHANNEL_UNREAD "channel-unread"           /* no app reads the channel */
#define MC_PROTOCOL_UNPUBLISHED "protocol-unpublished" /* connected, never published */
#define MC_PROTOCOL_UNCONNECTED "protocol-unconnected" /* published, never connected (info) */
#define MC_VARIABLE_NODE "variable-whole-node"       /* variables allows a whole node */
#define MC_VARIABLE_PRIVILEGED "variable-privileged" /* variables allows an app's binary/resources */
#define MC_VARIABLE_MISSING "variable-missing"       /* variables names nothing in the manifest */
#define MC_DEVICE_ACCESS "device-access"             /* app has MMIO/IRQ access: review (info) */
#define MC_UNTYPED_BUDGET "untyped-over-ram"         /* memory budgets exceed the board's RAM */
#define MC_DUPLICATE_NAME "duplicate-name"           /* two apps named alike but for the unit address */

#define MANIFEST_PATH_MAX 256
#define MANIFEST_REASON_MAX MANIFEST_ERROR_MESSAGE_LEN /* a device message fits whole */

struct manifest_finding {
	const char *id;
	enum manifest_severity severity;
	char path[MANIFEST_PATH_MAX];
	char reason[MANIFEST_REASON_MAX];
};

struct manifest_check_options {
	bool signing_enforced;        /* CONFIG_MANIFEST_SIGNING=y: signatures are mandatory */
	uint32_t root_priority;       /* the root server's priority; apps must stay below or equal */
	uint64_t ram_bytes;           /* board RAM; 0: take /board/ram_size or /memory, else skip */
	struct manifest_build build;  /* what the device's build has (CONFIG_VMM ...) */
};

#define MANIFEST_DEFAULT_ROOT_PRIORITY 250

typedef void (*manifest_report_fn)(void *ctx, const struct manifest_finding *finding);

/*
 * Read dtb with manifest_parse() into *m (the caller's, as for manifest_parse), the device's own
 * validator: a manifest it refuses gets one MC_MANIFEST_INVALID error whose path and reason are
 * those the root server prints, and no other finding. A manifest it accepts gets the budgets
 * checked against the board's RAM (manifest_check_ram) and every assurance check, each reading *m.
 * report is called once per finding. Returns the highest severity found (MANIFEST_INFO when
 * clean, too), or -KFMT_EFORMAT if dtb is not a valid DTB.
 */
int manifest_check(const void *dtb, size_t len, const struct manifest_check_options *opts,
		   struct kauri_manifest *m, manifest_report_fn report, void *ctx);

const char *manifest_severity_name(enum manifest_severity severity);

#endif
