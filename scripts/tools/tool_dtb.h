/* SPDX-License-Identifier: BSD-2-Clause */
/* Device trees and manifests for the host tools (tool_dtb.c). */
#ifndef KAURI_TOOL_DTB_H
#define KAURI_TOOL_DTB_H

#include <stddef.h>
#include <stdint.h>

/* Read a DTB and check it fully (fdt_check_full); extra bytes of room are allocated at the end
 * for edits (fdt_open_into). Prints its own error naming the file. */
int tool_load_dtb(const char *path, uint8_t **dtb, size_t *len, size_t extra);

/* Give a malloc'd DTB extra bytes of room at the end for edits (fdt_open_into): *dtb is replaced by
 * a new buffer and *len grows by extra. -ENOMEM leaves both as they were; prints nothing. */
int tool_dtb_grow(uint8_t **dtb, size_t *len, size_t extra);

/* Check an in-memory DTB; prints "WHAT: not a valid DTB: reason" on failure. */
int tool_check_dtb(const char *what, const void *dtb, size_t len);

struct kauri_manifest;
struct manifest_build;

/*
 * Read a manifest DTB as the device does (manifest_parse) into *m; when build is not NULL check
 * it asks only for what that build has (manifest_check_build), and when ram_bytes is not 0 that
 * its budgets fit that much RAM (manifest_check_ram). On failure prints
 * "FILE: NODE-PATH: message", the path and message the root server would print.
 */
int tool_parse_manifest(const char *file, const void *dtb, size_t len, uint64_t ram_bytes,
			const struct manifest_build *build, struct kauri_manifest *m);

#endif
