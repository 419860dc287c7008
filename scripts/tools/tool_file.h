/* SPDX-License-Identifier: BSD-2-Clause */
/* Whole-file reads, atomic writes and random bytes for the host tools (tool_file.c). */
#ifndef KAURI_TOOL_FILE_H
#define KAURI_TOOL_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Read a whole file (NUL-terminated for convenience; *len excludes it). Prints its own error. */
int tool_read_file(const char *path, uint8_t **data, size_t *len);

#define TOOL_WRITE_FORCE 1u /* replace an existing file */

/*
 * Write data to path through a temporary file in the same directory and a rename, so path holds
 * either the old content or all of the new, never part. Without TOOL_WRITE_FORCE an existing path
 * is left alone and -EEXIST returned. Prints its own error.
 */
int tool_write_file(const char *path, const void *data, size_t len, mode_t mode, unsigned flags);

/* Fill buf from the kernel's random source. */
int tool_random(void *buf, size_t len);

#endif
