/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * An app's vm node: the app is a VMM and this is its microVM — the guest's
 * kernel and initrd from the release, its RAM (out of the app's own 2 MiB
 * untyped budget), command line, console, network channels and disks (release images or
 * storage partitions).
 */
#include <stddef.h>
#include <string.h>

#include <format/error.h>

#include "manifest_parser.h"

static const char *const vm_properties[] = {
	"kernel",  "kernel-sha256", "initrd", "initrd-sha256", "ram_mb",
	"bootargs", "console",	     "net-tx", "net-rx",	NULL,
};
static const char *const blk_properties[] = { "image", "image-sha256", "partition", "read-only", NULL };

#define MIB_PER_LARGE_PAGE 2u
#define MIB_PER_PAGE_TABLE 1024u /* a last-level table of 2 MiB blocks maps 1 GiB */

/* A bootfs entry name: required or not, never empty. */
static int read_entry(struct parser *p, int node, const char *name, bool required, const char **out)
{
	int ret = manifest_prop_string(p, node, name, out);

	if (ret)
		return ret;
	if (!*out && required)
		return manifest_fail(p, KFMT_EFORMAT, node, NULL, "missing property %s", name);
	if (*out && (*out)[0] == '\0')
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s is empty", name);
	return 0;
}

/* The release's SHA-256 of ENTRY (the OF property, which must then be there). */
static int read_digest(struct parser *p, int node, const char *name, const char *entry, const char *of,
		       const uint8_t **out)
{
	int ret = manifest_prop_digest(p, node, name, out);

	if (ret || !*out)
		return ret;
	if (!entry)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "%s without an %s", name, of);
	return 0;
}

/* Guest RAM: whole 2 MiB pages, within bounds, and within the app's large-page budget. */
static int read_ram(struct parser *p, int node, const struct manifest_app *app, struct manifest_vm *vm)
{
	bool found;
	int ret = manifest_prop_u32(p, node, "ram_mb", &vm->ram_mb, &found);

	if (ret)
		return ret;
	if (!found)
		vm->ram_mb = MANIFEST_VM_DEFAULT_RAM_MB;
	if (vm->ram_mb < MANIFEST_VM_RAM_MB_MIN || vm->ram_mb > MANIFEST_VM_RAM_MB_MAX)
		return manifest_fail(p, KFMT_EFORMAT, node, found ? "ram_mb" : NULL,
				     "ram_mb %u is out of range %u-%u", vm->ram_mb, MANIFEST_VM_RAM_MB_MIN,
				     MANIFEST_VM_RAM_MB_MAX);
	if (vm->ram_mb % MIB_PER_LARGE_PAGE)
		return manifest_fail(p, KFMT_EFORMAT, node, "ram_mb",
				     "ram_mb %u is not a multiple of 2: guest RAM is made of 2 MiB pages",
				     vm->ram_mb);
	if (app->ut_large_pages < vm->ram_mb / MIB_PER_LARGE_PAGE)
		return manifest_fail(p, KFMT_EFORMAT, node, found ? "ram_mb" : NULL,
				     "guest RAM of %u MiB needs %s of at least %u (2 MiB pages), the app has %u",
				     vm->ram_mb, app->ut_large_property ? app->ut_large_property : "ut_large_pages",
				     vm->ram_mb / MIB_PER_LARGE_PAGE, app->ut_large_pages);
	return 0;
}

/* The channel named by property NAME, which the app must hold with RIGHTS (resources/channels). */
static int read_net_channel(struct parser *p, int node, const struct manifest_app *app, const char *name,
			    uint32_t rights, const char *rights_text, uint32_t *out)
{
	const struct kauri_manifest *m = p->m;
	const char *channel = NULL;
	uint32_t ch, i;
	int ret = manifest_prop_string(p, node, name, &channel);

	if (ret)
		return ret;
	for (ch = 0; ch < m->nchannels; ch++)
		if (strcmp(m->channels[ch].name, channel) == 0)
			break;
	if (ch == m->nchannels)
		return manifest_fail(p, KFMT_EFORMAT, node, name, "channel %s is not declared under /channels",
				     channel);
	for (i = 0; i < app->nchannels; i++)
		if (app->channels[i].channel == ch && (app->channels[i].rights & rights) == rights)
			break;
	if (i == app->nchannels)
		return manifest_fail(p, KFMT_EFORMAT, node, name,
				     "%s channel %s needs %s in the app's resources/channels", name, channel,
				     rights_text);
	*out = ch;
	return 0;
}

/* virtio-net: two channels, one each way, or none. */
static int read_net(struct parser *p, int node, const struct manifest_app *app, struct manifest_vm *vm)
{
	bool tx = manifest_getprop(p, node, "net-tx", NULL) != NULL;
	bool rx = manifest_getprop(p, node, "net-rx", NULL) != NULL;
	int ret;

	if (tx != rx)
		return manifest_fail(p, KFMT_EFORMAT, node, tx ? "net-tx" : "net-rx",
				     "%s without %s: the guest's network is a channel each way", tx ? "net-tx" : "net-rx",
				     tx ? "net-rx" : "net-tx");
	if (!tx)
		return 0;
	ret = read_net_channel(p, node, app, "net-tx", MANIFEST_RIGHT_WRITE | MANIFEST_RIGHT_SIGNAL,
			       "WRITE and SIGNAL", &vm->net_tx);
	if (!ret)
		ret = read_net_channel(p, node, app, "net-rx", MANIFEST_RIGHT_READ | MANIFEST_RIGHT_RECV,
				       "READ and RECV", &vm->net_rx);
	if (!ret && vm->net_tx == vm->net_rx)
		return manifest_fail(p, KFMT_EFORMAT, node, "net-rx",
				     "net-rx and net-tx are both channel %s: one each way", p->m->channels[vm->net_rx].name);
	vm->has_net = !ret;
	return ret;
}

/*
 * A partition disk: the VMM opens the partition on kos_block_protocol with the app's own rights,
 * so the app must hold them in resources/partitions (which also makes it connect to the
 * protocol): READ, and WRITE unless the disk is read-only. Two disks on one partition would be
 * two caches of the same blocks in the guest, so a partition backs one disk.
 */
static int check_partition(struct parser *p, int node, const struct manifest_app *app,
			   const struct manifest_vm *vm, const struct manifest_vm_blk *blk)
{
	uint32_t needed = MANIFEST_RIGHT_READ | (blk->read_only ? 0 : MANIFEST_RIGHT_WRITE);
	uint32_t i;

	for (i = 0; i < vm->nblk; i++)
		if (vm->blk[i].partition && strcmp(vm->blk[i].partition, blk->partition) == 0)
			return manifest_fail(p, KFMT_EFORMAT, node, "partition",
					     "partition %s is already disk %s: a partition backs one disk",
					     blk->partition, vm->blk[i].name);
	for (i = 0; i < app->npartitions; i++)
		if (strcmp(app->partitions[i].name, blk->partition) == 0)
			break;
	if (i == app->npartitions)
		return manifest_fail(p, KFMT_EFORMAT, node, "partition",
				     "partition %s is not in the app's resources/partitions", blk->partition);
	if ((app->partitions[i].rights & needed) != needed)
		return manifest_fail(p, KFMT_EFORMAT, node, "partition",
				     "partition %s needs %s in the app's resources/partitions%s", blk->partition,
				     blk->read_only ? "READ" : "READ and WRITE",
				     blk->read_only ? "" : " (READ alone for a read-only disk)");
	return 0;
}

/* One disk: an image from the release or a storage partition, exactly one of the two. */
static int read_disk(struct parser *p, int node, const struct manifest_app *app, const struct manifest_vm *vm,
		     struct manifest_vm_blk *blk)
{
	int ret = manifest_check_properties(p, node, blk_properties);

	if (!ret)
		ret = manifest_check_subnodes(p, node, manifest_no_names);
	if (!ret)
		ret = read_entry(p, node, "image", false, &blk->image);
	if (!ret)
		ret = read_digest(p, node, "image-sha256", blk->image, "image", &blk->image_sha256);
	if (!ret)
		ret = read_entry(p, node, "partition", false, &blk->partition);
	if (!ret)
		ret = manifest_prop_bool(p, node, "read-only", &blk->read_only);
	if (ret)
		return ret;
	if (!blk->image && !blk->partition)
		return manifest_fail(p, KFMT_EFORMAT, node, NULL, "missing property image or partition");
	if (blk->image && blk->partition)
		return manifest_fail(p, KFMT_EFORMAT, node, "partition",
				     "image and partition both: a disk is one or the other");
	return blk->partition ? check_partition(p, node, app, vm, blk) : 0;
}

/* Each child of vm is a disk. */
static int read_disks(struct parser *p, int node, const struct manifest_app *app, struct manifest_vm *vm)
{
	int child, ret;

	fdt_for_each_subnode(child, p->dtb, node) {
		struct manifest_vm_blk *blk;

		if (vm->nblk == MANIFEST_MAX_VM_BLK)
			return manifest_fail(p, KFMT_ENOSPC, child, NULL, "too many disks: more than %u",
					     (uint32_t)MANIFEST_MAX_VM_BLK);
		blk = &vm->blk[vm->nblk];
		blk->name = manifest_node_name(p, child);
		ret = read_disk(p, child, app, vm, blk);
		if (ret)
			return ret;
		vm->nblk++;
	}
	return 0;
}

/*
 * The VMM's page tables, from the app's 4 KiB budget: a table per GiB of RAM in its own VSpace
 * and in the guest's, and two for the GICv2 virtual CPU interface's 4 KiB pages (docs/vmm.md).
 */
static int check_page_tables(struct parser *p, int app_node, const struct manifest_app *app,
			     const struct manifest_vm *vm)
{
	uint32_t tables = 2 * ((vm->ram_mb + MIB_PER_PAGE_TABLE - 1) / MIB_PER_PAGE_TABLE) + 2;

	if (app->ut_4k_pages >= tables)
		return 0;
	return manifest_fail(p, KFMT_EFORMAT, app_node,
			     manifest_getprop(p, app_node, "ut_4k_pages", NULL) ? "ut_4k_pages" : NULL,
			     "a microVM with %u MiB of RAM needs ut_4k_pages of at least %u for its page tables, "
			     "the app has %u", vm->ram_mb, tables, app->ut_4k_pages);
}

int manifest_parse_vm(struct parser *p, int app_node, uint32_t index)
{
	struct manifest_app *app = &p->m->apps[index];
	struct manifest_vm *vm = &app->vm;
	int node = fdt_subnode_offset(p->dtb, app_node, "vm");
	size_t len;
	int ret;

	if (node < 0)
		return 0;
	vm->present = true;
	ret = manifest_check_properties(p, node, vm_properties);
	if (!ret)
		ret = read_entry(p, node, "kernel", true, &vm->kernel);
	if (!ret)
		ret = read_digest(p, node, "kernel-sha256", vm->kernel, "kernel", &vm->kernel_sha256);
	if (!ret)
		ret = read_entry(p, node, "initrd", false, &vm->initrd);
	if (!ret)
		ret = read_digest(p, node, "initrd-sha256", vm->initrd, "initrd", &vm->initrd_sha256);
	if (!ret)
		ret = read_ram(p, node, app, vm);
	if (!ret)
		ret = manifest_prop_string(p, node, "bootargs", &vm->bootargs);
	if (!ret && vm->bootargs && (len = strlen(vm->bootargs)) > MANIFEST_VM_BOOTARGS_MAX)
		ret = manifest_fail(p, KFMT_EFORMAT, node, "bootargs",
				    "bootargs is %u characters, the limit is %u (Linux's command line)", (uint32_t)len,
				    MANIFEST_VM_BOOTARGS_MAX);
	if (!ret)
		ret = manifest_prop_bool(p, node, "console", &vm->console);
	if (!ret)
		ret = read_net(p, node, app, vm);
	if (!ret)
		ret = read_disks(p, node, app, vm);
	if (!ret)
		ret = check_page_tables(p, app_node, app, vm);
	return ret;
}
