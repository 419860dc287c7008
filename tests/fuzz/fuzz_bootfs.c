/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the bootfs reader. The whole-image SHA-256 (checked last by bootfs_open) is
 * fixed up first, so that inputs get past bootfs_open to the entry checks and lookups. */
#include <stdlib.h>
#include <string.h>

#include <format/bootfs.h>
#include <format/byteorder.h>
#include <format/hash.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t zero[32];
	struct bootfs fs;
	struct bootfs_entry e;
	uint8_t *img;
	uint32_t i;

	img = malloc(size ? size : 1);
	if (!img)
		return 0;
	memcpy(img, data, size);
	if (size >= BOOTFS_HEADER_SIZE && get_le64(img + 24) >= 64 && get_le64(img + 24) <= size) {
		size_t n = (size_t)get_le64(img + 24);
		struct kauri_hash_part parts[] = {
			{ img, 32 }, { zero, 32 }, { img + 64, n - 64 },
		};

		kauri_sha256_parts(parts, 3, img + 32);
	}
	if (bootfs_open(&fs, img, size) == 0) {
		for (i = 0; i < fs.count; i++) {
			bootfs_entry_at(&fs, i, &e);
			if (e.offset + e.size > size)
				__builtin_trap();
			(void)bootfs_check_entry(&e);
		}
		(void)bootfs_find(&fs, "manifest.dtb", &e);
	}
	free(img);
	return 0;
}
