/* SPDX-License-Identifier: BSD-2-Clause */
/* Which device overlays may be applied to a manifest: every property an overlay sets must lie
 * under a path listed in the base manifest's kos_options/variables. Shared by kauri-overlay and
 * the device, which applies overlays with libfdt's fdt_overlay_apply() after this check. */
#ifndef KAURI_OVERLAY_CHECK_H
#define KAURI_OVERLAY_CHECK_H

#include <stddef.h>
#include <format/error.h>

#define OVERLAY_PATH_MAX 512

/*
 * Check overlay against base. Returns 0 if every property (and every new node) the overlay
 * would write is allowed; otherwise a negative kauri_format_error (-KFMT_EOVL_*) with the
 * offending path (the first one, in overlay order: a property path, a node path, or the
 * fragment) written to bad_path.
 */
int overlay_check_allowed(const void *base, size_t base_len, const void *overlay,
			  size_t overlay_len, char *bad_path, size_t bad_cap);

#endif
