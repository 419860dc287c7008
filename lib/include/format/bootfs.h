/* SPDX-License-Identifier: BSD-2-Clause */
/* The bootfs image: what the device boots from, built by kauri-bootfs from a release package.
 *
 * Layout, all integers little-endian:
 *
 *   offset 0: header, BOOTFS_HEADER_SIZE (64) bytes
 *      0  magic "KAURIBFS"             8 bytes
 *      8  version (1)                  u32
 *     12  header_size (64)             u32
 *     16  entry_count                  u32
 *     20  entry_size (128)             u32
 *     24  image_size                   u64  total bytes, header to the end of the last entry
 *     32  image_sha256                 32 bytes: SHA-256 of the whole image with this field zero
 *   offset 64: entry table, entry_count * BOOTFS_ENTRY_SIZE (128) bytes
 *      0  name                         64 bytes, NUL-terminated, NUL-padded ("manifest.dtb")
 *     64  offset                       u64  from the image start, a multiple of BOOTFS_ALIGN
 *     72  size                         u64
 *     80  flags                        u32  BOOTFS_F_*
 *     84  reserved                     u32  zero
 *     88  sha256                       32 bytes: SHA-256 of the entry's data
 *    120  reserved                     8 bytes, zero
 *   data: each entry at its offset (4 KiB aligned so the root server can map it as frames;
 *         the writer puts an entry of BOOTFS_LARGE_ENTRY bytes or more on a 2 MiB boundary and
 *         the entry after it on the next, so that it can be shared as whole 2 MiB frames), in
 *         table order, zero padding between.
 *
 * The release package's apps/manifest.dtb.sig is carried as the entry "manifest.dtb.sig"
 * (BOOTFS_F_SIGNATURE), so the image keeps the manifest's Ed25519 signature; with
 * CONFIG_MANIFEST_SIGNING the root server checks it (core/rootserver/signature.c).
 */
#ifndef KAURI_BOOTFS_H
#define KAURI_BOOTFS_H

#include <stddef.h>
#include <stdint.h>

#define BOOTFS_MAGIC "KAURIBFS"
#define BOOTFS_VERSION 1
#define BOOTFS_HEADER_SIZE 64
#define BOOTFS_ENTRY_SIZE 128
#define BOOTFS_NAME_MAX 64 /* including the NUL */
#define BOOTFS_ALIGN 4096
#define BOOTFS_LARGE_ENTRY (1u << 20)	/* entries this big or bigger are placed on 2 MiB boundaries */
#define BOOTFS_LARGE_ALIGN (2u << 20)
#define BOOTFS_MAX_ENTRIES 1024

#define BOOTFS_F_MANIFEST 0x1u  /* the manifest DTB */
#define BOOTFS_F_SIGNATURE 0x2u /* the manifest's Ed25519 signature */

struct bootfs_entry {
	const char *name;      /* NUL-terminated, inside the image */
	uint64_t offset;
	uint64_t size;
	uint32_t flags;
	const uint8_t *sha256;
	const uint8_t *data;
};

struct bootfs {
	const uint8_t *buf;
	size_t len;
	uint32_t count;
	uint64_t image_size;
	size_t error_offset;   /* where the last error was found */
};

/*
 * Check an image: header, every entry (name, alignment, bounds, no overlap, unique names) and
 * the whole-image SHA-256. Per-entry digests are checked by bootfs_check_entry().
 */
int bootfs_open(struct bootfs *fs, const uint8_t *buf, size_t len);
int bootfs_entry_at(const struct bootfs *fs, uint32_t index, struct bootfs_entry *e);
int bootfs_find(const struct bootfs *fs, const char *name, struct bootfs_entry *e);
/* 0 if the entry's data matches its SHA-256, else -KFMT_EDIGEST. */
int bootfs_check_entry(const struct bootfs_entry *e);

/* One file to put into an image. */
struct bootfs_input {
	const char *name;
	const void *data;
	size_t len;
	uint32_t flags;
};

/* Size of the image bootfs_build() would write, or a negative error for bad input. */
long long bootfs_image_size(const struct bootfs_input *in, size_t n);

/* Write the image into out (cap bytes); returns its size or a negative error. */
long long bootfs_build(uint8_t *out, size_t cap, const struct bootfs_input *in, size_t n);

#endif
