/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: manifest_parse() on arbitrary bytes, checking the invariants of its result, then the RAM check. */
#include <stdint.h>
#include <string.h>

#include <format/error.h>
#include <format/manifest.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct kauri_manifest manifest;

static void check_bounded(const char *s, size_t cap)
{
	if (strnlen(s, cap) == cap)
		__builtin_trap();
}

/* Every index the root server will follow must be in range, every string readable. */
static void check_manifest(const struct kauri_manifest *m)
{
	uint32_t i, j;
	uint64_t channel_bytes = 0;
	bool seen[MANIFEST_MAX_APPS] = { false };

	if (m->napps > MANIFEST_MAX_APPS || m->nmsg_servers == 0 ||
	    m->nmsg_servers > MANIFEST_MAX_MSG_SERVERS || m->nchannels > MANIFEST_MAX_CHANNELS)
		__builtin_trap();
	for (i = 0; i < m->napps; i++) {
		const struct manifest_app *app = &m->apps[i];

		if (strlen(app->name) > MANIFEST_APP_NAME_MAX || !app->binary[0] ||
		    app->msg_server >= m->nmsg_servers || app->priority > app->max_priority ||
		    app->max_priority > MANIFEST_PRIORITY_MAX)
			__builtin_trap();
		/* Budgets the root server's arithmetic and an app's address space can hold. */
		if (!app->heap_pages || app->heap_pages > MANIFEST_MAX_HEAP_PAGES || !app->stack_pages ||
		    app->stack_pages > MANIFEST_MAX_STACK_PAGES ||
		    app->ut_large_pages > MANIFEST_MAX_UT_LARGE_PAGES || !app->ut_large_property)
			__builtin_trap();
		for (j = 0; j < app->nargs; j++)
			(void)strlen(app->args[j]);
		for (j = 0; j < app->nenviron; j++)
			(void)strlen(app->environ[j].value);
		for (j = 0; j < app->nchannels; j++)
			if (app->channels[j].channel >= m->nchannels || !app->channels[j].rights)
				__builtin_trap();
		for (j = 0; j < app->nrestart_deps; j++)
			if (app->restart_deps[j] >= m->napps || app->restart_deps[j] == i)
				__builtin_trap();
		/* Start order: a permutation in which every app follows its dependencies. */
		if (m->start_order[i] >= m->napps || seen[m->start_order[i]])
			__builtin_trap();
		seen[m->start_order[i]] = true;
		for (j = 0; j < m->apps[m->start_order[i]].nrestart_deps; j++)
			if (!seen[m->apps[m->start_order[i]].restart_deps[j]])
				__builtin_trap();
	}
	for (i = 0; i < m->nchannels; i++) {
		if (m->channels[i].size == 0 || m->channels[i].size % MANIFEST_PAGE_SIZE)
			__builtin_trap();
		channel_bytes += m->channels[i].size;
	}
	if (channel_bytes > MANIFEST_MAX_CHANNEL_BYTES)
		__builtin_trap();
}

/* A board of 1 MiB: budgets that fit are accepted, others named with a path and a message. */
static void check_ram(const struct kauri_manifest *m)
{
	struct manifest_error err;
	int ret = manifest_check_ram(m, 1 << 20, &err);

	if (ret != 0 && (ret != -KFMT_ENOSPC || err.path[0] != '/' || !err.message[0] ||
			 strnlen(err.path, sizeof(err.path)) == sizeof(err.path) ||
			 strnlen(err.message, sizeof(err.message)) == sizeof(err.message)))
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest_error err;

	if (manifest_parse(data, size, &manifest, &err) == 0) {
		check_manifest(&manifest);
		check_ram(&manifest);
	} else {
		check_bounded(err.path, sizeof(err.path));
		check_bounded(err.message, sizeof(err.message));
		if (err.path[0] != '/' || !err.message[0])
			__builtin_trap();
	}
	return 0;
}
