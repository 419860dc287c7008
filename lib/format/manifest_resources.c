/* SPDX-License-Identifier: BSD-2-Clause */
/* An app's resources node: its rights on channels and storage partitions, its MMIO ranges and its interrupt lines. */
#include <string.h>

#include <format/error.h>

#include "manifest_parser.h"

static const char *const resources_properties[] = { "irqs", "machine-reset", "release-admin", NULL };
static const char *const resources_nodes[] = { "channels", "devices", "partitions", NULL };
static const char *const right_names[] = { "READ", "WRITE", "SIGNAL", "RECV", NULL };

/* The rights list of one channel, bits in right_names' order (MANIFEST_RIGHT_*). */
static int parse_rights(struct parser *p, int node, const char *name, const char *list, int len,
			uint32_t *rights)
{
	uint32_t r;
	int pos;

	if (len == 0)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s grants no rights (known: %s)",
				     name, manifest_known_names(p, right_names));
	if (list[len - 1] != '\0')
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s is not a NUL-terminated string list", name);
	*rights = 0;
	for (pos = 0; pos < len; pos += (int)strlen(list + pos) + 1) {
		const char *right = list + pos;

		for (r = 0; right_names[r]; r++)
			if (strcmp(right, right_names[r]) == 0)
				break;
		if (!right_names[r])
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "unknown right %s (known: %s)", right,
					     manifest_known_names(p, right_names));
		if (*rights & (1u << r))
			return manifest_fail(p, KFMT_EFORMAT, node, name, "right %s listed twice",
					     right);
		*rights |= 1u << r;
	}
	return 0;
}

/* resources/channels: one property a channel declared under /channels, its value the rights. */
static int parse_channel_rights(struct parser *p, int node, struct manifest_app *app)
{
	const struct kauri_manifest *m = p->m;
	const char *name;
	int prop, ret;

	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		struct manifest_app_channel *use;
		const char *list;
		uint32_t ch;
		int len;

		list = fdt_getprop_by_offset(p->dtb, prop, &name, &len);
		if (!list)
			return manifest_fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (manifest_is_phandle_property(name))
			continue;
		for (ch = 0; ch < m->nchannels; ch++)
			if (strcmp(m->channels[ch].name, name) == 0)
				break;
		if (ch == m->nchannels)
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "channel %s is not declared under /channels", name);
		if (app->nchannels == MANIFEST_MAX_APP_CHANNELS)
			return manifest_fail(p, KFMT_ENOSPC, node, name,
					     "too many channels for one app: more than %u",
					     (uint32_t)MANIFEST_MAX_APP_CHANNELS);
		use = &app->channels[app->nchannels];
		use->channel = ch;
		ret = parse_rights(p, node, name, list, len, &use->rights);
		if (ret)
			return ret;
		app->nchannels++;
	}
	return 0;
}

/*
 * resources/partitions: one property a partition (its GPT name), its value READ and/or WRITE.
 * The storage server serves them on kos_block_protocol, so the app must connect to it.
 */
static int parse_partitions(struct parser *p, int node, struct manifest_app *app)
{
	const char *name;
	int prop, ret;
	uint32_t i;

	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		struct manifest_partition *part;
		const char *list;
		int len;

		list = fdt_getprop_by_offset(p->dtb, prop, &name, &len);
		if (!list)
			return manifest_fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (manifest_is_phandle_property(name))
			continue;
		if (strlen(name) > MANIFEST_PARTITION_NAME_MAX)
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "partition name %s is longer than %u characters (GPT's limit)", name,
					     (uint32_t)MANIFEST_PARTITION_NAME_MAX);
		if (app->npartitions == MANIFEST_MAX_APP_PARTITIONS)
			return manifest_fail(p, KFMT_ENOSPC, node, name,
					     "too many partitions for one app: more than %u",
					     (uint32_t)MANIFEST_MAX_APP_PARTITIONS);
		part = &app->partitions[app->npartitions];
		part->name = name;
		ret = parse_rights(p, node, name, list, len, &part->rights);
		if (ret)
			return ret;
		if (part->rights & ~(MANIFEST_RIGHT_READ | MANIFEST_RIGHT_WRITE))
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "partition %s: rights on a partition are READ and WRITE", name);
		app->npartitions++;
	}
	for (i = 0; i < app->nconnects; i++)
		if (strcmp(app->connects[i], MANIFEST_BLOCK_PROTOCOL) == 0)
			break;
	if (app->npartitions && i == app->nconnects)
		return manifest_fail(p, KFMT_EFORMAT, node, NULL,
				     "partitions are served on %s: the app must connect to it", MANIFEST_BLOCK_PROTOCOL);
	return 0;
}

/* MMIO is exclusive: [base, end] may overlap no range of app index nor of any app before it. */
static int check_device_overlap(struct parser *p, int node, const char *name, uint32_t index,
				uint64_t base, uint64_t end)
{
	const struct kauri_manifest *m = p->m;
	const struct manifest_app *app = &m->apps[index];
	uint32_t a, d;

	for (a = 0; a <= index; a++) {
		const struct manifest_app *other = &m->apps[a];
		uint32_t n = a == index ? app->ndevices : other->ndevices;

		for (d = 0; d < n; d++) {
			const struct manifest_device *o = &other->devices[d];

			if (base <= o->base + o->size - 1 && o->base <= end)
				return manifest_fail(
					p, KFMT_EFORMAT, node, name,
					"range 0x%llx-0x%llx overlaps %s/%s (0x%llx-0x%llx)",
					(unsigned long long)base, (unsigned long long)end,
					other->name, o->name, (unsigned long long)o->base,
					(unsigned long long)(o->base + o->size - 1));
		}
	}
	return 0;
}

/* resources/devices: one property a range, <base size> in 32- or 64-bit cells. */
static int parse_devices(struct parser *p, int node, uint32_t index)
{
	struct manifest_app *app = &p->m->apps[index];
	const char *name;
	int prop, ret;

	ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (ret)
		return ret;
	fdt_for_each_property_offset(prop, p->dtb, node) {
		const fdt32_t *cells;
		struct manifest_device *dev;
		uint64_t base, size, end;
		int len;

		cells = fdt_getprop_by_offset(p->dtb, prop, &name, &len);
		if (!cells)
			return manifest_fail(p, KFMT_EFORMAT, node, NULL, "unreadable property");
		if (manifest_is_phandle_property(name))
			continue;
		if (app->ndevices == MANIFEST_MAX_DEVICES)
			return manifest_fail(p, KFMT_ENOSPC, node, name,
					     "too many devices for one app: more than %u",
					     (uint32_t)MANIFEST_MAX_DEVICES);
		if (len == 8) {
			base = fdt32_ld(cells);
			size = fdt32_ld(cells + 1);
		} else if (len == 16) {
			base = (uint64_t)fdt32_ld(cells) << 32 | fdt32_ld(cells + 1);
			size = (uint64_t)fdt32_ld(cells + 2) << 32 | fdt32_ld(cells + 3);
		} else {
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "%s must be <base size> in 2 or 4 cells, not %u bytes",
					     name, (uint32_t)len);
		}
		if (size == 0)
			return manifest_fail(p, KFMT_EFORMAT, node, name, "%s has size 0", name);
		if (base % MANIFEST_PAGE_SIZE || size % MANIFEST_PAGE_SIZE)
			return manifest_fail(p, KFMT_EFORMAT, node, name,
					     "range 0x%llx+0x%llx is not 4096-byte aligned",
					     (unsigned long long)base, (unsigned long long)size);
		end = base + size - 1;
		if (end < base)
			return manifest_fail(
				p, KFMT_EFORMAT, node, name,
				"range 0x%llx+0x%llx wraps past the end of the address space",
				(unsigned long long)base, (unsigned long long)size);
		ret = check_device_overlap(p, node, name, index, base, end);
		if (ret)
			return ret;
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
	uint32_t n, i, a, k;
	int ret;

	ret = manifest_prop_cells(p, node, "irqs", "32-bit cells", MANIFEST_MAX_IRQS, &cells, &n);
	if (ret)
		return ret;
	for (i = 0; i < n; i++) {
		uint32_t irq = fdt32_ld(cells + i);

		if (irq < MANIFEST_IRQ_MIN)
			return manifest_fail(p, KFMT_EFORMAT, node, "irqs",
					     "irq %u is below 16 (0-15 are the kernel's SGIs)",
					     irq);
		if (irq > MANIFEST_IRQ_MAX)
			return manifest_fail(p, KFMT_EFORMAT, node, "irqs", "irq %u is above %u",
					     irq, (uint32_t)MANIFEST_IRQ_MAX);
		/* An interrupt line has one handler: refuse it twice, here or in an earlier app. */
		for (a = 0; a <= index; a++) {
			const struct manifest_app *other = &m->apps[a];
			uint32_t count = a == index ? app->nirqs : other->nirqs;

			for (k = 0; k < count; k++)
				if (other->irqs[k] == irq)
					return manifest_fail(p, KFMT_EFORMAT, node, "irqs",
							     "irq %u is already given to app %s",
							     irq, other->name);
		}
		app->irqs[app->nirqs++] = irq;
	}
	return 0;
}

int manifest_parse_resources(struct parser *p, int app_node, uint32_t index)
{
	int node = fdt_subnode_offset(p->dtb, app_node, "resources");
	int child, ret;

	if (node < 0)
		return 0;
	ret = manifest_check_properties(p, node, resources_properties);
	if (ret)
		return ret;
	ret = manifest_check_subnodes(p, node, resources_nodes);
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
	child = fdt_subnode_offset(p->dtb, node, "partitions");
	if (child >= 0) {
		ret = parse_partitions(p, child, &p->m->apps[index]);
		if (ret)
			return ret;
	}
	/* Resetting the board is the admin service's (upgrades): an empty property grants it. */
	ret = manifest_prop_bool(p, node, "machine-reset", &p->m->apps[index].machine_reset);
	if (ret)
		return ret;
	/* So is learning which release runs and whether its health apps passed (commits a trial). */
	ret = manifest_prop_bool(p, node, "release-admin", &p->m->apps[index].release_admin);
	if (ret)
		return ret;
	return parse_irqs(p, node, index);
}
