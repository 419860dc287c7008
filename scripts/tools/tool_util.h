/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers every Kauri host tool shares: one-line errors, whole-file I/O, atomic writes, key files. */
#ifndef KAURI_TOOL_UTIL_H
#define KAURI_TOOL_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Set once by main(); prefixes every message. */
void tool_set_name(const char *name);

/* Print "NAME: error: MESSAGE" on stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

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

/* Ed25519 keys as PEM: PKCS#8 private keys and SPKI public keys, as OpenSSL writes them. */
#define TOOL_PEM_MAX 256
int tool_private_key_pem(char out[TOOL_PEM_MAX], const uint8_t seed[32]);
int tool_public_key_pem(char out[TOOL_PEM_MAX], const uint8_t pub[32]);

/* Load an Ed25519 private key (PKCS#8 PEM). Prints its own error naming the file. */
int tool_load_private_key(const char *path, uint8_t seed[32]);

/* Load a public key: SPKI PEM, or one line of base64 (the manifest's public-key form). */
int tool_load_public_key(const char *path, uint8_t pub[32]);

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

/* Read a DTB and check it fully (fdt_check_full); extra bytes of room are allocated at the end
 * for edits (fdt_open_into). Prints its own error naming the file. */
int tool_load_dtb(const char *path, uint8_t **dtb, size_t *len, size_t extra);

/* Give a malloc'd DTB extra bytes of room at the end for edits (fdt_open_into): *dtb is replaced by
 * a new buffer and *len grows by extra. -ENOMEM leaves both as they were; prints nothing. */
int tool_dtb_grow(uint8_t **dtb, size_t *len, size_t extra);

/* Check an in-memory DTB; prints "WHAT: not a valid DTB: reason" on failure. */
int tool_check_dtb(const char *what, const void *dtb, size_t len);

struct kauri_manifest;

/*
 * Read a manifest DTB as the device does (manifest_parse) into *m and, when ram_bytes is not 0,
 * check its budgets fit that much RAM (manifest_check_ram). On failure prints
 * "FILE: NODE-PATH: message", the path and message the root server would print.
 */
int tool_parse_manifest(const char *file, const void *dtb, size_t len, uint64_t ram_bytes,
			struct kauri_manifest *m);

/* An option's byte count (decimal, or 0x hex), more than 0; prints the error naming the option. */
int tool_byte_count(const char *option, const char *arg, uint64_t *out);

/* True for "-h"/"--help". */
bool tool_is_help(const char *arg);

/*
 * The options of every tool that writes a file: "-o FILE" sets *out, "--force" adds
 * TOOL_WRITE_FORCE to *flags. True when argv[*i] was one of them; *i is then at its last word.
 */
bool tool_output_option(int argc, char **argv, int *i, const char **out, unsigned *flags);

#endif
