/* SPDX-License-Identifier: BSD-2-Clause */
/* Manifest assurance checks over a DTB with libfdt; bounded tables, no allocation, no I/O. */
#include <kauri/dtb.h>
#include <kauri/format_error.h>
#include <kauri/manifest_check.h>
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_APPS 128
#define MAX_CHANNELS 64
#define MAX_PROTOCOLS 128
#define PAGE_4K 4096ull
#define PAGE_LARGE (2ull * 1024 * 1024)

#define RIGHT_READ 1u
#define RIGHT_WRITE 2u

struct app_info {
	int node;
	uint32_t domain; /* phandle of its message server, 0 if none */
};

struct protocol_use {
	const char *name;
	int app;        /* index into apps */
	bool publishes; /* else connects */
};

struct checker {
	const void *dtb;
	const struct manifest_check_options *opts;
	manifest_report_fn report;
	void *ctx;
	int worst;
	struct app_info apps[MAX_APPS];
	int napps;
	struct protocol_use protocols[MAX_PROTOCOLS];
	int nprotocols;
};

/* ---- reporting ---- */

/* Report one finding; its reason is formatted like printf. */
static void __attribute__((format(printf, 6, 7)))
emit(struct checker *c, const char *id, enum manifest_severity sev, int node, const char *subpath,
     const char *fmt, ...)
{
	struct manifest_finding f;
	size_t len;
	va_list ap;

	f.id = id;
	f.severity = sev;
	if (node < 0 || fdt_get_path(c->dtb, node, f.path, sizeof(f.path)) != 0)
		f.path[0] = '\0';
	if (subpath) {
		len = strlen(f.path);
		snprintf(f.path + len, sizeof(f.path) - len, "%s%s", len > 1 || node < 0 ? "/" : "",
			 subpath);
	}
	if (!f.path[0])
		f.path[0] = '/', f.path[1] = '\0';
	va_start(ap, fmt);
	vsnprintf(f.reason, sizeof(f.reason), fmt, ap);
	va_end(ap);
	if ((int)sev > c->worst)
		c->worst = (int)sev;
	c->report(c->ctx, &f);
}

/* ---- property helpers ---- */

/* A 1- or 2-cell integer property; false if absent or of another size. */
static bool get_uint(const void *dtb, int node, const char *name, uint64_t *out)
{
	const fdt32_t *p;
	int len;

	p = fdt_getprop(dtb, node, name, &len);
	if (!p)
		return false;
	if (len == 4) {
		*out = fdt32_to_cpu(p[0]);
		return true;
	}
	if (len == 8) {
		*out = (uint64_t)fdt32_to_cpu(p[0]) << 32 | fdt32_to_cpu(p[1]);
		return true;
	}
	return false;
}

/* Iterate a stringlist property: returns the next string or NULL; *pos carries the state. */
static const char *next_string(const char *list, int len, int *pos)
{
	const char *s;
	int n;

	if (!list || *pos >= len)
		return NULL;
	s = list + *pos;
	n = (int)strnlen(s, (size_t)(len - *pos));
	if (*pos + n >= len)
		return NULL; /* not NUL-terminated */
	*pos += n + 1;
	return s;
}

static bool stringlist_has(const char *list, int len, const char *want)
{
	const char *s;
	int pos = 0;

	while ((s = next_string(list, len, &pos)))
		if (strcmp(s, want) == 0)
			return true;
	return false;
}

/* Rights an app holds on each channel: /apps/X/resources/channels { name = "READ", ... }. */
static int app_channels_node(const void *dtb, int app)
{
	int res = fdt_subnode_offset(dtb, app, "resources");

	return res < 0 ? res : fdt_subnode_offset(dtb, res, "channels");
}

static unsigned app_rights(const void *dtb, int app, const char *channel)
{
	const char *list;
	unsigned rights = 0;
	int node = app_channels_node(dtb, app), len;

	if (node < 0)
		return 0;
	list = fdt_getprop(dtb, node, channel, &len);
	if (!list)
		return 0;
	if (stringlist_has(list, len, "READ"))
		rights |= RIGHT_READ;
	if (stringlist_has(list, len, "WRITE"))
		rights |= RIGHT_WRITE;
	return rights;
}

/* ---- checks ---- */

static void check_signing(struct checker *c)
{
	int opts = fdt_path_offset(c->dtb, "/kos_options");
	bool disabled, has_key;

	if (opts < 0)
		return;
	disabled = fdt_getprop(c->dtb, opts, "disable-signing", NULL) != NULL;
	has_key = fdt_getprop(c->dtb, opts, "public-key", NULL) != NULL;
	if (disabled && c->opts->signing_enforced)
		emit(c, MC_SIGNING_DISABLED, MANIFEST_ERROR, opts, "disable-signing",
		     "disable-signing is set but MANIFEST_SIGNING is enforced: "
		     "upgrades would be accepted unsigned");
	else if (disabled && has_key)
		emit(c, MC_SIGNING_DISABLED, MANIFEST_WARNING, opts, "disable-signing",
		     "disable-signing is set although a public-key is configured: "
		     "the key is ignored and the next upgrade need not be signed");
}

static void check_priorities(struct checker *c, int i)
{
	const void *dtb = c->dtb;
	int app = c->apps[i].node;
	uint64_t prio, max;
	bool has_prio = get_uint(dtb, app, "priority", &prio);
	bool has_max = get_uint(dtb, app, "max_priority", &max);
	unsigned long long root = c->opts->root_priority;

	if (has_prio && has_max && prio > max)
		emit(c, MC_PRIORITY_ABOVE_MAX, MANIFEST_ERROR, app, "priority",
		     "priority %llu is above max_priority %llu", (unsigned long long)prio,
		     (unsigned long long)max);
	if (has_prio && prio > root)
		emit(c, MC_PRIORITY_ABOVE_ROOT, MANIFEST_ERROR, app, "priority",
		     "priority %llu is above the root server's %llu", (unsigned long long)prio, root);
	if (has_max && max > root)
		emit(c, MC_PRIORITY_ABOVE_ROOT, MANIFEST_ERROR, app, "max_priority",
		     "max_priority %llu is above the root server's %llu", (unsigned long long)max,
		     root);
}

static void check_channels(struct checker *c)
{
	const void *dtb = c->dtb;
	int channels = fdt_path_offset(dtb, "/channels"), ch, i, nch = 0;
	uint32_t first_domain;
	bool cross_domain, written, read, seen_domain;
	const char *name;

	if (channels >= 0) {
		fdt_for_each_subnode(ch, dtb, channels) {
			if (++nch > MAX_CHANNELS) {
				emit(c, MC_LIMIT, MANIFEST_WARNING, channels, NULL,
				     "more channels than the checker handles; the rest are unchecked");
				break;
			}
			name = fdt_get_name(dtb, ch, NULL);
			if (!name)
				continue;
			written = read = cross_domain = seen_domain = false;
			first_domain = 0;
			for (i = 0; i < c->napps; i++) {
				unsigned r = app_rights(dtb, c->apps[i].node, name);

				if (!r)
					continue;
				written |= (r & RIGHT_WRITE) != 0;
				read |= (r & RIGHT_READ) != 0;
				if (!seen_domain) {
					first_domain = c->apps[i].domain;
					seen_domain = true;
				} else if (c->apps[i].domain != first_domain) {
					cross_domain = true;
				}
			}
			if (!written)
				emit(c, MC_CHANNEL_UNWRITTEN, MANIFEST_WARNING, ch, NULL,
				     "no app has WRITE on this channel");
			if (!read)
				emit(c, MC_CHANNEL_UNREAD, MANIFEST_WARNING, ch, NULL,
				     "no app has READ on this channel");
			if (!cross_domain)
				continue;
			/* Between two message-server domains a channel must be a one-way diode. */
			for (i = 0; i < c->napps; i++) {
				if (app_rights(dtb, c->apps[i].node, name) ==
				    (RIGHT_READ | RIGHT_WRITE)) {
					int node = app_channels_node(dtb, c->apps[i].node);

					emit(c, MC_DIODE_TWO_WAY, MANIFEST_ERROR, node, name,
					     "READ and WRITE on channel '%s' which connects two "
					     "message-server domains: the diode is not one-way", name);
				}
			}
		}
	}
	/* Channels apps name must exist. */
	for (i = 0; i < c->napps; i++) {
		int node = app_channels_node(dtb, c->apps[i].node), prop;

		if (node < 0)
			continue;
		fdt_for_each_property_offset(prop, dtb, node) {
			if (!fdt_getprop_by_offset(dtb, prop, &name, NULL))
				continue;
			if (channels < 0 || fdt_subnode_offset(dtb, channels, name) < 0)
				emit(c, MC_CHANNEL_UNDECLARED, MANIFEST_ERROR, node, name,
				     "channel '%s' is not declared under /channels", name);
		}
	}
}

static void collect_protocols(struct checker *c, int i)
{
	static const char *const props[2] = { "publishes", "connects" };
	const char *list, *s;
	int len, pos, k;

	for (k = 0; k < 2; k++) {
		list = fdt_getprop(c->dtb, c->apps[i].node, props[k], &len);
		pos = 0;
		while ((s = next_string(list, len, &pos))) {
			if (c->nprotocols == MAX_PROTOCOLS) {
				emit(c, MC_LIMIT, MANIFEST_WARNING, c->apps[i].node, props[k],
				     "more protocol uses than the checker handles");
				return;
			}
			c->protocols[c->nprotocols].name = s;
			c->protocols[c->nprotocols].app = i;
			c->protocols[c->nprotocols].publishes = k == 0;
			c->nprotocols++;
		}
	}
}

static void check_protocols(struct checker *c)
{
	int i, j;

	for (i = 0; i < c->nprotocols; i++) {
		const struct protocol_use *u = &c->protocols[i];
		bool counterpart = false, reported = false;

		for (j = 0; j < c->nprotocols; j++) {
			const struct protocol_use *v = &c->protocols[j];

			if (strcmp(u->name, v->name) != 0)
				continue;
			if (v->publishes != u->publishes)
				counterpart = true;
			/* Two publishers of one protocol in one domain: which one answers? */
			if (u->publishes && v->publishes && j < i &&
			    c->apps[u->app].domain == c->apps[v->app].domain && !reported) {
				emit(c, MC_DUPLICATE_NAME, MANIFEST_ERROR, c->apps[u->app].node,
				     "publishes",
				     "protocol '%s' is already published in this message-server domain "
				     "by another app", u->name);
				reported = true;
			}
		}
		if (counterpart)
			continue;
		if (u->publishes)
			emit(c, MC_PROTOCOL_UNCONNECTED, MANIFEST_INFO, c->apps[u->app].node,
			     "publishes", "protocol '%s' is published but no app connects", u->name);
		else
			emit(c, MC_PROTOCOL_UNPUBLISHED, MANIFEST_WARNING, c->apps[u->app].node,
			     "connects", "protocol '%s' is connected to but no app publishes it",
			     u->name);
	}
}

/* Overlay variables should name leaf values, never an app's binary or resources. */
static void check_variables(struct checker *c)
{
	const void *dtb = c->dtb;
	int opts = fdt_path_offset(dtb, "/kos_options"), len, pos = 0;
	const char *list, *s;

	if (opts < 0)
		return;
	list = fdt_getprop(dtb, opts, "variables", &len);
	while ((s = next_string(list, len, &pos))) {
		size_t n = strlen(s);
		const char *last = s + n;
		bool privileged = false;
		int node;

		while (last > s && last[-1] != '/')
			last--;
		/* /apps, /apps/<app>, .../binary, .../resources[/...], kos_options itself */
		if (strncmp(s, "/apps", 5) == 0 && (s[5] == '\0' || !strchr(s + 6, '/')))
			privileged = true;
		if (strncmp(s, "/apps/", 6) == 0 &&
		    (strcmp(last, "binary") == 0 || strstr(s, "/resources") ||
		     strcmp(last, "priority") == 0 || strcmp(last, "max_priority") == 0))
			privileged = true;
		if (strncmp(s, "/kos_options", 12) == 0 || strcmp(s, "/") == 0 ||
		    strncmp(s, "/channels", 9) == 0 || strncmp(s, "/msg_servers", 12) == 0)
			privileged = true;
		if (privileged) {
			emit(c, MC_VARIABLE_PRIVILEGED, MANIFEST_ERROR, opts, "variables",
			     "variables allows overlays to change '%s': a binary, resources, "
			     "priorities or structure, not a leaf value", s);
			continue;
		}
		node = s[0] == '/' ? fdt_path_offset(dtb, s) : -1;
		if (node >= 0) {
			emit(c, MC_VARIABLE_NODE, MANIFEST_WARNING, opts, "variables",
			     "variables allows the whole node '%s' rather than leaf values", s);
			continue;
		}
		/* A leaf: its parent node must exist (the property itself may be added). */
		if (s[0] == '/' && last > s + 1) {
			char parent[MANIFEST_PATH_MAX];
			size_t plen = (size_t)(last - s - 1);

			if (plen < sizeof(parent)) {
				memcpy(parent, s, plen);
				parent[plen] = '\0';
				if (fdt_path_offset(dtb, parent) >= 0)
					continue;
			}
		}
		emit(c, MC_VARIABLE_MISSING, MANIFEST_WARNING, opts, "variables",
		     "variables names '%s' which is not in this manifest", s);
	}
}

static void check_device_access(struct checker *c, int i)
{
	static const char *const kinds[] = { "mmio", "irqs", "irq", "devices" };
	int res = fdt_subnode_offset(c->dtb, c->apps[i].node, "resources");
	size_t k;

	if (res < 0)
		return;
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		if (fdt_getprop(c->dtb, res, kinds[k], NULL) ||
		    fdt_subnode_offset(c->dtb, res, kinds[k]) >= 0)
			emit(c, MC_DEVICE_ACCESS, MANIFEST_INFO, res, kinds[k],
			     "app has direct device access (%s): review it", kinds[k]);
	}
}

static uint64_t board_ram(const void *dtb, const struct manifest_check_options *opts)
{
	uint64_t ram = opts->ram_bytes, size;
	const fdt32_t *reg;
	int node, len;

	if (ram)
		return ram;
	node = fdt_path_offset(dtb, "/board");
	if (node >= 0 && get_uint(dtb, node, "ram_size", &ram))
		return ram;
	/* A standard /memory node with 2 address and 2 size cells. */
	node = fdt_path_offset(dtb, "/memory");
	if (node >= 0) {
		reg = fdt_getprop(dtb, node, "reg", &len);
		if (reg && len == 16) {
			size = (uint64_t)fdt32_to_cpu(reg[2]) << 32 | fdt32_to_cpu(reg[3]);
			return size;
		}
	}
	return 0;
}

static void check_budget(struct checker *c)
{
	uint64_t ram = board_ram(c->dtb, c->opts), total = 0, v;
	int i, apps;

	if (!ram)
		return;
	for (i = 0; i < c->napps; i++) {
		int app = c->apps[i].node;

		/* Each term is at most 2^32 pages, so the sum cannot overflow 64 bits. */
		if (get_uint(c->dtb, app, "ut_4k_pages", &v))
			total += (v & 0xffffffffu) * PAGE_4K;
		if (get_uint(c->dtb, app, "heap_pages", &v))
			total += (v & 0xffffffffu) * PAGE_4K;
		if (get_uint(c->dtb, app, "ut_large_pages", &v) ||
		    get_uint(c->dtb, app, "ut_large_page", &v))
			total += (v & 0xffffffffu) * PAGE_LARGE;
	}
	if (total <= ram)
		return;
	apps = fdt_path_offset(c->dtb, "/apps");
	emit(c, MC_UNTYPED_BUDGET, MANIFEST_ERROR, apps, NULL,
	     "apps' heap and untyped budgets total %llu KiB, more than the board's RAM in KiB: %llu",
	     (unsigned long long)(total / 1024), (unsigned long long)(ram / 1024));
}

/* Node names differing only in their unit address ("hello@1", "hello@2") name one app twice. */
static void check_duplicate_apps(struct checker *c)
{
	int i, j, li, lj;
	const char *ni, *nj;

	for (i = 0; i < c->napps; i++) {
		ni = fdt_get_name(c->dtb, c->apps[i].node, &li);
		if (!ni)
			continue;
		li = (int)(strchr(ni, '@') ? (size_t)(strchr(ni, '@') - ni) : (size_t)li);
		for (j = 0; j < i; j++) {
			nj = fdt_get_name(c->dtb, c->apps[j].node, &lj);
			if (!nj)
				continue;
			lj = (int)(strchr(nj, '@') ? (size_t)(strchr(nj, '@') - nj) : (size_t)lj);
			if (li == lj && memcmp(ni, nj, (size_t)li) == 0) {
				emit(c, MC_DUPLICATE_NAME, MANIFEST_ERROR, c->apps[i].node, NULL,
				     "another app has the same name");
				break;
			}
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
		   manifest_report_fn report, void *ctx)
{
	struct checker c; /* about 3 KiB of stack */
	int apps, app, i;
	uint64_t ph;

	if (dtb_check(dtb, len) != 0)
		return -KFMT_EFORMAT;
	memset(&c, 0, sizeof(c));
	c.dtb = dtb;
	c.opts = opts;
	c.report = report;
	c.ctx = ctx;
	c.worst = MANIFEST_INFO;

	apps = fdt_path_offset(dtb, "/apps");
	if (apps >= 0) {
		fdt_for_each_subnode(app, dtb, apps) {
			if (c.napps == MAX_APPS) {
				emit(&c, MC_LIMIT, MANIFEST_WARNING, apps, NULL,
				     "more apps than the checker handles; the rest are unchecked");
				break;
			}
			c.apps[c.napps].node = app;
			c.apps[c.napps].domain =
				get_uint(dtb, app, "msg_server", &ph) ? (uint32_t)ph : 0;
			c.napps++;
		}
	}
	check_signing(&c);
	check_variables(&c);
	for (i = 0; i < c.napps; i++) {
		check_priorities(&c, i);
		check_device_access(&c, i);
		collect_protocols(&c, i);
	}
	check_duplicate_apps(&c);
	check_channels(&c);
	check_protocols(&c);
	check_budget(&c);
	return c.worst;
}
