/* SPDX-License-Identifier: BSD-2-Clause */
/* Zip archive layout for release packages (manifest.zip): a bounds-checked reader and a writer,
 * both over caller buffers. Compression itself (deflate) is done by the caller with zlib. */
#ifndef KAURI_ZIP_H
#define KAURI_ZIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ZIP_METHOD_STORE 0
#define ZIP_METHOD_DEFLATE 8
#define ZIP_MAX_ENTRIES 1024
#define ZIP_MAX_NAME 255

/* One member, as described by the central directory and checked against its local header. */
struct zip_entry {
	const char *name;     /* not NUL-terminated: name_len bytes */
	size_t name_len;
	uint16_t method;      /* ZIP_METHOD_STORE or ZIP_METHOD_DEFLATE */
	uint32_t crc32;       /* of the uncompressed data */
	uint32_t comp_size;
	uint32_t uncomp_size;
	const uint8_t *data;  /* comp_size bytes of (possibly compressed) data inside the archive */
	size_t header_offset; /* offset of the local header, for error messages */
};

struct zip_reader {
	const uint8_t *buf;
	size_t len;
	size_t cd_offset;     /* central directory */
	size_t cd_size;
	size_t count;
	size_t error_offset;  /* where the last error was found */
};

/*
 * Check an archive held in buf: end record, central directory, every local header, entry names
 * (relative, no "..", no duplicates) and data bounds. Zip64, multi-disk archives, encryption
 * and methods other than store/deflate are refused with -KFMT_EUNSUPPORTED.
 */
int zip_open(struct zip_reader *z, const uint8_t *buf, size_t len);

/* Entry i (0 <= i < z->count) of an opened archive. */
int zip_entry_at(struct zip_reader *z, size_t index, struct zip_entry *e);

/* The entry called name; -KFMT_ENOENT if absent. */
int zip_find(struct zip_reader *z, const char *name, struct zip_entry *e);

bool zip_entry_name_is(const struct zip_entry *e, const char *name);

/* A directory member ("name/", no data), as zip(1) adds them; carries nothing to check. */
bool zip_entry_is_dir(const struct zip_entry *e);

/* CRC-32 (the zip/zlib polynomial), continuing from crc (0 to start). */
uint32_t zip_crc32(uint32_t crc, const void *data, size_t len);

/* Writer: local headers and data go to out, the central directory collects in cd_buf. */
struct zip_writer {
	uint8_t *out;
	size_t out_cap;
	size_t out_len;
	uint8_t *cd;
	size_t cd_cap;
	size_t cd_len;
	size_t count;
};

/* Bytes of headers an entry adds to out plus cd (data not included). */
#define ZIP_ENTRY_OVERHEAD(name_len) (30 + 46 + 2 * (size_t)(name_len))
#define ZIP_END_LEN 22

void zip_writer_init(struct zip_writer *w, uint8_t *out, size_t out_cap, uint8_t *cd_buf,
		     size_t cd_cap);

/* Append a member whose data is already compressed with method; times are fixed (1980-01-01)
 * so that the same inputs always give the same package. */
int zip_writer_add(struct zip_writer *w, const char *name, uint16_t method, uint32_t crc32,
		   uint32_t uncomp_size, const void *data, size_t comp_size);

/* Append the central directory and end record; returns the archive length or an error. */
long zip_writer_finish(struct zip_writer *w);

#endif
