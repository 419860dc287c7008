/* SPDX-License-Identifier: BSD-2-Clause */
/* Bootfs image reading (strict) and writing; layout documented in kauri/bootfs.h. */
#include <format/byteorder.h>
#include <format/bootfs.h>
#include <format/error.h>
#include <format/hash.h>
#include <stdbool.h>
#include <string.h>

#define OFF_MAGIC 0
#define OFF_VERSION 8
#define OFF_HEADER_SIZE 12
#define OFF_COUNT 16
#define OFF_ENTRY_SIZE 20
#define OFF_IMAGE_SIZE 24
#define OFF_IMAGE_SHA 32

#define E_NAME 0
#define E_OFFSET 64
#define E_SIZE 72
#define E_FLAGS 80
#define E_RESERVED 84
#define E_SHA 88
#define E_RESERVED2 120

static int fail_at(struct bootfs *fs, size_t offset, int err)
{
	fs->error_offset = offset;
	return err;
}

/* Names are single path components: printable, no '/', not "." or "..". */
static bool name_ok(const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len >= BOOTFS_NAME_MAX)
		return false;
	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return false;
	for (i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == '\\' || (unsigned char)name[i] < 0x20 ||
		    (unsigned char)name[i] > 0x7e)
			return false;
	return true;
}

/* SHA-256 of the image with its own digest field taken as zero. */
static int image_digest(const uint8_t *buf, size_t len, uint8_t out[KAURI_SHA256_LEN])
{
	static const uint8_t zero[KAURI_SHA256_LEN];
	struct kauri_hash_part parts[] = {
		{ buf, OFF_IMAGE_SHA },
		{ zero, sizeof(zero) },
		{ buf + OFF_IMAGE_SHA + KAURI_SHA256_LEN, len - OFF_IMAGE_SHA - KAURI_SHA256_LEN },
	};

	return kauri_sha256_parts(parts, 3, out);
}

int bootfs_entry_at(const struct bootfs *fs, uint32_t index, struct bootfs_entry *e)
{
	const uint8_t *t;

	if (index >= fs->count)
		return -KFMT_EINVAL;
	t = fs->buf + BOOTFS_HEADER_SIZE + (size_t)index * BOOTFS_ENTRY_SIZE;
	e->name = (const char *)t + E_NAME;
	e->offset = get_le64(t + E_OFFSET);
	e->size = get_le64(t + E_SIZE);
	e->flags = get_le32(t + E_FLAGS);
	e->sha256 = t + E_SHA;
	/* Only form the pointer when it lies inside the buffer (bootfs_open checks the rest). */
	e->data = e->offset <= fs->len ? fs->buf + e->offset : NULL;
	return 0;
}

int bootfs_open(struct bootfs *fs, const uint8_t *buf, size_t len)
{
	uint8_t digest[KAURI_SHA256_LEN];
	uint64_t table_end, prev_end;
	struct bootfs_entry e, f;
	uint32_t i, j;
	size_t name_len;

	memset(fs, 0, sizeof(*fs));
	fs->buf = buf;
	fs->len = len;
	if (len < BOOTFS_HEADER_SIZE)
		return fail_at(fs, 0, -KFMT_ETRUNC);
	if (memcmp(buf + OFF_MAGIC, BOOTFS_MAGIC, 8) != 0)
		return fail_at(fs, OFF_MAGIC, -KFMT_EFORMAT);
	if (get_le32(buf + OFF_VERSION) != BOOTFS_VERSION)
		return fail_at(fs, OFF_VERSION, -KFMT_EUNSUPPORTED);
	if (get_le32(buf + OFF_HEADER_SIZE) != BOOTFS_HEADER_SIZE)
		return fail_at(fs, OFF_HEADER_SIZE, -KFMT_EFORMAT);
	if (get_le32(buf + OFF_ENTRY_SIZE) != BOOTFS_ENTRY_SIZE)
		return fail_at(fs, OFF_ENTRY_SIZE, -KFMT_EFORMAT);
	fs->count = get_le32(buf + OFF_COUNT);
	if (fs->count > BOOTFS_MAX_ENTRIES)
		return fail_at(fs, OFF_COUNT, -KFMT_EUNSUPPORTED);
	fs->image_size = get_le64(buf + OFF_IMAGE_SIZE);
	/* The image may sit in a larger partition: trailing bytes are allowed, missing ones not. */
	if (fs->image_size > len)
		return fail_at(fs, OFF_IMAGE_SIZE, -KFMT_ETRUNC);
	table_end = BOOTFS_HEADER_SIZE + (uint64_t)fs->count * BOOTFS_ENTRY_SIZE;
	if (table_end > fs->image_size)
		return fail_at(fs, OFF_COUNT, -KFMT_ETRUNC);

	prev_end = table_end;
	for (i = 0; i < fs->count; i++) {
		size_t at = BOOTFS_HEADER_SIZE + (size_t)i * BOOTFS_ENTRY_SIZE;
		const uint8_t *t = buf + at;

		bootfs_entry_at(fs, i, &e);
		name_len = strnlen(e.name, BOOTFS_NAME_MAX);
		if (!name_ok(e.name, name_len))
			return fail_at(fs, at + E_NAME, -KFMT_EFORMAT);
		for (j = (uint32_t)name_len; j < BOOTFS_NAME_MAX; j++)
			if (e.name[j] != '\0')
				return fail_at(fs, at + E_NAME + j, -KFMT_EFORMAT);
		if (get_le32(t + E_RESERVED) != 0 || get_le64(t + E_RESERVED2) != 0)
			return fail_at(fs, at + E_RESERVED, -KFMT_EFORMAT);
		/* Entries are in ascending order, aligned, inside the image, and never overlap. */
		if (e.offset % BOOTFS_ALIGN || e.offset < prev_end)
			return fail_at(fs, at + E_OFFSET, -KFMT_EFORMAT);
		if (e.size > fs->image_size || e.offset > fs->image_size - e.size)
			return fail_at(fs, at + E_SIZE, -KFMT_ETRUNC);
		prev_end = e.offset + e.size;
		for (j = 0; j < i; j++) {
			bootfs_entry_at(fs, j, &f);
			if (strcmp(e.name, f.name) == 0)
				return fail_at(fs, at + E_NAME, -KFMT_EFORMAT);
		}
	}
	if (image_digest(buf, (size_t)fs->image_size, digest) != 0)
		return fail_at(fs, OFF_IMAGE_SHA, -KFMT_EHASH);
	if (memcmp(digest, buf + OFF_IMAGE_SHA, KAURI_SHA256_LEN) != 0)
		return fail_at(fs, OFF_IMAGE_SHA, -KFMT_EDIGEST);
	return 0;
}

int bootfs_find(const struct bootfs *fs, const char *name, struct bootfs_entry *e)
{
	uint32_t i;

	for (i = 0; i < fs->count; i++) {
		bootfs_entry_at(fs, i, e);
		if (strcmp(e->name, name) == 0)
			return 0;
	}
	return -KFMT_ENOENT;
}

int bootfs_check_entry(const struct bootfs_entry *e)
{
	uint8_t digest[KAURI_SHA256_LEN];

	if (kauri_sha256(e->data, (size_t)e->size, digest) != 0)
		return -KFMT_EHASH;
	return memcmp(digest, e->sha256, KAURI_SHA256_LEN) == 0 ? 0 : -KFMT_EDIGEST;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

/*
 * Where an entry of LEN bytes goes when the previous one ended at END (PREV_LEN bytes long):
 * on a page, and a large one (BOOTFS_LARGE_ENTRY or more) on a BOOTFS_LARGE_ALIGN boundary
 * with the next entry on the next one, so that it fills whole 2 MiB frames the root server
 * can share with an app (a microVM's kernel and disks) without copying, and nothing else is in them.
 */
static uint64_t entry_offset(uint64_t end, uint64_t len, uint64_t prev_len)
{
	bool large = len >= BOOTFS_LARGE_ENTRY || prev_len >= BOOTFS_LARGE_ENTRY;

	return align_up(end, large ? BOOTFS_LARGE_ALIGN : BOOTFS_ALIGN);
}

long long bootfs_image_size(const struct bootfs_input *in, size_t n)
{
	uint64_t end = BOOTFS_HEADER_SIZE + (uint64_t)n * BOOTFS_ENTRY_SIZE, prev_len = 0;
	size_t i, j;

	if (n > BOOTFS_MAX_ENTRIES)
		return -KFMT_EINVAL;
	for (i = 0; i < n; i++) {
		if (!name_ok(in[i].name, strnlen(in[i].name, BOOTFS_NAME_MAX)))
			return -KFMT_EINVAL;
		for (j = 0; j < i; j++)
			if (strcmp(in[i].name, in[j].name) == 0)
				return -KFMT_EINVAL;
		end = entry_offset(end, in[i].len, prev_len) + in[i].len;
		prev_len = in[i].len;
		if (end > ((uint64_t)1 << 62))
			return -KFMT_EINVAL;
	}
	return (long long)end;
}

long long bootfs_build(uint8_t *out, size_t cap, const struct bootfs_input *in, size_t n)
{
	long long size = bootfs_image_size(in, n);
	uint64_t pos, prev_len = 0;
	size_t i;

	if (size < 0)
		return size;
	if ((uint64_t)size > cap)
		return -KFMT_ENOSPC;
	memset(out, 0, (size_t)size);
	memcpy(out + OFF_MAGIC, BOOTFS_MAGIC, 8);
	put_le32(out + OFF_VERSION, BOOTFS_VERSION);
	put_le32(out + OFF_HEADER_SIZE, BOOTFS_HEADER_SIZE);
	put_le32(out + OFF_COUNT, (uint32_t)n);
	put_le32(out + OFF_ENTRY_SIZE, BOOTFS_ENTRY_SIZE);
	put_le64(out + OFF_IMAGE_SIZE, (uint64_t)size);
	pos = BOOTFS_HEADER_SIZE + (uint64_t)n * BOOTFS_ENTRY_SIZE;
	for (i = 0; i < n; i++) {
		uint8_t *t = out + BOOTFS_HEADER_SIZE + i * BOOTFS_ENTRY_SIZE;

		pos = entry_offset(pos, in[i].len, prev_len);
		prev_len = in[i].len;
		memcpy(t + E_NAME, in[i].name, strlen(in[i].name));
		put_le64(t + E_OFFSET, pos);
		put_le64(t + E_SIZE, in[i].len);
		put_le32(t + E_FLAGS, in[i].flags);
		if (kauri_sha256(in[i].data, in[i].len, t + E_SHA) != 0)
			return -KFMT_EHASH;
		if (in[i].len)
			memcpy(out + pos, in[i].data, in[i].len);
		pos += in[i].len;
	}
	if (image_digest(out, (size_t)size, out + OFF_IMAGE_SHA) != 0)
		return -KFMT_EHASH;
	return size;
}
