/* SPDX-License-Identifier: BSD-2-Clause */
/* The manifest's top-level nodes besides /apps: /kos_options, /channels and /msg_servers. */
#include <string.h>

#include <format/base64.h>
#include <format/error.h>

#include "manifest_parser.h"

static const char *const kos_options_properties[] = {
	"public-key",
	"disable-signing",
	"variables",
	"release-version",
	NULL,
};
static const char *const channel_properties[] = { "size", NULL };

/* The Ed25519 key upgrades are checked with, base64 in the manifest. */
static int parse_public_key(struct parser *p, int node)
{
	uint8_t decoded[MANIFEST_PUBLIC_KEY_LEN + 3];
	const char *key = NULL;
	long n;
	int ret;

	ret = manifest_prop_string(p, node, "public-key", &key);
	if (ret || !key)
		return ret;
	n = base64_decode(decoded, sizeof(decoded), key, strlen(key));
	if (n == -KFMT_ENOSPC)
		return manifest_fail(p, KFMT_EFORMAT, node, "public-key",
				     "public-key is longer than a 32-byte Ed25519 key");
	if (n < 0)
		return manifest_fail(p, KFMT_EFORMAT, node, "public-key",
				     "public-key is not valid base64");
	if (n != MANIFEST_PUBLIC_KEY_LEN)
		return manifest_fail(p, KFMT_EFORMAT, node, "public-key",
				     "public-key decodes to %u bytes, an Ed25519 key is 32",
				     (uint32_t)n);
	memcpy(p->m->public_key, decoded, MANIFEST_PUBLIC_KEY_LEN);
	p->m->has_public_key = true;
	return 0;
}

int manifest_parse_kos_options(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int node = fdt_subnode_offset(p->dtb, 0, "kos_options");
	bool found;
	uint32_t i;
	int ret;

	if (node < 0)
		return 0;
	ret = manifest_check_properties(p, node, kos_options_properties);
	if (ret)
		return ret;
	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	ret = parse_public_key(p, node);
	if (ret)
		return ret;
	ret = manifest_prop_bool(p, node, "disable-signing", &m->disable_signing);
	if (ret)
		return ret;
	/* Anti-rollback: the admin service installs only a release with a higher one. */
	ret = manifest_prop_u32(p, node, "release-version", &m->release_version, &found);
	if (ret)
		return ret;
	ret = manifest_prop_string_list(p, node, "variables", m->variables, MANIFEST_MAX_VARIABLES,
					&m->nvariables, false);
	if (ret)
		return ret;
	for (i = 0; i < m->nvariables; i++)
		if (m->variables[i][0] != '/')
			return manifest_fail(p, KFMT_EFORMAT, node, "variables",
					     "variables entry %s is not an absolute node path",
					     m->variables[i]);
	return 0;
}

/* One channel node: its size, a page multiple, and the total of every channel so far. */
static int parse_channel(struct parser *p, int node, struct manifest_channel *ch, uint64_t *total)
{
	bool found;
	int ret;

	ret = manifest_check_properties(p, node, channel_properties);
	if (ret)
		return ret;
	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	ch->name = manifest_node_name(p, node);
	ret = manifest_prop_u32(p, node, "size", &ch->size, &found);
	if (ret)
		return ret;
	if (!found)
		return manifest_fail(p, KFMT_EFORMAT, node, NULL, "missing property size");
	if (ch->size == 0)
		return manifest_fail(p, KFMT_EFORMAT, node, "size", "size must be greater than 0");
	if (ch->size % MANIFEST_PAGE_SIZE)
		return manifest_fail(p, KFMT_EFORMAT, node, "size",
				     "size 0x%x is not a multiple of 4096", ch->size);
	*total += ch->size;
	if (*total > MANIFEST_MAX_CHANNEL_BYTES)
		return manifest_fail(p, KFMT_ENOSPC, node, "size",
				     "channels take more than %u KiB in all",
				     MANIFEST_MAX_CHANNEL_BYTES / 1024);
	return 0;
}

int manifest_parse_channels(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int parent = fdt_subnode_offset(p->dtb, 0, "channels");
	uint64_t total = 0;
	int node, ret;

	if (parent < 0)
		return 0;
	ret = manifest_check_properties(p, parent, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		const char *name = manifest_node_name(p, node);
		uint32_t i;

		if (m->nchannels == MANIFEST_MAX_CHANNELS)
			return manifest_fail(p, KFMT_ENOSPC, parent, NULL,
					     "too many channels: more than %u",
					     (uint32_t)MANIFEST_MAX_CHANNELS);
		for (i = 0; i < m->nchannels; i++)
			if (strcmp(m->channels[i].name, name) == 0)
				return manifest_fail(p, KFMT_EFORMAT, node, NULL,
						     "duplicate channel name %s", name);
		ret = parse_channel(p, node, &m->channels[m->nchannels], &total);
		if (ret)
			return ret;
		m->nchannels++;
	}
	return 0;
}

int manifest_parse_msg_servers(struct parser *p)
{
	struct kauri_manifest *m = p->m;
	int parent = fdt_subnode_offset(p->dtb, 0, "msg_servers");
	int node, ret;

	if (parent < 0)
		return manifest_fail(p, KFMT_EFORMAT, -1, "msg_servers",
				     "missing node /msg_servers");
	ret = manifest_check_properties(p, parent, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_subnode(node, p->dtb, parent) {
		const char *name = manifest_node_name(p, node);
		uint32_t i;

		if (m->nmsg_servers == MANIFEST_MAX_MSG_SERVERS)
			return manifest_fail(p, KFMT_ENOSPC, parent, NULL,
					     "too many message servers: more than %u",
					     (uint32_t)MANIFEST_MAX_MSG_SERVERS);
		for (i = 0; i < m->nmsg_servers; i++)
			if (strcmp(m->msg_servers[i].name, name) == 0)
				return manifest_fail(p, KFMT_EFORMAT, node, NULL,
						     "duplicate message server name %s", name);
		ret = manifest_check_properties(p, node, manifest_no_names);
		if (ret)
			return ret;
		ret = manifest_check_subnodes(p, node, manifest_no_names);
		if (ret)
			return ret;
		p->msg_server_nodes[m->nmsg_servers] = node;
		m->msg_servers[m->nmsg_servers++].name = name;
	}
	if (m->nmsg_servers == 0)
		return manifest_fail(p, KFMT_EFORMAT, parent, NULL,
				     "no message servers declared (need at least one)");
	return 0;
}
