/* SPDX-License-Identifier: BSD-2-Clause */
/* Slot and memory allocation for the root server (it has everything BootInfo lists). */
#include <string.h>
#include <kauri/invoke.h>
#include <kauri/map.h>
#include "alloc.h"

#define SCRATCH_VADDR	0x3f000000UL	/* where the root server looks into frames it prepares */
#define SCRATCH_LARGE_VADDR	0x3c000000UL	/* and into 2 MiB ones (an L2 block, no table under it;
						 * console.c maps its channel at 0x3e000000) */

#define MAX_DEVICE_UNTYPED	(KAURI_BOOTINFO_MAX_UNTYPED + 256)

/* A device untyped and how far the kernel has handed it out (its watermark, as we moved it). */
struct device_untyped {
	kauri_cptr_t cap;
	uint64_t next, end;
};

static const struct kauri_bootinfo *bi;
static struct device_untyped device_untypeds[MAX_DEVICE_UNTYPED];
static unsigned int device_untyped_count;
static kauri_word_t next_slot;
static unsigned int current_untyped;
static kauri_cptr_t scratch_slot;	/* a copy of the frame being filled */

void alloc_init(const struct kauri_bootinfo *bootinfo)
{
	bi = bootinfo;
	next_slot = bootinfo->empty.start;
	current_untyped = 0;
	device_untyped_count = 0;
	for (uint64_t i = 0; i < bi->untyped.end - bi->untyped.start; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device && device_untyped_count < MAX_DEVICE_UNTYPED)
			device_untypeds[device_untyped_count++] = (struct device_untyped){
				bi->untyped.start + i, u->paddr, u->paddr + (1ULL << u->size_bits) };
	}
	scratch_slot = slot_alloc();
	/* Page tables for the scratch address, once, so filling a frame is map, copy, unmap. */
	for (int i = 0; i < 3; i++) {
		kauri_cptr_t table = object_alloc(KAURI_PAGE_TABLE, 0);

		if (!table || kauri_page_table_map(table, ROOT_VSPACE, SCRATCH_VADDR) != KAURI_OK)
			break;
	}
}

kauri_cptr_t slot_alloc(void)
{
	return next_slot < bi->empty.end ? next_slot++ : 0;
}

/* Retypes one object into slot OFFSET of the CNode at NODE (depth NODE_DEPTH; 0 means the root CNode). */
static enum kauri_error retype_from_ram(enum kauri_object_type type, unsigned int size_bits, kauri_word_t node,
					unsigned int node_depth, kauri_word_t offset)
{
	unsigned int count = (unsigned int)(bi->untyped.end - bi->untyped.start);

	/* Device memory holds no kernel objects; look through the RAM untypeds for room. */
	for (unsigned int i = 0; i < count; i++) {
		unsigned int u = (current_untyped + i) % count;

		if (bi->untyped_list[u].is_device)
			continue;
		if (kauri_untyped_retype(bi->untyped.start + u, type, size_bits, ROOT_CNODE, node, node_depth, offset,
					 1) == KAURI_OK) {
			current_untyped = u;
			return KAURI_OK;
		}
	}
	return KAURI_NOT_ENOUGH_MEMORY;
}

kauri_cptr_t object_alloc(enum kauri_object_type type, unsigned int size_bits)
{
	kauri_cptr_t slot = slot_alloc();

	if (!slot || retype_from_ram(type, size_bits, 0, 0, slot) != KAURI_OK)
		return 0;
	return slot;
}

enum kauri_error object_alloc_in(kauri_cptr_t cnode, kauri_word_t index, enum kauri_object_type type)
{
	return retype_from_ram(type, 0, cnode, ROOT_DEPTH, index);
}

int pool_create(struct pool *p, unsigned int bits)
{
	memset(p, 0, sizeof(*p));
	p->untyped = object_alloc(KAURI_UNTYPED, bits);
	p->holding = slot_alloc();
	p->temp = slot_alloc();
	p->temp_table = slot_alloc();
	if (!p->untyped || !p->holding || !p->temp || !p->temp_table)
		return -1;
	return 0;
}

void pool_reset(struct pool *p)
{
	kauri_cnode_revoke(ROOT_CNODE, p->untyped, ROOT_DEPTH);
	p->held = 0;
}

int pool_refill(struct pool *p)
{
	return kauri_untyped_retype(p->untyped, KAURI_CNODE, HOLDING_RADIX, ROOT_CNODE, 0, 0, p->holding, 1) ==
	       KAURI_OK ? 0 : -1;
}

enum kauri_error pool_object_into(struct pool *p, enum kauri_object_type type, unsigned int size_bits,
				  kauri_cptr_t slot)
{
	enum kauri_error err = kauri_untyped_retype(p->untyped, type, size_bits, ROOT_CNODE, 0, 0, slot, 1);

	if (err == KAURI_OK && type == KAURI_VSPACE)
		err = kauri_asid_pool_assign(KAURI_CAP_INIT_ASID_POOL, slot);
	return err;
}

enum kauri_error pool_guest_vspace_into(struct pool *p, kauri_cptr_t slot)
{
	enum kauri_error err = kauri_untyped_retype(p->untyped, KAURI_VSPACE, 0, ROOT_CNODE, 0, 0, slot, 1);

	return err == KAURI_OK ? kauri_asid_pool_assign_guest(KAURI_CAP_INIT_ASID_POOL, slot) : err;
}

/* The capability in the root slot SLOT goes into the holding CNode. */
static enum kauri_error hold(struct pool *p, kauri_cptr_t slot)
{
	if (p->held == 1u << HOLDING_RADIX)
		return KAURI_NOT_ENOUGH_MEMORY;
	return kauri_cnode_move(p->holding, p->held++, HOLDING_RADIX, ROOT_CNODE, slot, ROOT_DEPTH);
}

/* A pool's tables are made in a slot of their own: the frame occupies the temp slot. */
static kauri_cptr_t pool_make_table(void *context)
{
	struct pool *p = context;

	return pool_object_into(p, KAURI_PAGE_TABLE, 0, p->temp_table) == KAURI_OK ? p->temp_table : 0;
}

/* Once mapped, the table moves into the pool's holding CNode, which keeps it. */
static int pool_keep_table(void *context, kauri_cptr_t table)
{
	return hold(context, table) != KAURI_OK;
}

/* The root server's own tables come from its memory and stay in its slots. */
static kauri_cptr_t root_make_table(void *context)
{
	(void)context;
	return object_alloc(KAURI_PAGE_TABLE, 0);
}

/* Maps FRAME at VADDR in VSPACE, making the page tables it needs with TABLES; no table is no memory. */
static enum kauri_error map_making_tables(const struct kauri_page_table_maker *tables, kauri_cptr_t vspace,
					  kauri_cptr_t frame, kauri_word_t vaddr, unsigned int rights)
{
	int err = kauri_frame_map_making_tables(frame, vspace, vaddr, rights, tables);

	return err == KAURI_MAP_NO_PAGE_TABLE ? KAURI_NOT_ENOUGH_MEMORY : (enum kauri_error)err;
}

enum kauri_error pool_map(struct pool *p, kauri_cptr_t vspace, kauri_cptr_t frame, kauri_word_t vaddr,
			  unsigned int rights)
{
	const struct kauri_page_table_maker pool_tables = {
		.make = pool_make_table, .mapped = pool_keep_table, .context = p
	};

	return map_making_tables(&pool_tables, vspace, frame, vaddr, rights);
}

/*
 * A frame capability maps once: the root server fills it through a copy, at
 * SCRATCH_VADDR (4 KiB) or SCRATCH_LARGE_VADDR (2 MiB, a block of its own).
 */
static enum kauri_error fill(kauri_cptr_t frame, kauri_word_t scratch, const void *data, size_t offset, size_t len)
{
	uint8_t *page = (uint8_t *)scratch;
	enum kauri_error err;

	err = kauri_cnode_copy(ROOT_CNODE, scratch_slot, ROOT_DEPTH, ROOT_CNODE, frame, ROOT_DEPTH, KAURI_ALL_RIGHTS);
	if (err != KAURI_OK)
		return err;
	err = kauri_frame_map(scratch_slot, ROOT_VSPACE, scratch, KAURI_VM_READ | KAURI_VM_WRITE);
	if (err == KAURI_OK)
		memcpy(page + offset, data, len);
	kauri_cnode_delete(ROOT_CNODE, scratch_slot, ROOT_DEPTH);	/* unmaps it too */
	return err;
}

/* Maps the frame in the temp slot (if ERR is still KAURI_OK) and moves it into HOLDING; on failure it is deleted. */
static enum kauri_error map_temp_and_hold(struct pool *p, enum kauri_error err, kauri_cptr_t vspace,
					  kauri_word_t vaddr, unsigned int vm_rights)
{
	if (err == KAURI_OK)
		err = pool_map(p, vspace, p->temp, vaddr, vm_rights);
	if (err == KAURI_OK)
		err = hold(p, p->temp);
	if (err != KAURI_OK)
		kauri_cnode_delete(ROOT_CNODE, p->temp, ROOT_DEPTH);
	return err;
}

enum kauri_error pool_map_new_frame(struct pool *p, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights,
				    const void *data, size_t offset, size_t len)
{
	enum kauri_error err = pool_object_into(p, KAURI_FRAME_4K, 0, p->temp);

	if (err == KAURI_OK && len)
		err = fill(p->temp, SCRATCH_VADDR, data, offset, len);
	return map_temp_and_hold(p, err, vspace, vaddr, rights);
}

enum kauri_error pool_map_new_large_frame(struct pool *p, kauri_cptr_t vspace, kauri_word_t vaddr,
					  unsigned int rights, const void *data, size_t len)
{
	enum kauri_error err = pool_object_into(p, KAURI_FRAME_2M, 0, p->temp);

	if (err == KAURI_OK && len)
		err = fill(p->temp, SCRATCH_LARGE_VADDR, data, 0, len);
	return map_temp_and_hold(p, err, vspace, vaddr, rights);
}

enum kauri_error pool_map_shared(struct pool *p, kauri_cptr_t vspace, kauri_cptr_t src, unsigned int src_radix,
				 kauri_word_t index, unsigned int rights, kauri_word_t vaddr, unsigned int vm_rights)
{
	enum kauri_error err = kauri_cnode_copy(ROOT_CNODE, p->temp, ROOT_DEPTH, src, index, src_radix, rights);

	if (err != KAURI_OK)
		return err;
	return map_temp_and_hold(p, err, vspace, vaddr, vm_rights);
}

/* The largest naturally aligned block at AT that ends by LIMIT, as log2 of its size (at least 12). */
static unsigned int block_bits(uint64_t at, uint64_t limit)
{
	unsigned int bits = at ? (unsigned int)__builtin_ctzll(at) : 63;

	while (bits > 12 && (bits >= 64 || at + (1ULL << bits) > limit))
		bits--;
	return bits;
}

/* Device frames the root server used and gave back (device_frame_return), to be handed out again. */
#define MAX_RETURNED_FRAMES	1024
static struct {
	uint64_t paddr;
	kauri_cptr_t frame;
} returned[MAX_RETURNED_FRAMES];
static unsigned int returned_count;

void device_frame_return(uint64_t paddr, kauri_cptr_t frame)
{
	if (returned_count < MAX_RETURNED_FRAMES)
		returned[returned_count++] = (typeof(returned[0])){ paddr, frame };
}

kauri_cptr_t device_frame_alloc(uint64_t paddr)
{
	struct device_untyped *d = 0;
	kauri_cptr_t frame;

	if (paddr & 0xfff)
		return 0;
	for (unsigned int i = 0; i < returned_count; i++)
		if (returned[i].paddr == paddr) {
			frame = returned[i].frame;
			returned[i] = returned[--returned_count];
			return frame;
		}
	/* The one untyped that covers PADDR and has not handed it out yet. */
	for (unsigned int i = 0; i < device_untyped_count && !d; i++)
		if (device_untypeds[i].next <= paddr && paddr < device_untypeds[i].end)
			d = &device_untypeds[i];
	if (!d)
		return 0;
	/*
	 * Retype hands memory out in order, so the pages below PADDR become untypeds
	 * of their own (aligned blocks, largest first), kept for the frames asked for later.
	 */
	while (d->next < paddr) {
		unsigned int bits = block_bits(d->next, paddr);
		kauri_cptr_t slot = slot_alloc();

		if (!slot || device_untyped_count == MAX_DEVICE_UNTYPED ||
		    kauri_untyped_retype(d->cap, KAURI_UNTYPED, bits, ROOT_CNODE, 0, 0, slot, 1) != KAURI_OK)
			return 0;
		device_untypeds[device_untyped_count++] = (struct device_untyped){ slot, d->next, d->next + (1ULL << bits) };
		d->next += 1ULL << bits;
	}
	frame = slot_alloc();
	if (!frame || kauri_untyped_retype(d->cap, KAURI_FRAME_4K, 0, ROOT_CNODE, 0, 0, frame, 1) != KAURI_OK)
		return 0;
	d->next += 4096;
	return frame;
}

enum kauri_error root_map(kauri_cptr_t frame, kauri_word_t vaddr, unsigned int rights)
{
	static const struct kauri_page_table_maker root_tables = { .make = root_make_table };

	return map_making_tables(&root_tables, ROOT_VSPACE, frame, vaddr, rights);
}
