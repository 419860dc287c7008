/* SPDX-License-Identifier: BSD-2-Clause */
/* The nodes under /apps: each app's properties, read through one table of rows into its struct. */
#include <stddef.h>
#include <string.h>

#include <format/error.h>

#include "manifest_parser.h"

/* In the order the "known:" message lists them; app_props below is in the order they are read. */
static const char *const app_properties[] = {
	"binary",	 "args",	 "priority",	"max_priority",
	"heap_pages",	 "stack_pages",	 "ut_4k_pages", "ut_large_pages",
	"ut_large_page", "msg_server",	 "publishes",	"connects",
	"restart",	 "restart-deps", "initrd",	"binary-sha256",
	"initrd-sha256", NULL,
};
static const char *const app_subnodes[] = { "environ", "resources", "vm", NULL };

/* Indexed by enum manifest_restart. */
static const char *const restart_names[] = { "never", "on-failure", "always", NULL };

struct app_prop;

/* Reads, or checks, one row's property (or subnode) of app index, whose node is node. */
typedef int (*app_prop_fn)(struct parser *p, int node, uint32_t index, const struct app_prop *row);

/* One property of an app: how it is read, where it goes, and the rules on its value. */
struct app_prop {
	const char *name;  /* the property, or the subnode a subnode row parses */
	app_prop_fn read;  /* the typed reader, into the field at offset */
	size_t offset;     /* of the field in struct manifest_app */
	bool required;     /* absent is "missing property <name>" */
	app_prop_fn check; /* rules on the value read, run after it (NULL: none) */
	/* What some readers and checks take: */
	size_t count;      /* string lists: offset of the count field */
	uint32_t def;      /* u32: the value when absent */
	uint32_t min, max; /* u32: the bounds; string lists: the capacity */
	bool allow_empty;  /* string lists: empty and repeated entries are allowed */
	const char *why;   /* budgets: what max is, for the message */
};

/* The offset of struct manifest_app's field f, which must be of type t (what the reader writes). */
#define FIELD(f, t)                                                                    \
	(offsetof(struct manifest_app, f) +                                            \
	 0 * sizeof(char[__builtin_types_compatible_p(                                 \
				 __typeof__(((struct manifest_app *)0)->f), t) ? 1 : -1]))

static struct manifest_app *app_of(struct parser *p, uint32_t index)
{
	return &p->m->apps[index];
}

static void *field(struct parser *p, uint32_t index, size_t offset)
{
	return (char *)app_of(p, index) + offset;
}

static bool has_prop(struct parser *p, int node, const char *name)
{
	return manifest_getprop(p, node, name, NULL) != NULL;
}

static int find_node_index(const int *nodes, uint32_t n, int node)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (nodes[i] == node)
			return (int)i;
	return -1;
}

/* --- readers: the property's shape, into the row's field --- */

static int read_string(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	return manifest_prop_string(p, node, row->name, field(p, index, row->offset));
}

static int read_string_list(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	return manifest_prop_string_list(p, node, row->name, field(p, index, row->offset), row->max,
					 field(p, index, row->count), row->allow_empty);
}

static int read_u32(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	uint32_t *out = field(p, index, row->offset);
	bool found;

	*out = row->def;
	return manifest_prop_u32(p, node, row->name, out, &found);
}

/* A SHA-256 digest, as kauri-release records it: 32 bytes, left in the DTB. */
static int read_digest(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	return manifest_prop_digest(p, node, row->name, field(p, index, row->offset));
}

/* The message server the app's protocols are on: a phandle, or msg0 for an app without any. */
static int read_msg_server(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	const struct kauri_manifest *m = p->m;
	const struct manifest_app *app = app_of(p, index);
	uint32_t *out = field(p, index, row->offset);
	uint32_t phandle, i;
	int target, server, ret;
	bool found;

	ret = manifest_prop_phandle(p, node, row->name, &phandle, &target, &found);
	if (ret)
		return ret;
	if (found) {
		server = find_node_index(p->msg_server_nodes, m->nmsg_servers, target);
		if (server < 0)
			return manifest_fail(p, KFMT_EFORMAT, node, row->name,
					     "phandle 0x%x is not a child of /msg_servers",
					     phandle);
		*out = (uint32_t)server;
		return 0;
	}
	/* A protocol is in one message server's registry: an app that uses one says which. */
	if (app->npublishes || app->nconnects)
		return manifest_fail(p, KFMT_EFORMAT, node,
				     app->npublishes ? "publishes" : "connects",
				     "%s needs msg_server: the message server the protocols are on",
				     app->npublishes ? "publishes" : "connects");
	for (i = 0; i < m->nmsg_servers; i++) {
		if (strcmp(m->msg_servers[i].name, MANIFEST_DEFAULT_MSG_SERVER) == 0) {
			*out = i;
			return 0;
		}
	}
	return manifest_fail(p, KFMT_EFORMAT, node, NULL,
			     "no msg_server given and no /msg_servers/msg0 to default to");
}

static int read_restart(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	enum manifest_restart *out = field(p, index, row->offset);
	const char *restart = NULL;
	uint32_t i;
	int ret;

	ret = manifest_prop_string(p, node, row->name, &restart);
	if (ret)
		return ret;
	*out = MANIFEST_RESTART_NEVER;
	if (!restart)
		return 0;
	for (i = 0; restart_names[i]; i++)
		if (strcmp(restart, restart_names[i]) == 0)
			break;
	if (!restart_names[i])
		return manifest_fail(p, KFMT_EFORMAT, node, row->name,
				     "restart %s is not one of: %s", restart,
				     manifest_known_names(p, restart_names));
	*out = (enum manifest_restart)i;
	return 0;
}

/* The apps this one depends on, by phandle: other apps, each once. */
static int read_restart_deps(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	const struct manifest_app *app = app_of(p, index);
	uint32_t *deps = field(p, index, row->offset);
	uint32_t *count = field(p, index, row->count);
	const fdt32_t *cells;
	uint32_t n, i, j;
	int ret;

	ret = manifest_prop_cells(p, node, row->name, "app phandles", row->max, &cells, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		uint32_t phandle = fdt32_ld(cells + i);
		int target, dep;

		ret = manifest_resolve_phandle(p, node, row->name, phandle, &target);
		if (ret)
			return ret;
		dep = find_node_index(p->app_nodes, p->m->napps, target);
		if (dep < 0)
			return manifest_fail(p, KFMT_EFORMAT, node, row->name,
					     "phandle 0x%x is not an app under /apps", phandle);
		if ((uint32_t)dep == index)
			return manifest_fail(p, KFMT_EFORMAT, node, row->name,
					     "app %s lists itself in restart-deps", app->name);
		for (j = 0; j < *count; j++)
			if (deps[j] == (uint32_t)dep)
				return manifest_fail(p, KFMT_EFORMAT, node, row->name,
						     "restart-deps lists app %s twice",
						     p->m->apps[dep].name);
		deps[(*count)++] = (uint32_t)dep;
	}
	return 0;
}

/* The environ subnode: every property a variable, its value one string. */
static int parse_environ(struct parser *p, int app_node, uint32_t index, const struct app_prop *row)
{
	struct manifest_app *app = app_of(p, index);
	int node = fdt_subnode_offset(p->dtb, app_node, row->name);
	const char *name;
	int prop, ret;

	if (node < 0)
		return 0;
	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		const char *value = fdt_getprop_by_offset(p->dtb, prop, &name, NULL);

		if (!value)
			return manifest_fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (manifest_is_phandle_property(name))
			continue;
		if (app->nenviron == MANIFEST_MAX_ENVIRON)
			return manifest_fail(p, KFMT_ENOSPC, node, NULL,
					     "too many environ entries: more than %u",
					     (uint32_t)MANIFEST_MAX_ENVIRON);
		value = NULL;
		ret = manifest_prop_string(p, node, name, &value);
		if (ret)
			return ret;
		app->environ[app->nenviron].name = name;
		app->environ[app->nenviron++].value = value;
	}
	return 0;
}

static int parse_resources(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	(void)row;
	return manifest_parse_resources(p, node, index);
}

static int parse_vm(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	(void)row;
	return manifest_parse_vm(p, node, index);
}

/* --- checks: rules on a value once it is read --- */

static int check_not_empty(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	const char *const *s = field(p, index, row->offset);

	if (*s && (*s)[0] == '\0')
		return manifest_fail(p, KFMT_EFORMAT, node, row->name, "%s is empty", row->name);
	return 0;
}

static int check_initrd_digest(struct parser *p, int node, uint32_t index,
			       const struct app_prop *row)
{
	const struct manifest_app *app = app_of(p, index);

	if (app->initrd_sha256 && !app->initrd)
		return manifest_fail(p, KFMT_EFORMAT, node, row->name, "%s without an initrd",
				     row->name);
	return 0;
}

static int check_range(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	uint32_t value = *(const uint32_t *)field(p, index, row->offset);

	if (value > row->max)
		return manifest_fail(p, KFMT_EFORMAT, node, row->name, "%s %u is out of range 0-%u",
				     row->name, value, row->max);
	return 0;
}

/* max_priority is the priority when absent, and never below it. */
static int check_max_priority(struct parser *p, int node, uint32_t index,
			      const struct app_prop *row)
{
	struct manifest_app *app = app_of(p, index);
	int ret;

	if (!has_prop(p, node, row->name))
		app->max_priority = app->priority;
	ret = check_range(p, node, index, row);
	if (ret)
		return ret;
	if (app->priority > app->max_priority)
		return manifest_fail(p, KFMT_EFORMAT, node,
				     has_prop(p, node, "priority") ? "priority" : row->name,
				     "priority %u is above max_priority %u", app->priority,
				     app->max_priority);
	return 0;
}

/* A budget in pages, spelt name: at least min, at most max, which is the most that fits (why). */
static int check_pages(struct parser *p, int node, const char *name, uint32_t pages,
		       const struct app_prop *row)
{
	if (pages < row->min)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s must be at least %u", name,
				     row->min);
	if (pages > row->max)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s %u is more than %u, %s", name,
				     pages, row->max, row->why);
	return 0;
}

static int check_budget(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	return check_pages(p, node, row->name, *(const uint32_t *)field(p, index, row->offset),
			   row);
}

/* The seeds spell ut_large_pages ut_large_page; accept that spelling, but not both at once. */
static int check_ut_large(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	static const char alias_name[] = "ut_large_page";
	struct manifest_app *app = app_of(p, index);
	uint32_t alias = 0;
	bool found_alias;
	int ret;

	ret = manifest_prop_u32(p, node, alias_name, &alias, &found_alias);
	if (ret)
		return ret;
	if (found_alias && has_prop(p, node, row->name))
		return manifest_fail(
			p, KFMT_EFORMAT, node, alias_name,
			"ut_large_page and ut_large_pages are the same setting: give one");
	app->ut_large_property = found_alias ? alias_name : row->name;
	if (found_alias)
		app->ut_large_pages = alias;
	return check_pages(p, node, app->ut_large_property, app->ut_large_pages, row);
}

/* One protocol name per message server: two publishers would both claim the same endpoint. */
static int check_publishes(struct parser *p, int node, uint32_t index, const struct app_prop *row)
{
	const struct kauri_manifest *m = p->m;
	const struct manifest_app *app = app_of(p, index);
	uint32_t i, a, k;

	(void)row;
	for (i = 0; i < app->npublishes; i++) {
		for (a = 0; a < index; a++) {
			const struct manifest_app *other = &m->apps[a];

			if (other->msg_server != app->msg_server)
				continue;
			for (k = 0; k < other->npublishes; k++)
				if (strcmp(other->publishes[k], app->publishes[i]) == 0)
					return manifest_fail(
						p, KFMT_EFORMAT, node, "publishes",
						"protocol %s is already published by app %s on %s",
						app->publishes[i], other->name,
						m->msg_servers[app->msg_server].name);
		}
	}
	return 0;
}

/*
 * In the order they are read, which decides the error a manifest with several mistakes gets; a
 * check may use the rows above it. Subnode rows (environ, resources) parse their subnode.
 */
static const struct app_prop app_props[] = {
	{ .name = "binary", .read = read_string, .offset = FIELD(binary, const char *),
	  .required = true, .check = check_not_empty },
	{ .name = "binary-sha256", .read = read_digest,
	  .offset = FIELD(binary_sha256, const uint8_t *) },
	{ .name = "initrd", .read = read_string, .offset = FIELD(initrd, const char *),
	  .check = check_not_empty },
	{ .name = "initrd-sha256", .read = read_digest,
	  .offset = FIELD(initrd_sha256, const uint8_t *), .check = check_initrd_digest },
	{ .name = "args", .read = read_string_list,
	  .offset = FIELD(args, const char *[MANIFEST_MAX_ARGS]), .count = FIELD(nargs, uint32_t),
	  .max = MANIFEST_MAX_ARGS, .allow_empty = true },
	{ .name = "environ", .read = parse_environ },
	{ .name = "priority", .read = read_u32, .offset = FIELD(priority, uint32_t),
	  .def = MANIFEST_DEFAULT_PRIORITY, .max = MANIFEST_PRIORITY_MAX, .check = check_range },
	{ .name = "max_priority", .read = read_u32, .offset = FIELD(max_priority, uint32_t),
	  .max = MANIFEST_PRIORITY_MAX, .check = check_max_priority },
	{ .name = "heap_pages", .read = read_u32, .offset = FIELD(heap_pages, uint32_t),
	  .def = MANIFEST_DEFAULT_HEAP_PAGES, .min = 1, .max = MANIFEST_MAX_HEAP_PAGES,
	  .check = check_budget, .why = "the heap's 768 MiB of address space" },
	{ .name = "stack_pages", .read = read_u32, .offset = FIELD(stack_pages, uint32_t),
	  .def = MANIFEST_DEFAULT_STACK_PAGES, .min = 1, .max = MANIFEST_MAX_STACK_PAGES,
	  .check = check_budget,
	  .why = "the stack's 8 MiB of address space less the IPC buffer and a guard page" },
	/* No bound: 2^32 pages of 4 KiB are 16 TiB, below the largest untyped. */
	{ .name = "ut_4k_pages", .read = read_u32, .offset = FIELD(ut_4k_pages, uint32_t) },
	{ .name = "ut_large_pages", .read = read_u32, .offset = FIELD(ut_large_pages, uint32_t),
	  .max = MANIFEST_MAX_UT_LARGE_PAGES, .check = check_ut_large,
	  .why = "128 TiB: the largest untyped the kernel makes" },
	{ .name = "publishes", .read = read_string_list,
	  .offset = FIELD(publishes, const char *[MANIFEST_MAX_PROTOCOLS]),
	  .count = FIELD(npublishes, uint32_t), .max = MANIFEST_MAX_PROTOCOLS },
	{ .name = "connects", .read = read_string_list,
	  .offset = FIELD(connects, const char *[MANIFEST_MAX_PROTOCOLS]),
	  .count = FIELD(nconnects, uint32_t), .max = MANIFEST_MAX_PROTOCOLS },
	{ .name = "msg_server", .read = read_msg_server, .offset = FIELD(msg_server, uint32_t),
	  .check = check_publishes },
	{ .name = "resources", .read = parse_resources },
	{ .name = "vm", .read = parse_vm },
	{ .name = "restart", .read = read_restart,
	  .offset = FIELD(restart, enum manifest_restart) },
	{ .name = "restart-deps", .read = read_restart_deps,
	  .offset = FIELD(restart_deps, uint32_t[MANIFEST_MAX_RESTART_DEPS]),
	  .count = FIELD(nrestart_deps, uint32_t), .max = MANIFEST_MAX_RESTART_DEPS },
};

int manifest_parse_app(struct parser *p, uint32_t index)
{
	int node = p->app_nodes[index];
	const struct app_prop *row;
	int ret;

	ret = manifest_check_properties(p, node, app_properties);
	if (ret)
		return ret;
	ret = manifest_check_subnodes(p, node, app_subnodes);
	if (ret)
		return ret;
	for (row = app_props; row < app_props + ARRAY_LEN(app_props); row++) {
		ret = row->read(p, node, index, row);
		if (!ret && row->required && !has_prop(p, node, row->name))
			ret = manifest_fail(p, KFMT_EFORMAT, node, NULL, "missing property %s",
					    row->name);
		if (!ret && row->check)
			ret = row->check(p, node, index, row);
		if (ret)
			return ret;
	}
	return 0;
}

int manifest_collect_apps(struct parser *p, int parent)
{
	struct kauri_manifest *m = p->m;
	int node, ret;

	ret = manifest_check_properties(p, parent, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		const char *name = manifest_node_name(p, node);
		size_t len = strlen(name);
		uint32_t i;

		if (m->napps == MANIFEST_MAX_APPS)
			return manifest_fail(p, KFMT_ENOSPC, parent, NULL,
					     "too many apps: more than %u",
					     (uint32_t)MANIFEST_MAX_APPS);
		if (len > MANIFEST_APP_NAME_MAX)
			return manifest_fail(p, KFMT_EFORMAT, node, NULL,
					     "app name is %u characters, the limit is %u",
					     (uint32_t)len, (uint32_t)MANIFEST_APP_NAME_MAX);
		for (i = 0; i < m->napps; i++)
			if (strcmp(m->apps[i].name, name) == 0)
				return manifest_fail(p, KFMT_EFORMAT, node, NULL,
						     "duplicate app name %s", name);
		p->app_nodes[m->napps] = node;
		m->apps[m->napps++].name = name;
	}
	/* No apps is a valid, if idle, system: a board's bare skeleton boots to the root server. */
	return 0;
}

const char *manifest_restart_name(enum manifest_restart restart)
{
	if ((unsigned)restart < ARRAY_LEN(restart_names) - 1)
		return restart_names[restart];
	return "?";
}
