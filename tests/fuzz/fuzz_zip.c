/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the zip reader (release packages are untrusted input on the device). */
#include <stddef.h>
#include <stdint.h>

#include <format/zip.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zip_reader z;
	struct zip_entry e;
	size_t i;

	if (zip_open(&z, data, size) != 0)
		return 0;
	for (i = 0; i < z.count; i++) {
		if (zip_entry_at(&z, i, &e) != 0)
			__builtin_trap(); /* zip_open accepted every entry */
		if (e.data < data || e.data + e.comp_size > data + size)
			__builtin_trap();
		if (e.method == ZIP_METHOD_STORE)
			(void)zip_crc32(0, e.data, e.comp_size);
	}
	(void)zip_find(&z, "apps/manifest.dtb", &e);
	return 0;
}
