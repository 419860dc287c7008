/* SPDX-License-Identifier: BSD-2-Clause */
/* The manifest parser's typed property readers over DTB nodes, and its errors with node paths. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <format/error.h>

#include "manifest_parser.h"

const char *const manifest_no_names[] = { NULL };

const char *manifest_node_name(struct parser *p, int node)
{
	const char *name = fdt_get_name(p->dtb, node, NULL);

	return name ? name : "";
}

/* --- error messages --- */

void manifest_append(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

const char *manifest_known_names(struct parser *p, const char *const *list)
{
	p->names[0] = '\0';
	if (!*list)
		manifest_append(p->names, sizeof(p->names), "none");
	for (; *list; list++)
		manifest_append(p->names, sizeof(p->names), list[1] ? "%s " : "%s", *list);
	return p->names;
}

int manifest_fail(struct parser *p, int code, int node, const char *prop, const char *fmt, ...)
{
	char *path;
	va_list ap;

	if (!p->err)
		return -code;
	path = p->err->path;
	path[0] = '\0';
	if (node > 0 && fdt_get_path(p->dtb, node, path, sizeof(p->err->path)) != 0) {
		/* Too deep or long for the buffer: keep the node's own name, it says the most. */
		path[0] = '\0';
		manifest_append(path, sizeof(p->err->path), "/.../%s", manifest_node_name(p, node));
	}
	if (prop)
		manifest_append(path, sizeof(p->err->path), "/%s", prop);
	if (!path[0])
		manifest_append(path, sizeof(p->err->path), "/");
	va_start(ap, fmt);
	vsnprintf(p->err->message, sizeof(p->err->message), fmt, ap);
	va_end(ap);
	return -code;
}

/* --- node checks --- */

bool manifest_name_in(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(name, *list) == 0)
			return true;
	return false;
}

bool manifest_is_phandle_property(const char *name)
{
	return strcmp(name, "phandle") == 0 || strcmp(name, "linux,phandle") == 0;
}

int manifest_check_properties(struct parser *p, int node, const char *const *known)
{
	const char *name;
	int prop;

	fdt_for_each_property_offset(prop, p->dtb, node) {
		if (!fdt_getprop_by_offset(p->dtb, prop, &name, NULL))
			return manifest_fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (!manifest_is_phandle_property(name) && !manifest_name_in(name, known))
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "unknown property %s (known: %s)", name,
					     manifest_known_names(p, known));
	}
	return 0;
}

int manifest_check_subnodes(struct parser *p, int node, const char *const *known)
{
	int child;

	fdt_for_each_subnode(child, p->dtb, node) {
		if (!manifest_name_in(manifest_node_name(p, child), known))
			return manifest_fail(p, KFMT_EFORMAT, child, NULL,
					     "unknown node %s (known: %s)",
					     manifest_node_name(p, child),
					     manifest_known_names(p, known));
	}
	return 0;
}

/* --- typed readers --- */

const void *manifest_getprop(struct parser *p, int node, const char *name, int *len)
{
	struct property_cache *c = &p->cache;
	int prop, ignored;

	if (!len)
		len = &ignored;
	if (!c->valid || c->node != node) {
		c->valid = true;
		c->complete = true;
		c->node = node;
		c->count = 0;
		fdt_for_each_property_offset(prop, p->dtb, node) {
			if (c->count == PARSER_CACHED_PROPERTIES) {
				c->complete = false;
				break;
			}
			c->props[c->count].value = fdt_getprop_by_offset(p->dtb, prop, &c->props[c->count].name,
									  &c->props[c->count].len);
			if (c->props[c->count].value && c->props[c->count].name)
				c->count++;
			else
				c->complete = false;	/* unreadable here: fdt_getprop decides */
		}
	}
	for (unsigned int i = 0; i < c->count; i++)
		if (!strcmp(c->props[i].name, name)) {
			*len = c->props[i].len;
			return c->props[i].value;
		}
	return c->complete ? NULL : fdt_getprop(p->dtb, node, name, len);
}

int manifest_prop_u32(struct parser *p, int node, const char *name, uint32_t *out, bool *found)
{
	int len;
	const fdt32_t *data = manifest_getprop(p, node, name, &len);

	*found = data != NULL;
	if (!data)
		return 0;
	if (len != 4)
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s must be one 32-bit cell, not %u bytes", name,
				     (uint32_t)len);
	*out = fdt32_ld(data);
	return 0;
}

int manifest_prop_string(struct parser *p, int node, const char *name, const char **out)
{
	int len;
	const char *data = manifest_getprop(p, node, name, &len);

	if (!data)
		return 0;
	if (len == 0 || data[len - 1] != '\0')
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s is not a NUL-terminated string", name);
	if (strlen(data) + 1 != (size_t)len)
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s must be one string, not a list", name);
	*out = data;
	return 0;
}

int manifest_prop_string_list(struct parser *p, int node, const char *name, const char **out,
			      uint32_t max, uint32_t *count, bool allow_empty)
{
	int len, pos = 0;
	const char *data = manifest_getprop(p, node, name, &len);
	uint32_t n = 0, i;

	*count = 0;
	if (!data)
		return 0;
	if (len == 0 || data[len - 1] != '\0')
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s is not a NUL-terminated string list", name);
	while (pos < len) {
		const char *s = data + pos;
		size_t slen = strlen(s);

		if (slen == 0 && !allow_empty)
			return manifest_fail(p, KFMT_EFORMAT, node, name, "%s has an empty entry",
					     name);
		if (n == max)
			return manifest_fail(p, KFMT_ENOSPC, node, name,
					     "too many %s: more than %u", name, max);
		for (i = 0; i < n && !allow_empty; i++)
			if (strcmp(out[i], s) == 0)
				return manifest_fail(p, KFMT_EFORMAT, node, name,
						     "%s lists %s twice", name, s);
		out[n++] = s;
		pos += (int)slen + 1;
	}
	*count = n;
	return 0;
}

int manifest_prop_digest(struct parser *p, int node, const char *name, const uint8_t **out)
{
	int len;

	*out = manifest_getprop(p, node, name, &len);
	if (*out && len != MANIFEST_BINARY_SHA256_LEN)
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s must be a 32-byte SHA-256 digest, not %u bytes", name, (uint32_t)len);
	return 0;
}

int manifest_prop_bool(struct parser *p, int node, const char *name, bool *out)
{
	int len;

	*out = false;
	if (!manifest_getprop(p, node, name, &len))
		return 0;
	if (len != 0)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s takes no value", name);
	*out = true;
	return 0;
}

int manifest_prop_cells(struct parser *p, int node, const char *name, const char *what,
			uint32_t max, const fdt32_t **cells, uint32_t *n)
{
	int len;

	*n = 0;
	*cells = manifest_getprop(p, node, name, &len);
	if (!*cells)
		return 0;
	if (len == 0 || len % 4)
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s must be a list of %s, not %u bytes", name, what,
				     (uint32_t)len);
	if ((uint32_t)len / 4 > max)
		return manifest_fail(p, KFMT_ENOSPC, node, name, "too many %s: more than %u", name,
				     max);
	*n = (uint32_t)len / 4;
	return 0;
}

int manifest_resolve_phandle(struct parser *p, int node, const char *name, uint32_t phandle,
			     int *target)
{
	unsigned int max = sizeof(p->phandles) / sizeof(p->phandles[0]);

	for (unsigned int i = 0; i < p->phandle_count; i++)
		if (p->phandles[i].phandle == phandle) {
			*target = p->phandles[i].node;
			return 0;
		}
	*target = fdt_node_offset_by_phandle(p->dtb, phandle);
	if (*target < 0)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "phandle 0x%x points to no node",
				     phandle);
	if (p->phandle_count < max) {
		p->phandles[p->phandle_count].phandle = phandle;
		p->phandles[p->phandle_count++].node = *target;
	}
	return 0;
}

int manifest_prop_phandle(struct parser *p, int node, const char *name, uint32_t *phandle,
			  int *target, bool *found)
{
	int ret = manifest_prop_u32(p, node, name, phandle, found);

	if (ret || !*found)
		return ret;
	return manifest_resolve_phandle(p, node, name, *phandle, target);
}
