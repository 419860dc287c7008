/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * A VMM app's guest (kauri/vm.h): the guest's VSpace, TCB, VCPU and exit
 * endpoint, made from the app's own pool and bound together, the vm node's
 * settings on a read-only page and its files copied after it. The VMM makes
 * and maps the guest's RAM itself from its budget; it gets nothing here that
 * reaches outside its own pool except, on GICv2, a copy of the GICV frame
 * (the virtual CPU interface, which only ever shows the running guest's state).
 */
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/vm.h>
#include "vm.h"

#define LARGE_PAGE	(2UL << 20)
#define PAGE		4096UL

_Static_assert(sizeof(struct kauri_vm_info) <= PAGE, "the vm settings fit their page");

static const struct kauri_manifest *manifest;
static struct kauri_vm_info info;	/* built for one app at a time, then copied into its page */
static uint32_t gic_version;
static uint64_t gicv_base;
static const uint8_t *bootfs_base;			/* where the root server sees the bootfs */
static struct kauri_slot_region bootfs_frames;		/* its 2 MiB frames (root slots), shared read-only */
static kauri_cptr_t gicv_frame[2];	/* the root server's GICV pages; each VMM gets copies */

static uint64_t round_large(uint64_t bytes)
{
	return (bytes + LARGE_PAGE - 1) & ~(LARGE_PAGE - 1);
}

int vm_init(const struct kauri_bootinfo *bootinfo, const struct kauri_manifest *m, const uint8_t *bootfs,
	    struct kauri_slot_region frames)
{
	bool any = false;

	manifest = m;
	bootfs_base = bootfs;
	bootfs_frames = frames;
	for (uint32_t i = 0; i < m->napps; i++)
		any |= m->apps[i].vm.present;
	gic_version = bootinfo->gic_version;
	gicv_base = bootinfo->gic_vcpu_base;
	if (!any || gic_version != 2)
		return 0;
	if (!gicv_base) {
		kauri_printf("rootserver: a microVM needs the GICv2 virtual CPU interface (GICV), which the device tree does not give\n");
		return -1;
	}
	for (unsigned int i = 0; i < 2; i++) {
		gicv_frame[i] = device_frame_alloc(gicv_base + i * PAGE);
		if (!gicv_frame[i]) {
			kauri_printf("rootserver: cannot take the GICV page at 0x%lx\n", (unsigned long)(gicv_base + i * PAGE));
			return -1;
		}
	}
	return 0;
}

/* Whether the vm file I of APP is mapped writable: a disk that is not read-only (the VMM's own copy). */
static bool writable(const struct app *app, unsigned int i)
{
	return i >= APP_VM_DISK0 && !app->entry->vm.blk[i - APP_VM_DISK0].read_only;
}

/*
 * Whether FILE, read-only, can be shared rather than copied: it starts on a 2 MiB boundary of
 * the bootfs (kauri-bootfs puts large entries there, alone in their frames) and the kernel gave
 * the bootfs's frames.
 */
static bool shared(const struct bootfs_entry *file, bool is_writable)
{
	uint64_t at = (uint64_t)(file->data - bootfs_base);

	return !is_writable && file->size && at % LARGE_PAGE == 0 &&
	       (at + file->size + LARGE_PAGE - 1) / LARGE_PAGE <= bootfs_frames.end - bootfs_frames.start;
}

uint64_t vm_pool_bytes(const struct app *app)
{
	uint64_t bytes = 0;

	if (!app->entry->vm.present)
		return 0;
	/*
	 * The settings page; each copied file in 2 MiB pages, plus one page of slack per file
	 * for the 2 MiB alignment (shared files cost nothing here); the guest's objects and
	 * the larger CNode.
	 */
	bytes += PAGE;
	for (unsigned int i = 0; i < APP_VM_FILES; i++)
		if (app->vm_files[i].size && !shared(&app->vm_files[i], writable(app, i)))
			bytes += round_large(app->vm_files[i].size) + LARGE_PAGE;
	bytes += (1UL << (KAURI_VM_CNODE_RADIX + KAURI_SLOT_SIZE_BITS)) + 64 * PAGE;
	return bytes;
}

static void name_copy(char *to, size_t size, const char *from)
{
	size_t len = from ? strlen(from) : 0;

	if (len >= size)
		len = size - 1;
	memcpy(to, from, len);
	to[len] = '\0';
}

/*
 * FILE at KAURI_APP_VM + *OFFSET (advanced past it), its place in OUT: the bootfs's own frames,
 * read-only, when it can be shared, else copied into fresh 2 MiB frames.
 */
static int map_file(struct app *app, const struct bootfs_entry *file, bool is_writable, uint64_t *offset,
		    struct kauri_vm_file *out)
{
	unsigned int rights = KAURI_VM_READ | (is_writable ? KAURI_VM_WRITE : 0);
	bool share = shared(file, is_writable);
	uint64_t first = bootfs_frames.start + (uint64_t)(file->data - bootfs_base) / LARGE_PAGE;

	out->offset = *offset;
	out->size = file->size;
	for (uint64_t off = 0; off < file->size; off += LARGE_PAGE) {
		uint64_t len = file->size - off < LARGE_PAGE ? file->size - off : LARGE_PAGE;
		kauri_word_t at = KAURI_APP_VM + *offset + off;
		enum kauri_error err;

		if (share)
			err = pool_map_shared(&app->pool, app->vspace, ROOT_CNODE, ROOT_DEPTH, first + off / LARGE_PAGE,
					      KAURI_RIGHT_READ, at, KAURI_VM_READ);
		else
			err = pool_map_new_large_frame(&app->pool, app->vspace, at, rights, file->data + off, len);
		if (err != KAURI_OK)
			return app_fail(app, "out of memory for its microVM's files");
	}
	*offset += round_large(file->size);
	return 0;
}

/* The settings page: the vm node as the VMM reads it, and where its files are. */
static int map_info(struct app *app)
{
	const struct kauri_manifest *m = manifest;
	const struct manifest_vm *vm = &app->entry->vm;
	uint64_t offset = LARGE_PAGE;

	memset(&info, 0, sizeof(info));
	info.magic = KAURI_VM_INFO_MAGIC;
	info.ram_mb = vm->ram_mb;
	info.gic_version = gic_version;
	info.gic_vcpu_base = gic_version == 2 ? gicv_base : 0;
	info.console = vm->console;
	info.ndisks = vm->nblk;
	if (map_file(app, &app->vm_files[APP_VM_KERNEL], false, &offset, &info.kernel) != 0 ||
	    (vm->initrd && map_file(app, &app->vm_files[APP_VM_INITRD], false, &offset, &info.initrd) != 0))
		return -1;
	for (uint32_t i = 0; i < vm->nblk; i++) {
		struct kauri_vm_disk *disk = &info.disk[i];

		disk->read_only = vm->blk[i].read_only;
		name_copy(disk->name, sizeof(disk->name), vm->blk[i].name);
		/* A partition is the storage server's to serve: nothing to map, the VMM opens it. */
		if (vm->blk[i].partition) {
			name_copy(disk->partition, sizeof(disk->partition), vm->blk[i].partition);
			continue;
		}
		/* A writable disk is the VMM's own copy: its writes last until the app is rebuilt. */
		if (map_file(app, &app->vm_files[APP_VM_DISK0 + i], !disk->read_only, &offset, &disk->file) != 0)
			return -1;
	}
	if (vm->has_net) {
		name_copy(info.net_tx, sizeof(info.net_tx), m->channels[vm->net_tx].name);
		name_copy(info.net_rx, sizeof(info.net_rx), m->channels[vm->net_rx].name);
	}
	name_copy(info.bootargs, sizeof(info.bootargs), vm->bootargs);
	if (pool_map_new_frame(&app->pool, app->vspace, KAURI_APP_VM, KAURI_VM_READ, &info, 0, sizeof(info)) !=
	    KAURI_OK)
		return app_fail(app, "out of memory for its microVM's settings");
	return 0;
}

/* A copy of the root slot FROM into slot SLOT of the app's CNode. */
static enum kauri_error give(struct app *app, kauri_word_t slot, kauri_cptr_t from)
{
	return kauri_cnode_copy(app->cnode, slot, app->cnode_radix, ROOT_CNODE, from, ROOT_DEPTH, KAURI_ALL_RIGHTS);
}

/*
 * The guest: its thread runs in the guest VSpace, bound to the VCPU, and its
 * exits (faults) go to the endpoint at KAURI_VM_CAP_GUEST_EXITS, looked up in
 * the VMM's CSpace, which the guest never uses (it runs at EL1: its HVCs are exits).
 * The VSpace is a guest's (KAURI_ASID_GUEST): the VMM may map RAM there writable
 * and executable, and no thread without a VCPU can run in it.
 */
static int make_guest(struct app *app)
{
	struct app_guest *g = &app->guest;
	const struct manifest_app *m = app->entry;

	if (pool_guest_vspace_into(&app->pool, g->vspace) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_TCB, 0, g->tcb) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_VCPU, 0, g->vcpu) != KAURI_OK ||
	    pool_object_into(&app->pool, KAURI_ENDPOINT, 0, g->exits) != KAURI_OK)
		return app_fail(app, "out of memory for its guest's VSpace, TCB, VCPU or endpoint");
	if (kauri_tcb_configure(g->tcb, KAURI_VM_CAP_GUEST_EXITS, app->guarded_cnode, g->vspace, 0, 0) != KAURI_OK ||
	    kauri_tcb_set_mc_priority(g->tcb, ROOT_TCB, m->priority) != KAURI_OK ||
	    kauri_tcb_set_priority(g->tcb, ROOT_TCB, m->priority) != KAURI_OK ||
	    kauri_vcpu_set_tcb(g->vcpu, g->tcb) != KAURI_OK)
		return app_fail(app, "cannot bind its guest's thread to a VCPU");
	kauri_tcb_set_name(g->tcb, m->name);
	if (give(app, KAURI_VM_CAP_GUEST_TCB, g->tcb) != KAURI_OK ||
	    give(app, KAURI_VM_CAP_GUEST_VCPU, g->vcpu) != KAURI_OK ||
	    give(app, KAURI_VM_CAP_GUEST_VSPACE, g->vspace) != KAURI_OK ||
	    give(app, KAURI_VM_CAP_GUEST_EXITS, g->exits) != KAURI_OK)
		return app_fail(app, "cannot give it its guest");
	if (gic_version == 2 &&
	    (give(app, KAURI_VM_CAP_GICV, gicv_frame[0]) != KAURI_OK ||
	     give(app, KAURI_VM_CAP_GICV_2, gicv_frame[1]) != KAURI_OK))
		return app_fail(app, "cannot give it the GICV frame");
	return 0;
}

int vm_grant(struct app *app)
{
	struct app_guest *g = &app->guest;

	if (!app->entry->vm.present)
		return 0;
	/* Root slots, reused on restart (as the app's own). */
	if (!g->tcb) {
		g->tcb = slot_alloc();
		g->vcpu = slot_alloc();
		g->vspace = slot_alloc();
		g->exits = slot_alloc();
		if (!g->exits)
			return app_fail(app, "the root server is out of slots");
	}
	if (make_guest(app) != 0 || map_info(app) != 0)
		return -1;
	/* What a microVM costs beyond its RAM (make bench-vmm reads it): the VMM's whole pool. */
	if (!app->restarts)
		kauri_printf("rootserver: app %s: microVM with %u MiB of RAM, its VMM's pool %lu KiB beside it\n",
			     app->entry->name, app->entry->vm.ram_mb, (unsigned long)(1UL << app_pool_bits(app) >> 10));
	return 0;
}
