/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest assurance checks over the device's own parse of a manifest; no allocation, no I/O. */
#include <format/dtb.h>
#include <format/error.h>
#include <format/manifest.h>
#include <format/manifest_check.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define BOTH_WAYS (MANIFEST_RIGHT_READ | MANIFEST_RIGHT_WRITE)

struct checker {
	const void *dtb;
	const struct kauri_manifest *m;
	const struct manifest_check_options *opts;
	manifest_report_fn report;
	void *ctx;
	int worst;
};

/* ---- reporting ---- */

/* Report one finding at path; its reason is formatted like printf. */
static void __attribute__((format(printf, 5, 6)))
emit(struct checker *c, const char *id, enum manifest_severity sev, const char *path,
     const char *fmt, ...)
{
	struct manifest_finding f;
	va_list ap;

	f.id = id;
	f.severity = sev;
	snprintf(f.path, sizeof(f.path), "%s", path);
	va_start(ap, fmt);
	vsnprintf(f.reason, sizeof(f.reason), fmt, ap);
	va_end(ap);
	if ((int)sev > c->worst)
		c->worst = (int)sev;
	c->report(c->ctx, &f);
}

/* "/apps/<app>/<rest>" into path. */
static const char *app_path(char path[MANIFEST_PATH_MAX], const struct manifest_app *app,
			    const char *rest)
{
	snprintf(path, MANIFEST_PATH_MAX, "/apps/%s/%s", app->name, rest);
	return path;
}

/* ---- checks ---- */

static void check_signing(struct checker *c)
{
	if (c->m->disable_signing && c->opts->signing_enforced)
		emit(c, MC_SIGNING_DISABLED, MANIFEST_ERROR, "/kos_options/disable-signing",
		     "disable-signing is set but MANIFEST_SIGNING is enforced: "
		     "upgrades would be accepted unsigned");
	else if (c->m->disable_signing && c->m->has_public_key)
		emit(c, MC_SIGNING_DISABLED, MANIFEST_WARNING, "/kos_options/disable-signing",
		     "disable-signing is set although a public-key is configured: "
		     "the key is ignored and the next upgrade need not be signed");
}

static void check_priorities(struct checker *c, const struct manifest_app *app)
{
	uint32_t root = c->opts->root_priority;
	char path[MANIFEST_PATH_MAX];

	if (app->priority > root)
		emit(c, MC_PRIORITY_ABOVE_ROOT, MANIFEST_ERROR, app_path(path, app, "priority"),
		     "priority %u is above the root server's %u", app->priority, root);
	/* max_priority defaults to priority: only one raised above it needs its own finding. */
	if (app->max_priority > root && app->max_priority > app->priority)
		emit(c, MC_PRIORITY_ABOVE_ROOT, MANIFEST_ERROR, app_path(path, app, "max_priority"),
		     "max_priority %u is above the root server's %u", app->max_priority, root);
}

/* app's rights on channel ch (MANIFEST_RIGHT_* bits, 0 when it has none). */
static uint32_t rights_on(const struct manifest_app *app, uint32_t ch)
{
	uint32_t k;

	for (k = 0; k < app->nchannels; k++)
		if (app->channels[k].channel == ch)
			return app->channels[k].rights;
	return 0;
}

static void check_channel(struct checker *c, uint32_t ch)
{
	const struct kauri_manifest *m = c->m;
	const char *name = m->channels[ch].name;
	char path[MANIFEST_PATH_MAX];
	uint32_t rights = 0, a, domain = 0;
	bool used = false, cross_domain = false;

	for (a = 0; a < m->napps; a++) {
		uint32_t r = rights_on(&m->apps[a], ch);

		if (!r)
			continue;
		rights |= r;
		if (used && m->apps[a].msg_server != domain)
			cross_domain = true;
		domain = m->apps[a].msg_server;
		used = true;
	}
	snprintf(path, sizeof(path), "/channels/%s", name);
	if (!(rights & MANIFEST_RIGHT_WRITE))
		emit(c, MC_CHANNEL_UNWRITTEN, MANIFEST_WARNING, path, "no app has WRITE on this channel");
	if (!(rights & MANIFEST_RIGHT_READ))
		emit(c, MC_CHANNEL_UNREAD, MANIFEST_WARNING, path, "no app has READ on this channel");
	if (!cross_domain)
		return;
	/* Between two message-server domains a channel must be a one-way diode. */
	for (a = 0; a < m->napps; a++) {
		if ((rights_on(&m->apps[a], ch) & BOTH_WAYS) != BOTH_WAYS)
			continue;
		snprintf(path, sizeof(path), "/apps/%s/resources/channels/%s", m->apps[a].name, name);
		emit(c, MC_DIODE_TWO_WAY, MANIFEST_ERROR, path,
		     "READ and WRITE on channel '%s' which connects two message-server domains: "
		     "the diode is not one-way", name);
	}
}

static bool listed(const char *const *names, uint32_t n, const char *name)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* Whether an app on message server domain other than skip publishes (or connects to) name. */
static bool counterpart(const struct kauri_manifest *m, uint32_t domain, uint32_t skip,
			const char *name, bool publisher)
{
	uint32_t a;

	for (a = 0; a < m->napps; a++) {
		const struct manifest_app *o = &m->apps[a];

		if (a == skip || o->msg_server != domain)
			continue;
		if (publisher ? listed(o->publishes, o->npublishes, name) :
				listed(o->connects, o->nconnects, name))
			return true;
	}
	return false;
}

/* A protocol is found only on its own message server: the other side must be on the same one. */
static void check_protocols(struct checker *c, uint32_t a)
{
	const struct kauri_manifest *m = c->m;
	const struct manifest_app *app = &m->apps[a];
	const char *server = m->msg_servers[app->msg_server].name;
	char path[MANIFEST_PATH_MAX];
	uint32_t k;

	for (k = 0; k < app->npublishes; k++)
		if (!counterpart(m, app->msg_server, a, app->publishes[k], false))
			emit(c, MC_PROTOCOL_UNCONNECTED, MANIFEST_INFO, app_path(path, app, "publishes"),
			     "protocol '%s' is published but no app on %s connects", app->publishes[k],
			     server);
	for (k = 0; k < app->nconnects; k++)
		if (!counterpart(m, app->msg_server, a, app->connects[k], true))
			emit(c, MC_PROTOCOL_UNPUBLISHED, MANIFEST_WARNING, app_path(path, app, "connects"),
			     "protocol '%s' is connected to but no app on %s publishes it",
			     app->connects[k], server);
}

/* Whether the absolute path s has a component called name. */
static bool has_component(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (; (s = strchr(s, '/')); s++)
		if (strncmp(s + 1, name, n) == 0 && (s[n + 1] == '/' || s[n + 1] == '\0'))
			return true;
	return false;
}

/* What an overlay must never change: an app's binary, resources or priorities, or structure. */
static bool privileged_variable(const char *s)
{
	const char *last = strrchr(s, '/') + 1;

	/* /apps, /apps/<app> */
	if (strncmp(s, "/apps", 5) == 0 && (s[5] == '\0' || !strchr(s + 6, '/')))
		return true;
	if (strncmp(s, "/apps/", 6) == 0 &&
	    (strcmp(last, "binary") == 0 || has_component(s, "resources") ||
	     strcmp(last, "priority") == 0 || strcmp(last, "max_priority") == 0))
		return true;
	return strncmp(s, "/kos_options", 12) == 0 || strcmp(s, "/") == 0 ||
	       strncmp(s, "/channels", 9) == 0 || strncmp(s, "/msg_servers", 12) == 0;
}

/* Overlay variables should name leaf values whose node is in the manifest. */
static void check_variable(struct checker *c, const char *s)
{
	char parent[MANIFEST_PATH_MAX];
	size_t plen;

	/* manifest_parse made sure every entry is an absolute path. */
	if (privileged_variable(s)) {
		emit(c, MC_VARIABLE_PRIVILEGED, MANIFEST_ERROR, "/kos_options/variables",
		     "variables allows overlays to change '%s': a binary, resources, "
		     "priorities or structure, not a leaf value", s);
		return;
	}
	if (fdt_path_offset(c->dtb, s) >= 0) {
		emit(c, MC_VARIABLE_NODE, MANIFEST_WARNING, "/kos_options/variables",
		     "variables allows the whole node '%s' rather than leaf values", s);
		return;
	}
	/* A leaf: its parent node must exist (the property itself may be added). */
	plen = (size_t)(strrchr(s, '/') - s);
	if (plen > 0 && plen < sizeof(parent)) {
		memcpy(parent, s, plen);
		parent[plen] = '\0';
		if (fdt_path_offset(c->dtb, parent) >= 0)
			return;
	}
	emit(c, MC_VARIABLE_MISSING, MANIFEST_WARNING, "/kos_options/variables",
	     "variables names '%s' which is not in this manifest", s);
}

static void check_device_access(struct checker *c, const struct manifest_app *app)
{
	char path[MANIFEST_PATH_MAX];

	if (app->ndevices)
		emit(c, MC_DEVICE_ACCESS, MANIFEST_INFO, app_path(path, app, "resources/devices"),
		     "app has direct device access (%u MMIO ranges): review it", app->ndevices);
	if (app->nirqs)
		emit(c, MC_DEVICE_ACCESS, MANIFEST_INFO, app_path(path, app, "resources/irqs"),
		     "app has direct device access (%u interrupt lines): review it", app->nirqs);
}

/* A 1- or 2-cell integer property; false if absent or of another size. */
static bool get_uint(const void *dtb, int node, const char *name, uint64_t *out)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(dtb, node, name, &len);
	if (!p || (len != 4 && len != 8))
		return false;
	*out = len == 4 ? fdt32_ld(p) : (uint64_t)fdt32_ld(p) << 32 | fdt32_ld(p + 1);
	return true;
}

/* The board's RAM: the option, else /board/ram_size or /memory, nodes the device ignores. */
static uint64_t board_ram(const void *dtb, const struct manifest_check_options *opts)
{
	uint64_t ram = opts->ram_bytes;
	const fdt32_t *reg;
	int node, len;

	if (ram)
		return ram;
	node = fdt_path_offset(dtb, "/board");
	if (node >= 0 && get_uint(dtb, node, "ram_size", &ram))
		return ram;
	/* A standard /memory node with 2 address and 2 size cells. */
	node = fdt_path_offset(dtb, "/memory");
	reg = node >= 0 ? fdt_getprop(dtb, node, "reg", &len) : NULL;
	if (reg && len == 16)
		return (uint64_t)fdt32_ld(reg + 2) << 32 | fdt32_ld(reg + 3);
	return 0;
}

static void check_ram(struct checker *c)
{
	uint64_t ram = board_ram(c->dtb, c->opts);
	struct manifest_error err;

	if (ram && manifest_check_ram(c->m, ram, &err) != 0)
		emit(c, MC_UNTYPED_BUDGET, MANIFEST_ERROR, err.path, "%s", err.message);
}

/* Length of an app name without its unit address ("hello@1" -> 5). */
static size_t base_name_len(const char *name)
{
	const char *at = strchr(name, '@');

	return at ? (size_t)(at - name) : strlen(name);
}

/* Node names differing only in their unit address ("hello@1", "hello@2") name one app twice. */
static void check_duplicate_app(struct checker *c, uint32_t i)
{
	const struct manifest_app *apps = c->m->apps;
	size_t len = base_name_len(apps[i].name);
	char path[MANIFEST_PATH_MAX];
	uint32_t j;

	for (j = 0; j < i; j++) {
		if (base_name_len(apps[j].name) == len && memcmp(apps[i].name, apps[j].name, len) == 0) {
			snprintf(path, sizeof(path), "/apps/%s", apps[i].name);
			emit(c, MC_DUPLICATE_NAME, MANIFEST_ERROR, path,
			     "app %s has the same name as %s but for the unit address", apps[i].name,
			     apps[j].name);
			return;
		}
	}
}

const char *manifest_severity_name(enum manifest_severity severity)
{
	switch (severity) {
	case MANIFEST_ERROR: return "error";
	case MANIFEST_WARNING: return "warning";
	default: return "info";
	}
}

int manifest_check(const void *dtb, size_t len, const struct manifest_check_options *opts,
		   struct kauri_manifest *m, manifest_report_fn report, void *ctx)
{
	struct checker c = { dtb, m, opts, report, ctx, MANIFEST_INFO };
	struct manifest_error err;
	uint32_t i;

	if (dtb_check(dtb, len) != 0)
		return -KFMT_EFORMAT;
	/* The device's validator first: what it refuses is refused here with its words. */
	if (manifest_parse(dtb, len, m, &err) != 0 || manifest_check_build(m, &opts->build, &err) != 0) {
		emit(&c, MC_MANIFEST_INVALID, MANIFEST_ERROR, err.path, "%s", err.message);
		return c.worst;
	}
	check_signing(&c);
	for (i = 0; i < m->nvariables; i++)
		check_variable(&c, m->variables[i]);
	for (i = 0; i < m->napps; i++) {
		check_duplicate_app(&c, i);
		check_priorities(&c, &m->apps[i]);
		check_device_access(&c, &m->apps[i]);
		check_protocols(&c, i);
	}
	for (i = 0; i < m->nchannels; i++)
		check_channel(&c, i);
	check_ram(&c);
	return c.worst;
}
