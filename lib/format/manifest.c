/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Parses and validates an untrusted manifest DTB into a checked struct kauri_manifest: the entry
 * points, which take the nodes in the order below, and the RAM check. The property readers are in
 * manifest_prop.c, the top-level nodes in manifest_toplevel.c, the apps in manifest_app.c and
 * manifest_resources.c, the start order in manifest_order.c.
 */
#include <stdio.h>
#include <string.h>

#include <kauri/app.h>
#include <format/dtb.h>
#include <format/error.h>

#include "manifest_parser.h"

_Static_assert(MANIFEST_MAX_HEAP_PAGES == (KAURI_APP_CHANNELS - KAURI_APP_HEAP) / MANIFEST_PAGE_SIZE,
	       "the heap ends where the channels begin");
_Static_assert(MANIFEST_MAX_STACK_PAGES ==
		       (KAURI_APP_STACK_TOP - KAURI_APP_IPC_BUFFER) / MANIFEST_PAGE_SIZE - 2,
	       "the stack ends a guard page above the IPC buffer");
_Static_assert((uint64_t)MANIFEST_MAX_UT_LARGE_PAGES * MANIFEST_LARGE_PAGE_SIZE ==
		       1ull << KAURI_MAX_UNTYPED_BITS,
	       "a budget of 2 MiB pages fits the largest untyped");

/* --- entry points --- */

int manifest_parse(const void *dtb, size_t len, struct kauri_manifest *out,
		   struct manifest_error *err)
{
	struct parser p = { .dtb = dtb, .m = out, .err = err };
	int apps, ret;
	uint32_t i;

	if (err) {
		err->path[0] = '\0';
		err->message[0] = '\0';
	}
	if (!dtb || !out)
		return manifest_fail(&p, KFMT_EINVAL, -1, NULL, "no manifest given");
	memset(out, 0, sizeof(*out));

	ret = dtb_check(dtb, len);
	if (ret)
		return manifest_fail(&p, KFMT_EFORMAT, -1, NULL, "not a valid DTB: %s",
				     kauri_format_strerror(ret));
	ret = manifest_parse_kos_options(&p);
	if (ret)
		goto fail;
	ret = manifest_parse_channels(&p);
	if (ret)
		goto fail;
	ret = manifest_parse_msg_servers(&p);
	if (ret)
		goto fail;
	apps = fdt_subnode_offset(dtb, 0, "apps");
	if (apps < 0) {
		ret = manifest_fail(&p, KFMT_EFORMAT, -1, "apps", "missing node /apps");
		goto fail;
	}
	ret = manifest_collect_apps(&p, apps);
	if (ret)
		goto fail;
	for (i = 0; i < out->napps; i++) {
		ret = manifest_parse_app(&p, i);
		if (ret)
			goto fail;
	}
	ret = manifest_start_order(&p);
	if (ret)
		goto fail;
	return 0;

fail:
	/* Never hand back a half-filled description that a careless caller might act on. */
	memset(out, 0, sizeof(*out));
	return ret;
}

/* --- memory --- */

uint64_t manifest_app_bytes(const struct manifest_app *app)
{
	/* Every count is 32 bits: no term, nor their sum over every app, comes near 2^64. */
	return ((uint64_t)app->heap_pages + app->stack_pages + 1 + app->ut_4k_pages) *
		       MANIFEST_PAGE_SIZE +
	       (uint64_t)app->ut_large_pages * MANIFEST_LARGE_PAGE_SIZE;
}

/* The budget property that takes the most of app's RAM, to name it. */
static const char *largest_budget(const struct manifest_app *app)
{
	const struct {
		const char *name;
		uint64_t bytes;
	} budgets[] = {
		{ "heap_pages", (uint64_t)app->heap_pages * MANIFEST_PAGE_SIZE },
		{ "stack_pages", (uint64_t)app->stack_pages * MANIFEST_PAGE_SIZE },
		{ "ut_4k_pages", (uint64_t)app->ut_4k_pages * MANIFEST_PAGE_SIZE },
		{ app->ut_large_property ? app->ut_large_property : "ut_large_pages",
		  (uint64_t)app->ut_large_pages * MANIFEST_LARGE_PAGE_SIZE },
	};
	size_t i, largest = 0;

	for (i = 1; i < ARRAY_LEN(budgets); i++)
		if (budgets[i].bytes > budgets[largest].bytes)
			largest = i;
	return budgets[largest].name;
}

int manifest_check_ram(const struct kauri_manifest *m, uint64_t ram_bytes, struct manifest_error *err)
{
	struct parser p = { .err = err };
	char where[MANIFEST_ERROR_PATH_LEN];
	uint64_t total = 0;
	uint32_t i;

	if (err) {
		err->path[0] = '\0';
		err->message[0] = '\0';
	}
	for (i = 0; i < m->nchannels; i++)
		total += m->channels[i].size;
	if (total > ram_bytes)
		return manifest_fail(&p, KFMT_ENOSPC, -1, "channels",
				     "channels take %llu KiB, more than the board's %llu KiB of RAM",
				     (unsigned long long)total / 1024,
				     (unsigned long long)ram_bytes / 1024);
	/* In start order, so that the app named is the one the device could not make. */
	for (i = 0; i < m->napps; i++) {
		const struct manifest_app *app = &m->apps[m->start_order[i]];

		total += manifest_app_bytes(app);
		if (total <= ram_bytes)
			continue;
		snprintf(where, sizeof(where), "apps/%s/%s", app->name, largest_budget(app));
		return manifest_fail(&p, KFMT_ENOSPC, -1, where,
				     "memory budgets come to %llu KiB with this app's, more than the "
				     "board's %llu KiB of RAM",
				     (unsigned long long)total / 1024,
				     (unsigned long long)ram_bytes / 1024);
	}
	return 0;
}

int manifest_check_build(const struct kauri_manifest *m, const struct manifest_build *build,
			 struct manifest_error *err)
{
	struct parser p = { .err = err };
	char where[MANIFEST_ERROR_PATH_LEN];
	uint32_t i;

	if (err) {
		err->path[0] = '\0';
		err->message[0] = '\0';
	}
	for (i = 0; i < m->napps; i++) {
		const struct manifest_vm *vm = &m->apps[i].vm;

		if (!vm->present)
			continue;
		if (!build->vmm) {
			snprintf(where, sizeof(where), "apps/%s/vm", m->apps[i].name);
			return manifest_fail(&p, KFMT_EUNSUPPORTED, -1, where,
					     "a microVM needs the VMM, which this build does not have (CONFIG_VMM)");
		}
		if (build->vmm_max_disks && vm->nblk > build->vmm_max_disks) {
			snprintf(where, sizeof(where), "apps/%s/vm/%s", m->apps[i].name,
				 vm->blk[build->vmm_max_disks].name);
			return manifest_fail(&p, KFMT_EUNSUPPORTED, -1, where,
					     "this build's VMM gives a microVM at most %u disks (CONFIG_VMM_MAX_BLK)",
					     build->vmm_max_disks);
		}
	}
	return 0;
}

int manifest_find_app(const struct kauri_manifest *m, const char *name)
{
	uint32_t i;

	for (i = 0; i < m->napps; i++)
		if (strcmp(m->apps[i].name, name) == 0)
			return (int)i;
	return -KFMT_ENOENT;
}
