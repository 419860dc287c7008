/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: overlay admission and application. The input is split into a base DTB and
 * an overlay DTBO; what the check admits is then applied with libfdt. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include <format/error.h>
#include <format/overlay_check.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char bad[OVERLAY_PATH_MAX];
	size_t split;
	uint8_t *base, *ov;
	int room, ret;

	if (size < 2)
		return 0;
	/* The first two bytes say where the base ends. */
	split = ((size_t)data[0] << 8 | data[1]) % (size - 1);
	data += 2;
	size -= 2;
	base = malloc(split + 4096);
	ov = malloc(size - split + 1);
	if (!base || !ov)
		goto out;
	memcpy(base, data, split);
	memcpy(ov, data + split, size - split);
	ret = overlay_check_allowed(base, split, ov, size - split, bad, sizeof(bad));
	/* A refusal names the offending path in bad, which must stay NUL-terminated. */
	if (strnlen(bad, sizeof(bad)) >= sizeof(bad))
		__builtin_trap();
	/* Every refusal is a code of the one format error enum, never a libfdt code passed through. */
	if (ret < 0 && strcmp(kauri_format_strerror(ret), "unknown error") == 0)
		__builtin_trap();
	if (ret != 0)
		goto out;
	/* libfdt moves the tree within its own buffer, making room for the overlay's nodes. */
	room = (int)(split + 4096);
	if (fdt_open_into(base, base, room) == 0)
		(void)fdt_overlay_apply(base, ov);
out:
	free(base);
	free(ov);
	return 0;
}
