/* SPDX-License-Identifier: BSD-2-Clause */
/* Release packages (zip) for the host tools (tool_package.c). */
#ifndef KAURI_TOOL_PACKAGE_H
#define KAURI_TOOL_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

struct zip_reader;
struct zip_entry;

/* zip_open() with an error naming the package and the offset of the problem. */
int tool_zip_open(const char *pkg, struct zip_reader *z, const uint8_t *buf, size_t len);

/* Inflate (or copy) an entry into a malloc'd buffer and check its size and CRC-32. */
int tool_zip_extract(const char *pkg, const struct zip_entry *e, uint8_t **out, size_t *len);

/* Read the package at pkg and extract the entry called name (error if absent). */
int tool_zip_read_named(const char *pkg, struct zip_reader *z, const char *name, uint8_t **out,
			size_t *len);

/* One file for a package; data is not owned. */
struct tool_zip_item {
	const char *name;
	const uint8_t *data;
	size_t len;
};

/* Deflate each item (storing it when that is smaller) and write the zip atomically. */
int tool_write_package(const char *path, const struct tool_zip_item *items, size_t n,
		       unsigned flags);

#endif
