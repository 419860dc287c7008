/* SPDX-License-Identifier: BSD-2-Clause */
/* Parses and validates an untrusted manifest DTB into a checked struct kauri_manifest. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <kauri/app.h>
#include <kauri/base64.h>
#include <kauri/dtb.h>
#include <kauri/format_error.h>
#include <kauri/manifest.h>
#include <libfdt.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

_Static_assert(MANIFEST_MAX_HEAP_PAGES == (KAURI_APP_CHANNELS - KAURI_APP_HEAP) / MANIFEST_PAGE_SIZE,
	       "the heap ends where the channels begin");
_Static_assert(MANIFEST_MAX_STACK_PAGES ==
		       (KAURI_APP_STACK_TOP - KAURI_APP_IPC_BUFFER) / MANIFEST_PAGE_SIZE - 2,
	       "the stack ends a guard page above the IPC buffer");
_Static_assert((uint64_t)MANIFEST_MAX_UT_LARGE_PAGES * MANIFEST_LARGE_PAGE_SIZE ==
		       1ull << KAURI_MAX_UNTYPED_BITS,
	       "a budget of 2 MiB pages fits the largest untyped");

/* Everything one parse needs; lives on the caller's stack, so the parser keeps no global state. */
struct parser {
	const void *dtb;
	struct kauri_manifest *m;
	struct manifest_error *err;
	int msg_server_nodes[MANIFEST_MAX_MSG_SERVERS];
	int app_nodes[MANIFEST_MAX_APPS];
	char names[MANIFEST_ERROR_MESSAGE_LEN]; /* known_names()'s text for the message being made */
};

static const char *const app_properties[] = {
	"binary", "args", "priority", "max_priority", "heap_pages", "stack_pages", "ut_4k_pages",
	"ut_large_pages", "ut_large_page", "msg_server", "publishes", "connects", "restart",
	"restart-deps", "initrd", "binary-sha256", "initrd-sha256", NULL,
};
static const char *const app_nodes_known[] = { "environ", "resources", NULL };
static const char *const kos_options_properties[] = {
	"public-key", "disable-signing", "variables", NULL,
};
static const char *const channel_properties[] = { "size", NULL };
static const char *const resources_properties[] = { "irqs", NULL };
static const char *const resources_nodes[] = { "channels", "devices", NULL };
static const char *const right_names[] = { "READ", "WRITE", "SIGNAL", "RECV", NULL };
static const char *const restart_names[] = { "never", "on-failure", "always", NULL };
static const char *const no_names[] = { NULL };

static const char *node_name(struct parser *p, int node)
{
	const char *name = fdt_get_name(p->dtb, node, NULL);

	return name ? name : "";
}

/* --- error messages --- */

/* Append formatted text to the NUL-terminated buf of cap bytes, cutting it at cap - 1. */
static void __attribute__((format(printf, 3, 4)))
append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

/* A NULL-ended name list as one line for a message ("none" when empty). */
static const char *known_names(struct parser *p, const char *const *list)
{
	p->names[0] = '\0';
	if (!*list)
		append(p->names, sizeof(p->names), "none");
	for (; *list; list++)
		append(p->names, sizeof(p->names), list[1] ? "%s " : "%s", *list);
	return p->names;
}

/*
 * Record the error at node (and property prop, if not NULL) and return -code. The path is the
 * node's full path; a node of -1 means the root.
 */
static int __attribute__((format(printf, 5, 6)))
fail(struct parser *p, int code, int node, const char *prop, const char *fmt, ...)
{
	char *path;
	va_list ap;

	if (!p->err)
		return -code;
	path = p->err->path;
	path[0] = '\0';
	if (node > 0 && fdt_get_path(p->dtb, node, path, sizeof(p->err->path)) != 0) {
		/* Too deep or long for the buffer: keep the node's own name, which says the most. */
		path[0] = '\0';
		append(path, sizeof(p->err->path), "/.../%s", node_name(p, node));
	}
	if (prop)
		append(path, sizeof(p->err->path), "/%s", prop);
	if (!path[0])
		append(path, sizeof(p->err->path), "/");
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
	return -code;
}

/* --- property access --- */

static bool name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

/* dtc adds these to any node that is referenced by label; they are never a typo. */
static bool is_phandle_property(const char *name)
{
	return strcmp(name, "phandle") == 0 || strcmp(name, "linux,phandle") == 0;
}

/* Refuse any property of node not in known (a misspelt one would otherwise be silently ignored). */
static int check_properties(struct parser *p, int node, const char *const *known)
{
	const char *name;
	int prop;

	fdt_for_each_property_offset(prop, p->dtb, node) {
		if (!fdt_getprop_by_offset(p->dtb, prop, &name, NULL))
			return fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (!is_phandle_property(name) && !name_in(name, known))
			return fail(p, KFMT_EFORMAT, node, name, "unknown property %s (known: %s)",
				    name, known_names(p, known));
	}
	return 0;
}

static int check_subnodes(struct parser *p, int node, const char *const *known)
{
	int child;

	fdt_for_each_subnode(child, p->dtb, node) {
		if (!name_in(node_name(p, child), known))
			return fail(p, KFMT_EFORMAT, child, NULL, "unknown node %s (known: %s)",
				    node_name(p, child), known_names(p, known));
	}
	return 0;
}

/* *found is false (and *out untouched) when the property is absent. */
static int get_u32(struct parser *p, int node, const char *name, uint32_t *out, bool *found)
{
	int len;
	const fdt32_t *data = fdt_getprop(p->dtb, node, name, &len);

	*found = data != NULL;
	if (!data)
		return 0;
	if (len != 4)
		return fail(p, KFMT_EFORMAT, node, name,
			    "%s must be one 32-bit cell, not %u bytes", name, (uint32_t)len);
	*out = fdt32_ld(data);
	return 0;
}

/* A string property holding exactly one NUL-terminated string; *out stays NULL when absent. */
static int get_string(struct parser *p, int node, const char *name, const char **out)
{
	int len;
	const char *data = fdt_getprop(p->dtb, node, name, &len);

	if (!data)
		return 0;
	if (len == 0 || data[len - 1] != '\0')
		return fail(p, KFMT_EFORMAT, node, name, "%s is not a NUL-terminated string", name);
	if (strlen(data) + 1 != (size_t)len)
		return fail(p, KFMT_EFORMAT, node, name, "%s must be one string, not a list", name);
	*out = data;
	return 0;
}

/*
 * A string list into out[max]; *count is the number of strings. Empty strings are refused
 * unless allow_empty. Lists that exceed max fail with -KFMT_ENOSPC.
 */
static int get_string_list(struct parser *p, int node, const char *name, const char **out,
			   uint32_t max, uint32_t *count, bool allow_empty)
{
	int len, pos = 0;
	const char *data = fdt_getprop(p->dtb, node, name, &len);
	uint32_t n = 0, i;

	*count = 0;
	if (!data)
		return 0;
	if (len == 0 || data[len - 1] != '\0')
		return fail(p, KFMT_EFORMAT, node, name, "%s is not a NUL-terminated string list",
			    name);
	while (pos < len) {
		const char *s = data + pos;
		size_t slen = strlen(s);

		if (slen == 0 && !allow_empty)
			return fail(p, KFMT_EFORMAT, node, name, "%s has an empty entry", name);
		if (n == max)
			return fail(p, KFMT_ENOSPC, node, name, "too many %s: more than %u", name, max);
		for (i = 0; i < n && !allow_empty; i++)
			if (strcmp(out[i], s) == 0)
				return fail(p, KFMT_EFORMAT, node, name, "%s lists %s twice", name, s);
		out[n++] = s;
		pos += (int)slen + 1;
	}
	*count = n;
	return 0;
}

/* --- top-level nodes --- */

static int parse_kos_options(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int node = fdt_subnode_offset(p->dtb, 0, "kos_options");
	const char *key = NULL;
	uint8_t decoded[MANIFEST_PUBLIC_KEY_LEN + 3];
	uint32_t i;
	long n;
	int len, ret;

	if (node < 0)
		return 0;
	ret = check_properties(p, node, kos_options_properties);
	if (ret)
		return ret;
	ret = check_subnodes(p, node, no_names);
	if (ret)
		return ret;

	ret = get_string(p, node, "public-key", &key);
	if (ret)
		return ret;
	if (key) {
		n = base64_decode(decoded, sizeof(decoded), key, strlen(key));
		if (n == -KFMT_ENOSPC)
			return fail(p, KFMT_EFORMAT, node, "public-key",
				    "public-key is longer than a 32-byte Ed25519 key");
		if (n < 0)
			return fail(p, KFMT_EFORMAT, node, "public-key",
				    "public-key is not valid base64");
		if (n != MANIFEST_PUBLIC_KEY_LEN)
			return fail(p, KFMT_EFORMAT, node, "public-key",
				    "public-key decodes to %u bytes, an Ed25519 key is 32",
				    (uint32_t)n);
		memcpy(m->public_key, decoded, MANIFEST_PUBLIC_KEY_LEN);
		m->has_public_key = true;
	}

	if (fdt_getprop(p->dtb, node, "disable-signing", &len)) {
		if (len != 0)
			return fail(p, KFMT_EFORMAT, node, "disable-signing",
				    "disable-signing takes no value");
		m->disable_signing = true;
	}

	ret = get_string_list(p, node, "variables", m->variables, MANIFEST_MAX_VARIABLES,
			      &m->nvariables, false);
	if (ret)
		return ret;
	for (i = 0; i < m->nvariables; i++)
		if (m->variables[i][0] != '/')
			return fail(p, KFMT_EFORMAT, node, "variables",
				    "variables entry %s is not an absolute node path",
				    m->variables[i]);
	return 0;
}

static int parse_channels(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int parent = fdt_subnode_offset(p->dtb, 0, "channels");
	uint64_t total = 0;
	int node, ret;

	if (parent < 0)
		return 0;
	ret = check_properties(p, parent, no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		struct manifest_channel *ch;
		const char *name = node_name(p, node);
		bool found;
		uint32_t i;

		if (m->nchannels == MANIFEST_MAX_CHANNELS)
			return fail(p, KFMT_ENOSPC, parent, NULL, "too many channels: more than %u",
				    (uint32_t)MANIFEST_MAX_CHANNELS);
		for (i = 0; i < m->nchannels; i++)
			if (strcmp(m->channels[i].name, name) == 0)
				return fail(p, KFMT_EFORMAT, node, NULL,
					    "duplicate channel name %s", name);
		ret = check_properties(p, node, channel_properties);
		if (ret)
			return ret;
		ret = check_subnodes(p, node, no_names);
		if (ret)
			return ret;
		ch = &m->channels[m->nchannels];
		ch->name = name;
		ret = get_u32(p, node, "size", &ch->size, &found);
		if (ret)
			return ret;
		if (!found)
			return fail(p, KFMT_EFORMAT, node, NULL, "missing property size");
		if (ch->size == 0)
			return fail(p, KFMT_EFORMAT, node, "size", "size must be greater than 0");
		if (ch->size % MANIFEST_PAGE_SIZE)
			return fail(p, KFMT_EFORMAT, node, "size",
				    "size 0x%x is not a multiple of 4096", ch->size);
		total += ch->size;
		if (total > MANIFEST_MAX_CHANNEL_BYTES)
			return fail(p, KFMT_ENOSPC, node, "size", "channels take more than %u KiB in all",
				    MANIFEST_MAX_CHANNEL_BYTES / 1024);
		m->nchannels++;
	}
	return 0;
}

static int parse_msg_servers(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int parent = fdt_subnode_offset(p->dtb, 0, "msg_servers");
	int node, ret;

	if (parent < 0)
		return fail(p, KFMT_EFORMAT, -1, "msg_servers", "missing node /msg_servers");
	ret = check_properties(p, parent, no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		const char *name = node_name(p, node);
		uint32_t i;

		if (m->nmsg_servers == MANIFEST_MAX_MSG_SERVERS)
			return fail(p, KFMT_ENOSPC, parent, NULL,
				    "too many message servers: more than %u",
				    (uint32_t)MANIFEST_MAX_MSG_SERVERS);
		for (i = 0; i < m->nmsg_servers; i++)
			if (strcmp(m->msg_servers[i].name, name) == 0)
				return fail(p, KFMT_EFORMAT, node, NULL,
					    "duplicate message server name %s", name);
		ret = check_properties(p, node, no_names);
		if (ret)
			return ret;
		ret = check_subnodes(p, node, no_names);
		if (ret)
			return ret;
		p->msg_server_nodes[m->nmsg_servers] = node;
		m->msg_servers[m->nmsg_servers++].name = name;
	}
	if (m->nmsg_servers == 0)
		return fail(p, KFMT_EFORMAT, parent, NULL,
			    "no message servers declared (need at least one)");
	return 0;
}

/* Names and nodes of every app first, so that restart-deps can point forwards. */
static int collect_apps(struct parser *p, int parent)
{
	struct kauri_manifest *m = p->m;
	int node, ret;

	ret = check_properties(p, parent, no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		const char *name = node_name(p, node);
		size_t len = strlen(name);
		uint32_t i;

		if (m->napps == MANIFEST_MAX_APPS)
			return fail(p, KFMT_ENOSPC, parent, NULL, "too many apps: more than %u",
				    (uint32_t)MANIFEST_MAX_APPS);
		if (len > MANIFEST_APP_NAME_MAX)
			return fail(p, KFMT_EFORMAT, node, NULL,
				    "app name is %u characters, the limit is %u", (uint32_t)len,
				    (uint32_t)MANIFEST_APP_NAME_MAX);
		for (i = 0; i < m->napps; i++)
			if (strcmp(m->apps[i].name, name) == 0)
				return fail(p, KFMT_EFORMAT, node, NULL, "duplicate app name %s",
					    name);
		p->app_nodes[m->napps] = node;
		m->apps[m->napps++].name = name;
	}
	/* No apps is a valid, if idle, system: a board's bare skeleton boots to the root server. */
	return 0;
}

/* --- one app --- */

static int find_node_index(const int *nodes, uint32_t n, int node)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (nodes[i] == node)
			return (int)i;
	return -1;
}

static int parse_msg_server_ref(struct parser *p, int node, struct manifest_app *app)
{
	const struct kauri_manifest *m = p->m;
	uint32_t phandle, i;
	bool found;
	int target, index, ret;

	ret = get_u32(p, node, "msg_server", &phandle, &found);
	if (ret)
		return ret;
	/* A protocol is in one message server's registry: an app that uses one says which. */
	if (!found && (app->npublishes || app->nconnects))
		return fail(p, KFMT_EFORMAT, node, app->npublishes ? "publishes" : "connects",
			    "%s needs msg_server: the message server the protocols are on",
			    app->npublishes ? "publishes" : "connects");
	if (!found) {
		for (i = 0; i < m->nmsg_servers; i++) {
			if (strcmp(m->msg_servers[i].name, MANIFEST_DEFAULT_MSG_SERVER) == 0) {
				app->msg_server = i;
				return 0;
			}
		}
		return fail(p, KFMT_EFORMAT, node, NULL,
			    "no msg_server given and no /msg_servers/msg0 to default to");
	}
	target = fdt_node_offset_by_phandle(p->dtb, phandle);
	if (target < 0)
		return fail(p, KFMT_EFORMAT, node, "msg_server", "phandle 0x%x points to no node",
			    phandle);
	index = find_node_index(p->msg_server_nodes, m->nmsg_servers, target);
	if (index < 0)
		return fail(p, KFMT_EFORMAT, node, "msg_server",
			    "phandle 0x%x is not a child of /msg_servers", phandle);
	app->msg_server = (uint32_t)index;
	return 0;
}

static int parse_priorities(struct parser *p, int node, struct manifest_app *app)
{
	bool has_priority, has_max;
	int ret;

	app->priority = MANIFEST_DEFAULT_PRIORITY;
	ret = get_u32(p, node, "priority", &app->priority, &has_priority);
	if (ret)
		return ret;
	if (app->priority > MANIFEST_PRIORITY_MAX)
		return fail(p, KFMT_EFORMAT, node, "priority", "priority %u is out of range 0-%u",
			    app->priority, (uint32_t)MANIFEST_PRIORITY_MAX);
	app->max_priority = app->priority;
	ret = get_u32(p, node, "max_priority", &app->max_priority, &has_max);
	if (ret)
		return ret;
	if (app->max_priority > MANIFEST_PRIORITY_MAX)
		return fail(p, KFMT_EFORMAT, node, "max_priority",
			    "max_priority %u is out of range 0-%u", app->max_priority,
			    (uint32_t)MANIFEST_PRIORITY_MAX);
	if (app->priority > app->max_priority)
		return fail(p, KFMT_EFORMAT, node, has_priority ? "priority" : "max_priority",
			    "priority %u is above max_priority %u", app->priority,
			    app->max_priority);
	return 0;
}

/* A budget in pages: at least min, at most max, the most that fits where the budget goes (why). */
static int check_pages(struct parser *p, int node, const char *name, uint32_t pages, uint32_t min,
		       uint32_t max, const char *why)
{
	if (pages < min)
		return fail(p, KFMT_EFORMAT, node, name, "%s must be at least %u", name, min);
	if (pages > max)
		return fail(p, KFMT_EFORMAT, node, name, "%s %u is more than %u, %s", name, pages, max,
			    why);
	return 0;
}

static int parse_budgets(struct parser *p, int node, struct manifest_app *app)
{
	bool found, found_alias;
	uint32_t alias = 0;
	int ret;

	app->heap_pages = MANIFEST_DEFAULT_HEAP_PAGES;
	ret = get_u32(p, node, "heap_pages", &app->heap_pages, &found);
	if (ret)
		return ret;
	ret = check_pages(p, node, "heap_pages", app->heap_pages, 1, MANIFEST_MAX_HEAP_PAGES,
			  "the heap's 768 MiB of address space");
	if (ret)
		return ret;
	app->stack_pages = MANIFEST_DEFAULT_STACK_PAGES;
	ret = get_u32(p, node, "stack_pages", &app->stack_pages, &found);
	if (ret)
		return ret;
	ret = check_pages(p, node, "stack_pages", app->stack_pages, 1, MANIFEST_MAX_STACK_PAGES,
			  "the stack's 8 MiB of address space less the IPC buffer and a guard page");
	if (ret)
		return ret;
	ret = get_u32(p, node, "ut_4k_pages", &app->ut_4k_pages, &found);
	if (ret)
		return ret;
	ret = get_u32(p, node, "ut_large_pages", &app->ut_large_pages, &found);
	if (ret)
		return ret;
	/* The seeds spell it ut_large_page; accept that spelling, but not both at once. */
	ret = get_u32(p, node, "ut_large_page", &alias, &found_alias);
	if (ret)
		return ret;
	if (found && found_alias)
		return fail(p, KFMT_EFORMAT, node, "ut_large_page",
			    "ut_large_page and ut_large_pages are the same setting: give one");
	app->ut_large_property = found_alias ? "ut_large_page" : "ut_large_pages";
	if (found_alias)
		app->ut_large_pages = alias;
	/* ut_4k_pages needs no bound: 2^32 pages of 4 KiB are 16 TiB, below the largest untyped. */
	return check_pages(p, node, app->ut_large_property, app->ut_large_pages, 0,
			   MANIFEST_MAX_UT_LARGE_PAGES,
			   "128 TiB: the largest untyped the kernel makes");
}

static int parse_restart(struct parser *p, int node, uint32_t index)
{
	struct manifest_app *app = &p->m->apps[index];
	const char *restart = NULL;
	const fdt32_t *deps;
	uint32_t i, j;
	int len, ret;

	ret = get_string(p, node, "restart", &restart);
	if (ret)
		return ret;
	app->restart = MANIFEST_RESTART_NEVER;
	if (restart) {
		for (i = 0; restart_names[i]; i++)
			if (strcmp(restart, restart_names[i]) == 0)
				break;
		if (!restart_names[i])
			return fail(p, KFMT_EFORMAT, node, "restart",
				    "restart %s is not one of: %s", restart, known_names(p, restart_names));
		app->restart = (enum manifest_restart)i;
	}

	deps = fdt_getprop(p->dtb, node, "restart-deps", &len);
	if (!deps)
		return 0;
	if (len == 0 || len % 4)
		return fail(p, KFMT_EFORMAT, node, "restart-deps",
			    "restart-deps must be a list of app phandles, not %u bytes",
			    (uint32_t)len);
	if ((uint32_t)len / 4 > MANIFEST_MAX_RESTART_DEPS)
		return fail(p, KFMT_ENOSPC, node, "restart-deps",
			    "too many restart-deps: more than %u",
			    (uint32_t)MANIFEST_MAX_RESTART_DEPS);
	for (i = 0; i < (uint32_t)len / 4; i++) {
		uint32_t phandle = fdt32_ld(deps + i);
		int target = fdt_node_offset_by_phandle(p->dtb, phandle);
		int dep = target < 0 ? -1 : find_node_index(p->app_nodes, p->m->napps, target);

		if (target < 0)
			return fail(p, KFMT_EFORMAT, node, "restart-deps",
				    "phandle 0x%x points to no node", phandle);
		if (dep < 0)
			return fail(p, KFMT_EFORMAT, node, "restart-deps",
				    "phandle 0x%x is not an app under /apps", phandle);
		if ((uint32_t)dep == index)
			return fail(p, KFMT_EFORMAT, node, "restart-deps",
				    "app %s lists itself in restart-deps", app->name);
		for (j = 0; j < app->nrestart_deps; j++)
			if (app->restart_deps[j] == (uint32_t)dep)
				return fail(p, KFMT_EFORMAT, node, "restart-deps",
					    "restart-deps lists app %s twice",
					    p->m->apps[dep].name);
		app->restart_deps[app->nrestart_deps++] = (uint32_t)dep;
	}
	return 0;
}

static int parse_environ(struct parser *p, int app_node, struct manifest_app *app)
{
	int node = fdt_subnode_offset(p->dtb, app_node, "environ");
	const char *name;
	int prop, ret;

	if (node < 0)
		return 0;
	ret = check_subnodes(p, node, no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		const char *value = fdt_getprop_by_offset(p->dtb, prop, &name, NULL);

		if (!value)
			return fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (is_phandle_property(name))
			continue;
		if (app->nenviron == MANIFEST_MAX_ENVIRON)
			return fail(p, KFMT_ENOSPC, node, NULL,
				    "too many environ entries: more than %u",
				    (uint32_t)MANIFEST_MAX_ENVIRON);
		value = NULL;
		ret = get_string(p, node, name, &value);
		if (ret)
			return ret;
		app->environ[app->nenviron].name = name;
		app->environ[app->nenviron++].value = value;
	}
	return 0;
}

static int parse_channel_rights(struct parser *p, int node, struct manifest_app *app)
{
	const struct kauri_manifest *m = p->m;
	const char *name;
	int prop, ret;

	ret = check_subnodes(p, node, no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		const char *list;
		struct manifest_app_channel *use;
		uint32_t r, ch;
		int len, pos;

		list = fdt_getprop_by_offset(p->dtb, prop, &name, &len);
		if (!list)
			return fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (is_phandle_property(name))
			continue;
		for (ch = 0; ch < m->nchannels; ch++)
			if (strcmp(m->channels[ch].name, name) == 0)
				break;
		if (ch == m->nchannels)
			return fail(p, KFMT_EFORMAT, node, name,
				    "channel %s is not declared under /channels", name);
		if (app->nchannels == MANIFEST_MAX_APP_CHANNELS)
			return fail(p, KFMT_ENOSPC, node, name,
				    "too many channels for one app: more than %u",
				    (uint32_t)MANIFEST_MAX_APP_CHANNELS);
		if (len == 0)
			return fail(p, KFMT_EFORMAT, node, name,
				    "%s grants no rights (known: %s)", name, known_names(p, right_names));
		if (list[len - 1] != '\0')
			return fail(p, KFMT_EFORMAT, node, name,
				    "%s is not a NUL-terminated string list", name);
		use = &app->channels[app->nchannels];
		use->channel = ch;
		use->rights = 0;
		for (pos = 0; pos < len; pos += (int)strlen(list + pos) + 1) {
			const char *right = list + pos;

			for (r = 0; right_names[r]; r++)
				if (strcmp(right, right_names[r]) == 0)
					break;
			if (!right_names[r])
				return fail(p, KFMT_EFORMAT, node, name,
					    "unknown right %s (known: %s)", right, known_names(p, right_names));
			if (use->rights & (1u << r))
				return fail(p, KFMT_EFORMAT, node, name, "right %s listed twice",
					    right);
			use->rights |= 1u << r;
		}
		app->nchannels++;
	}
	return 0;
}

static int parse_devices(struct parser *p, int node, uint32_t index)
{
	struct kauri_manifest *m = p->m;
	struct manifest_app *app = &m->apps[index];
	const char *name;
	int prop, ret;

	ret = check_subnodes(p, node, no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		const fdt32_t *cells;
		struct manifest_device *dev;
		uint64_t base, size, end;
		uint32_t a, d;
		int len;

		cells = fdt_getprop_by_offset(p->dtb, prop, &name, &len);
		if (!cells)
			return fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (is_phandle_property(name))
			continue;
		if (app->ndevices == MANIFEST_MAX_DEVICES)
			return fail(p, KFMT_ENOSPC, node, name,
				    "too many devices for one app: more than %u",
				    (uint32_t)MANIFEST_MAX_DEVICES);
		if (len == 8) {
			base = fdt32_ld(cells);
			size = fdt32_ld(cells + 1);
		} else if (len == 16) {
			base = (uint64_t)fdt32_ld(cells) << 32 | fdt32_ld(cells + 1);
			size = (uint64_t)fdt32_ld(cells + 2) << 32 | fdt32_ld(cells + 3);
		} else {
			return fail(p, KFMT_EFORMAT, node, name,
				    "%s must be <base size> in 2 or 4 cells, not %u bytes", name,
				    (uint32_t)len);
		}
		if (size == 0)
			return fail(p, KFMT_EFORMAT, node, name, "%s has size 0", name);
		if (base % MANIFEST_PAGE_SIZE || size % MANIFEST_PAGE_SIZE)
			return fail(p, KFMT_EFORMAT, node, name,
				    "range 0x%llx+0x%llx is not 4096-byte aligned",
				    (unsigned long long)base, (unsigned long long)size);
		end = base + size - 1;
		if (end < base)
			return fail(p, KFMT_EFORMAT, node, name,
				    "range 0x%llx+0x%llx wraps past the end of the address space",
				    (unsigned long long)base, (unsigned long long)size);
		/* MMIO is exclusive: no range may overlap another, in this app or any earlier one. */
		for (a = 0; a <= index; a++) {
			const struct manifest_app *other = &m->apps[a];
			uint32_t n = a == index ? app->ndevices : other->ndevices;

			for (d = 0; d < n; d++) {
				const struct manifest_device *o = &other->devices[d];

				if (base <= o->base + o->size - 1 && o->base <= end)
					return fail(p, KFMT_EFORMAT, node, name,
						    "range 0x%llx-0x%llx overlaps %s/%s (0x%llx-0x%llx)",
						    (unsigned long long)base, (unsigned long long)end,
						    other->name, o->name, (unsigned long long)o->base,
						    (unsigned long long)(o->base + o->size - 1));
			}
		}
		dev = &app->devices[app->ndevices++];
		dev->name = name;
		dev->base = base;
		dev->size = size;
	}
	return 0;
}

static int parse_irqs(struct parser *p, int node, uint32_t index)
{
	struct kauri_manifest *m = p->m;
	struct manifest_app *app = &m->apps[index];
	const fdt32_t *cells;
	uint32_t i, a, k;
	int len;

	cells = fdt_getprop(p->dtb, node, "irqs", &len);
	if (!cells)
		return 0;
	if (len == 0 || len % 4)
		return fail(p, KFMT_EFORMAT, node, "irqs",
			    "irqs must be a list of 32-bit cells, not %u bytes", (uint32_t)len);
	if ((uint32_t)len / 4 > MANIFEST_MAX_IRQS)
		return fail(p, KFMT_ENOSPC, node, "irqs", "too many irqs: more than %u",
			    (uint32_t)MANIFEST_MAX_IRQS);
	for (i = 0; i < (uint32_t)len / 4; i++) {
		uint32_t irq = fdt32_ld(cells + i);

		if (irq < MANIFEST_IRQ_MIN)
			return fail(p, KFMT_EFORMAT, node, "irqs",
				    "irq %u is below 16 (0-15 are the kernel's SGIs)", irq);
		if (irq > MANIFEST_IRQ_MAX)
			return fail(p, KFMT_EFORMAT, node, "irqs", "irq %u is above %u", irq,
				    (uint32_t)MANIFEST_IRQ_MAX);
		/* An interrupt line has one handler: refuse it twice, here or in an earlier app. */
		for (a = 0; a <= index; a++) {
			const struct manifest_app *other = &m->apps[a];
			uint32_t n = a == index ? app->nirqs : other->nirqs;

			for (k = 0; k < n; k++)
				if (other->irqs[k] == irq)
					return fail(p, KFMT_EFORMAT, node, "irqs",
						    "irq %u is already given to app %s", irq,
						    other->name);
		}
		app->irqs[app->nirqs++] = irq;
	}
	return 0;
}

static int parse_resources(struct parser *p, int app_node, uint32_t index)
{
	int node = fdt_subnode_offset(p->dtb, app_node, "resources");
	int child, ret;

	if (node < 0)
		return 0;
	ret = check_properties(p, node, resources_properties);
	if (ret)
		return ret;
	ret = check_subnodes(p, node, resources_nodes);
	if (ret)
		return ret;
	child = fdt_subnode_offset(p->dtb, node, "channels");
	if (child >= 0) {
		ret = parse_channel_rights(p, child, &p->m->apps[index]);
		if (ret)
			return ret;
	}
	child = fdt_subnode_offset(p->dtb, node, "devices");
	if (child >= 0) {
		ret = parse_devices(p, child, index);
		if (ret)
			return ret;
	}
	return parse_irqs(p, node, index);
}

/* One protocol name per message server: two publishers would both claim the same endpoint. */
static int check_publishes(struct parser *p, int node, uint32_t index)
{
	const struct kauri_manifest *m = p->m;
	const struct manifest_app *app = &m->apps[index];
	uint32_t i, a, k;

	for (i = 0; i < app->npublishes; i++) {
		for (a = 0; a < index; a++) {
			const struct manifest_app *other = &m->apps[a];

			if (other->msg_server != app->msg_server)
				continue;
			for (k = 0; k < other->npublishes; k++)
				if (strcmp(other->publishes[k], app->publishes[i]) == 0)
					return fail(p, KFMT_EFORMAT, node, "publishes",
						    "protocol %s is already published by app %s on %s",
						    app->publishes[i], other->name,
						    m->msg_servers[app->msg_server].name);
		}
	}
	return 0;
}

static int parse_app(struct parser *p, uint32_t index)
{
	struct manifest_app *app = &p->m->apps[index];
	int node = p->app_nodes[index];
	int len, ret;

	ret = check_properties(p, node, app_properties);
	if (ret)
		return ret;
	ret = check_subnodes(p, node, app_nodes_known);
	if (ret)
		return ret;

	ret = get_string(p, node, "binary", &app->binary);
	if (ret)
		return ret;
	if (!app->binary)
		return fail(p, KFMT_EFORMAT, node, NULL, "missing property binary");
	if (app->binary[0] == '\0')
		return fail(p, KFMT_EFORMAT, node, "binary", "binary is empty");
	app->binary_sha256 = fdt_getprop(p->dtb, node, "binary-sha256", &len);
	if (app->binary_sha256 && len != MANIFEST_BINARY_SHA256_LEN)
		return fail(p, KFMT_EFORMAT, node, "binary-sha256",
			    "binary-sha256 must be a 32-byte SHA-256 digest, not %u bytes",
			    (uint32_t)len);
	ret = get_string(p, node, "initrd", &app->initrd);
	if (ret)
		return ret;
	if (app->initrd && app->initrd[0] == '\0')
		return fail(p, KFMT_EFORMAT, node, "initrd", "initrd is empty");
	app->initrd_sha256 = fdt_getprop(p->dtb, node, "initrd-sha256", &len);
	if (app->initrd_sha256 && len != MANIFEST_BINARY_SHA256_LEN)
		return fail(p, KFMT_EFORMAT, node, "initrd-sha256",
			    "initrd-sha256 must be a 32-byte SHA-256 digest, not %u bytes",
			    (uint32_t)len);
	if (app->initrd_sha256 && !app->initrd)
		return fail(p, KFMT_EFORMAT, node, "initrd-sha256", "initrd-sha256 without an initrd");
	ret = get_string_list(p, node, "args", app->args, MANIFEST_MAX_ARGS, &app->nargs, true);
	if (ret)
		return ret;
	ret = parse_environ(p, node, app);
	if (ret)
		return ret;
	ret = parse_priorities(p, node, app);
	if (ret)
		return ret;
	ret = parse_budgets(p, node, app);
	if (ret)
		return ret;
	ret = get_string_list(p, node, "publishes", app->publishes, MANIFEST_MAX_PROTOCOLS,
			      &app->npublishes, false);
	if (ret)
		return ret;
	ret = get_string_list(p, node, "connects", app->connects, MANIFEST_MAX_PROTOCOLS,
			      &app->nconnects, false);
	if (ret)
		return ret;
	ret = parse_msg_server_ref(p, node, app);
	if (ret)
		return ret;
	ret = check_publishes(p, node, index);
	if (ret)
		return ret;
	ret = parse_resources(p, node, index);
	if (ret)
		return ret;
	return parse_restart(p, node, index);
}

/* --- start order --- */

/* True when app a should start before app b among apps that are both ready. */
static bool starts_before(const struct manifest_app *a, const struct manifest_app *b)
{
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return strcmp(a->name, b->name) < 0;
}

/* Called when no app is ready: walk unstarted dependencies from the first unstarted app. */
static int report_cycle(struct parser *p, const bool *started)
{
	const struct kauri_manifest *m = p->m;
	uint32_t walk[MANIFEST_MAX_APPS + 1];
	uint32_t n = 0, i, j, first = 0, cur;

	for (cur = 0; started[cur]; cur++)
		;
	for (;;) {
		for (i = 0; i < n; i++)
			if (walk[i] == cur)
				break;
		if (i < n) {
			first = i;
			break;
		}
		walk[n++] = cur;
		/* cur is not ready, so one of its dependencies has not started either. */
		for (j = 0; started[m->apps[cur].restart_deps[j]]; j++)
			;
		cur = m->apps[cur].restart_deps[j];
	}
	fail(p, KFMT_EFORMAT, p->app_nodes[walk[first]], "restart-deps", "restart-deps cycle: ");
	if (p->err) {
		for (i = first; i < n; i++)
			append(p->err->message, sizeof(p->err->message), "%s -> ",
			       m->apps[walk[i]].name);
		append(p->err->message, sizeof(p->err->message), "%s", m->apps[walk[first]].name);
	}
	return -KFMT_EFORMAT;
}

static int compute_start_order(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	bool started[MANIFEST_MAX_APPS] = { false };
	uint32_t k, i, d;

	for (k = 0; k < m->napps; k++) {
		int best = -1;

		for (i = 0; i < m->napps; i++) {
			const struct manifest_app *app = &m->apps[i];

			if (started[i])
				continue;
			for (d = 0; d < app->nrestart_deps; d++)
				if (!started[app->restart_deps[d]])
					break;
			if (d < app->nrestart_deps)
				continue;
			if (best < 0 || starts_before(app, &m->apps[best]))
				best = (int)i;
		}
		if (best < 0)
			return report_cycle(p, started);
		started[best] = true;
		m->start_order[k] = (uint32_t)best;
	}
	return 0;
}

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
		return fail(&p, KFMT_EINVAL, -1, NULL, "no manifest given");
	memset(out, 0, sizeof(*out));

	ret = dtb_check(dtb, len);
	if (ret)
		return fail(&p, KFMT_EFORMAT, -1, NULL, "not a valid DTB: %s", kauri_format_strerror(ret));
	ret = parse_kos_options(&p);
	if (ret)
		goto fail;
	ret = parse_channels(&p);
	if (ret)
		goto fail;
	ret = parse_msg_servers(&p);
	if (ret)
		goto fail;
	apps = fdt_subnode_offset(dtb, 0, "apps");
	if (apps < 0) {
		ret = fail(&p, KFMT_EFORMAT, -1, "apps", "missing node /apps");
		goto fail;
	}
	ret = collect_apps(&p, apps);
	if (ret)
		goto fail;
	for (i = 0; i < out->napps; i++) {
		ret = parse_app(&p, i);
		if (ret)
			goto fail;
	}
	ret = compute_start_order(&p);
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
		return fail(&p, KFMT_ENOSPC, -1, "channels",
			    "channels take %llu KiB, more than the board's %llu KiB of RAM",
			    (unsigned long long)total / 1024, (unsigned long long)ram_bytes / 1024);
	/* In start order, so that the app named is the one the device could not make. */
	for (i = 0; i < m->napps; i++) {
		const struct manifest_app *app = &m->apps[m->start_order[i]];

		total += manifest_app_bytes(app);
		if (total <= ram_bytes)
			continue;
		snprintf(where, sizeof(where), "apps/%s/%s", app->name, largest_budget(app));
		return fail(&p, KFMT_ENOSPC, -1, where,
			    "memory budgets come to %llu KiB with this app's, more than the board's "
			    "%llu KiB of RAM",
			    (unsigned long long)total / 1024, (unsigned long long)ram_bytes / 1024);
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

const char *manifest_restart_name(enum manifest_restart restart)
{
	if ((unsigned)restart < ARRAY_LEN(restart_names) - 1)
		return restart_names[restart];
	return "?";
}
