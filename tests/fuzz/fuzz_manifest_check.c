/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the manifest assurance checks (after the device's parse) on arbitrary DTBs. */
#include <string.h>

#include <format/manifest_check.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_finding(void *ctx, const struct manifest_finding *f)
{
	(void)ctx;
	/* Every finding is well-formed: bounded, NUL-terminated strings, a known severity. */
	if (!f->id || strnlen(f->path, sizeof(f->path)) == sizeof(f->path) ||
	    strnlen(f->reason, sizeof(f->reason)) == sizeof(f->reason) ||
	    f->severity > MANIFEST_ERROR)
		__builtin_trap();
}

static struct kauri_manifest manifest;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A small board, so that the RAM check runs on every input the parser accepts. */
	struct manifest_check_options opts = { .signing_enforced = true, .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY,
						.ram_bytes = 1 << 20 };

	(void)manifest_check(data, size, &opts, &manifest, check_finding, NULL);
	return 0;
}
