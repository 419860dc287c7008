/* SPDX-License-Identifier: BSD-2-Clause */
/* The manifest parser's own interface between its files; callers use kauri/manifest.h. */
#ifndef KAURI_FORMAT_MANIFEST_PARSER_H
#define KAURI_FORMAT_MANIFEST_PARSER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <format/manifest.h>
#include <libfdt.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Everything one parse needs; lives on the caller's stack, so the parser keeps no global state. */
#define PARSER_CACHED_PROPERTIES	32

/*
 * One node's properties, read in one pass: libfdt's fdt_getprop walks a node's properties
 * again for every name asked for, and the parser asks for a dozen names a node.
 */
struct property_cache {
	bool valid;		/* zero-initialised: nothing cached */
	bool complete;		/* every property of the node is here */
	int node;
	unsigned int count;
	struct {
		const char *name;
		const void *value;
		int len;
	} props[PARSER_CACHED_PROPERTIES];
};

struct parser {
	const void *dtb;
	struct kauri_manifest *m;
	struct manifest_error *err;
	int msg_server_nodes[MANIFEST_MAX_MSG_SERVERS];
	int app_nodes[MANIFEST_MAX_APPS];
	/* manifest_known_names()' text for the message being made */
	char names[MANIFEST_ERROR_MESSAGE_LEN];
	struct property_cache cache;
	/* Phandles resolved so far (each fdt_node_offset_by_phandle walks the whole tree). */
	struct {
		uint32_t phandle;
		int node;
	} phandles[16];
	unsigned int phandle_count;
};

/* fdt_getprop(p->dtb, NODE, NAME, LEN) through the parser's cache of the last node's properties. */
const void *manifest_getprop(struct parser *p, int node, const char *name, int *len);

/* --- errors and node checks (manifest_prop.c) --- */

extern const char *const manifest_no_names[]; /* an empty name list: no properties, no subnodes */

/* The node's name, or "" when libfdt cannot read it. */
const char *manifest_node_name(struct parser *p, int node);

/* Append formatted text to the NUL-terminated buf of cap bytes, cutting it at cap - 1. */
void manifest_append(char *buf, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* A NULL-ended name list as one line for a message ("none" when empty), in p->names. */
const char *manifest_known_names(struct parser *p, const char *const *list);

/*
 * Record the error at node (and property prop, if not NULL) and return -code. The path is the
 * node's full path; a node of -1 means the root.
 */
int manifest_fail(struct parser *p, int code, int node, const char *prop, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

bool manifest_name_in(const char *name, const char *const *list);

/* dtc adds phandle and linux,phandle to any node that is referenced by label; never a typo. */
bool manifest_is_phandle_property(const char *name);

/* Refuse any property of node not in known (a misspelt one would otherwise be silently ignored). */
int manifest_check_properties(struct parser *p, int node, const char *const *known);

/* Refuse any subnode of node not in known. */
int manifest_check_subnodes(struct parser *p, int node, const char *const *known);

/* --- typed property readers (manifest_prop.c): absent is not an error, a wrong shape is --- */

/* One 32-bit cell; *found is false (and *out untouched) when the property is absent. */
int manifest_prop_u32(struct parser *p, int node, const char *name, uint32_t *out, bool *found);

/* Exactly one NUL-terminated string; *out is untouched when absent. */
int manifest_prop_string(struct parser *p, int node, const char *name, const char **out);

/*
 * A string list into out[max]; *count is the number of strings (0 when absent). Empty and repeated
 * strings are refused unless allow_empty. Lists that exceed max fail with -KFMT_ENOSPC.
 */
int manifest_prop_string_list(struct parser *p, int node, const char *name, const char **out,
			      uint32_t max, uint32_t *count, bool allow_empty);

/* A flag: *out is true when the property is present, which it must be without a value. */
int manifest_prop_bool(struct parser *p, int node, const char *name, bool *out);

/* A SHA-256 digest kauri-release added (32 bytes); *out is NULL when absent. */
int manifest_prop_digest(struct parser *p, int node, const char *name, const uint8_t **out);

/*
 * A list of 32-bit cells, what they are named in the message ("32-bit cells", "app phandles"):
 * *cells and *n are NULL and 0 when absent; an empty list or a partial cell is refused, more than
 * max cells fail with -KFMT_ENOSPC.
 */
int manifest_prop_cells(struct parser *p, int node, const char *name, const char *what,
			uint32_t max, const fdt32_t **cells, uint32_t *n);

/* The node phandle (read from property name of node) points to, into *target. */
int manifest_resolve_phandle(struct parser *p, int node, const char *name, uint32_t phandle,
			     int *target);

/*
 * One phandle cell, resolved: *found is false when absent; else *phandle is its value and *target
 * the node it points to.
 */
int manifest_prop_phandle(struct parser *p, int node, const char *name, uint32_t *phandle,
			  int *target, bool *found);

/* --- the parse, node by node --- */

/* /kos_options, /channels, /msg_servers (manifest_toplevel.c). */
int manifest_parse_kos_options(struct parser *p);
int manifest_parse_channels(struct parser *p);
int manifest_parse_msg_servers(struct parser *p);

/* Names and nodes of every app under /apps first, so that restart-deps can point forwards. */
int manifest_collect_apps(struct parser *p, int parent);

/* App index's node into p->m->apps[index], checked against the apps before it (manifest_app.c). */
int manifest_parse_app(struct parser *p, uint32_t index);

/* The resources subnode of app index: channel rights, MMIO ranges, irqs (manifest_resources.c). */
int manifest_parse_resources(struct parser *p, int app_node, uint32_t index);

/* An app's vm node, if it has one (manifest_vm.c); after its resources and budget. */
int manifest_parse_vm(struct parser *p, int app_node, uint32_t index);

/* p->m->start_order from the restart-deps and priorities; refuses a cycle (manifest_order.c). */
int manifest_start_order(struct parser *p);

#endif
