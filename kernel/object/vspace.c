/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VSpace, page-table, frame and ASID pool objects. A VSpace gets an ASID (a
 * VMID at EL2) from an ASID pool; frames and page tables remember where they
 * are mapped (address and ASID) in their capability, so unmapping finds them
 * again.
 */
#include <stddef.h>
#include <string.h>
#include <arch/memory.h>
#include <arch/vspace.h>
#include <kauri/invocation.h>
#include <kauri/types.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/objects.h>
#include <kernel/vspace_object.h>

/* ASID 0 is never used (it means "no address space"); 1 is the root server's. */
static uint64_t asid_owner[KERNEL_ASIDS];	/* VSpace object pa, 0 = free */
static uint64_t pool_object[ASID_POOLS];	/* the pool's object pa, 0 = no such pool */

void asid_boot(uint64_t pool_pa, uint64_t root_vspace_pa)
{
	pool_object[0] = pool_pa;
	asid_owner[ROOT_ASID] = root_vspace_pa;
}

bool asid_names_vspace(unsigned int asid, uint64_t root)
{
	return asid != 0 && asid < KERNEL_ASIDS && asid_owner[asid] == root;
}

uint64_t asid_owner_of(unsigned int asid)
{
	return asid < KERNEL_ASIDS ? asid_owner[asid] : 0;
}

uint64_t asid_pool_object(unsigned int pool)
{
	return pool < ASID_POOLS ? pool_object[pool] : 0;
}

void asid_pool_destroy(struct cap pool)
{
	unsigned int number = cap_asid_pool_number(pool);

	if (number >= ASID_POOLS || pool_object[number] != cap_object_pa(pool))
		return;
	/* Its VSpaces keep their capabilities but lose their ASIDs: nothing maps into them any more. */
	for (unsigned int i = 0; i < KAURI_ASID_POOL_ASIDS; i++) {
		unsigned int asid = number * KAURI_ASID_POOL_ASIDS + i;

		if (asid_owner[asid]) {
			asid_owner[asid] = 0;
			arch_flush_asid((uint16_t)asid);
		}
	}
	pool_object[number] = 0;
}

static enum kauri_error decode_make_pool(struct invocation *inv)
{
	struct cte *untyped, *dest;
	enum kauri_error err;
	unsigned int number;

	if (inv->label != KAURI_ASID_CONTROL_MAKE_POOL)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (inv->length < 2 || inv->extra_count < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	untyped = inv->extra_slots[1];
	if (cap_type(untyped->cap) != CAP_UNTYPED || cap_untyped_size_bits(untyped->cap) != KAURI_ASID_POOL_SIZE_BITS ||
	    cap_untyped_device(untyped->cap) || cdt_has_children(untyped))
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	err = lookup_empty_slot(inv->extra_slots[0]->cap, get_mr(inv->thread, 0), get_mr(inv->thread, 1), &dest);
	if (err)
		return err;
	for (number = 0; number < ASID_POOLS && pool_object[number]; number++)
		;
	if (number == ASID_POOLS)
		return fail(KAURI_NOT_ENOUGH_MEMORY, 0, 0);	/* all 256 ASIDs are in pools */

	/* The untyped is used up by the pool, which is its child (revoking it deletes the pool). */
	pool_object[number] = cap_object_pa(untyped->cap);
	untyped->cap = cap_untyped(cap_object_pa(untyped->cap), KAURI_ASID_POOL_SIZE_BITS, false,
				   1UL << KAURI_ASID_POOL_SIZE_BITS);
	cdt_insert_child(untyped, dest, cap_asid_pool(cap_object_pa(untyped->cap), number), true, true);
	return KAURI_OK;
}

static enum kauri_error decode_assign(struct invocation *inv)
{
	unsigned int number = cap_asid_pool_number(inv->cap);
	struct cte *vspace;

	if (inv->label != KAURI_ASID_POOL_ASSIGN)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	vspace = inv->extra_slots[0];
	if (cap_type(vspace->cap) != CAP_VSPACE)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	if (cap_vspace_assigned(vspace->cap))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (number >= ASID_POOLS || pool_object[number] != cap_object_pa(inv->cap))
		return fail(KAURI_INVALID_CAPABILITY, 0, 0);
	for (unsigned int i = 0; i < KAURI_ASID_POOL_ASIDS; i++) {
		unsigned int asid = number * KAURI_ASID_POOL_ASIDS + i;

		if (asid == 0 || asid_owner[asid])
			continue;
		asid_owner[asid] = cap_object_pa(vspace->cap);
		arch_flush_asid((uint16_t)asid);
		/* The VSpace has no copies yet (unassigned ones cannot be copied): update it in place. */
		vspace->cap = cap_vspace(cap_object_pa(vspace->cap), true, asid);
		return KAURI_OK;
	}
	return fail(KAURI_NOT_ENOUGH_MEMORY, 0, 0);
}

enum kauri_error decode_asid_invocation(struct invocation *inv)
{
	return cap_type(inv->cap) == CAP_ASID_CONTROL ? decode_make_pool(inv) : decode_assign(inv);
}

/* The VSpace that ASID names now; false for ASID 0 and for one no VSpace holds. */
static bool vspace_of_asid(unsigned int asid, struct vspace *out)
{
	if (asid == 0 || asid >= KERNEL_ASIDS || !asid_owner[asid])
		return false;
	out->root = asid_owner[asid];
	out->asid = (uint16_t)asid;
	return true;
}

void vspace_destroy(struct cap c)
{
	unsigned int asid = cap_vspace_asid(c);

	if (cap_vspace_assigned(c) && asid < KERNEL_ASIDS && asid_owner[asid] == cap_object_pa(c)) {
		asid_owner[asid] = 0;
		arch_flush_asid((uint16_t)asid);
	}
}

void frame_destroy(struct cap c)
{
	struct vspace vs;

	if (cap_is_mapped(c) && vspace_of_asid(cap_mapped_asid(c), &vs))
		arch_unmap_frame(&vs, cap_mapped_vaddr(c), cap_object_pa(c), cap_frame_large(c));
}

void page_table_destroy(struct cap c)
{
	struct vspace vs;

	if (cap_is_mapped(c) && vspace_of_asid(cap_mapped_asid(c), &vs))
		arch_unmap_table(&vs, cap_mapped_vaddr(c), cap_object_pa(c), cap_pt_level(c));
}

/* The VSpace named by extra cap 0 of a Map invocation. */
static enum kauri_error target_vspace(struct invocation *inv, struct vspace *vs)
{
	struct cap v;

	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	v = inv->extra_slots[0]->cap;
	if (cap_type(v) != CAP_VSPACE || !cap_vspace_assigned(v) ||
	    !vspace_of_asid(cap_vspace_asid(v), vs) || vs->root != cap_object_pa(v))
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	return KAURI_OK;
}

enum kauri_error decode_frame_invocation(struct invocation *inv)
{
	struct cap c = inv->cap;
	bool large = cap_frame_large(c);
	uint64_t size = cap_object_size(c);
	struct vspace vs;
	uint64_t va;
	unsigned int rights;
	enum kauri_error err;
	int r;

	switch (inv->label) {
	case KAURI_FRAME_GET_ADDRESS:
		set_mr(inv->thread, 0, cap_object_pa(c));
		inv->reply_length = 1;
		return KAURI_OK;
	case KAURI_FRAME_UNMAP:
		frame_destroy(c);
		inv->slot->cap = cap_set_mapping(c, false, 0, 0, 0);
		return KAURI_OK;
	case KAURI_FRAME_MAP:
		if (inv->length < 2)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		err = target_vspace(inv, &vs);
		if (err)
			return err;
		va = get_mr(inv->thread, 0);
		rights = (unsigned int)get_mr(inv->thread, 1) & cap_frame_rights(c);
		if (cap_is_mapped(c))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		if (va & (size - 1))
			return fail(KAURI_ALIGNMENT_ERROR, 0, 0);
		if (va >= USER_VA_TOP || size > USER_VA_TOP - va)
			return fail(KAURI_RANGE_ERROR, 0, USER_VA_TOP - 1);
		if (!(rights & VM_READ))
			return fail(KAURI_INVALID_ARGUMENT, 1, 0);
		if ((rights & VM_WRITE) && (rights & VM_EXEC))
			return fail(KAURI_INVALID_ARGUMENT, 1, 0);	/* never writable and executable */
		r = arch_map_frame(&vs, va, cap_object_pa(c), large, rights, cap_frame_device(c));
		if (r == MAP_MISSING_TABLE)
			return fail(KAURI_FAILED_LOOKUP, 0, 0);
		if (r == MAP_OCCUPIED)
			return fail(KAURI_DELETE_FIRST, 0, 0);
		inv->slot->cap = cap_set_mapping(c, true, va, vs.asid, 0);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}

enum kauri_error decode_page_table_invocation(struct invocation *inv)
{
	struct cap c = inv->cap;
	struct vspace vs;
	unsigned int level;
	uint64_t va;
	enum kauri_error err;
	int r;

	switch (inv->label) {
	case KAURI_PAGE_TABLE_UNMAP:
		/*
		 * The table comes back empty, as seL4's does: mapped anew somewhere else,
		 * its old entries would map frames whose capabilities record another
		 * place (and may be long deleted). Only the last capability may unmap
		 * it, or a copy would go on saying it is mapped.
		 */
		if (!cdt_is_final(inv->slot))
			return fail(KAURI_REVOKE_FIRST, 0, 0);
		page_table_destroy(c);
		memset(cap_object(c), 0, cap_object_size(c));
		inv->slot->cap = cap_set_mapping(c, false, 0, 0, 0);
		return KAURI_OK;
	case KAURI_PAGE_TABLE_MAP:
		if (inv->length < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		err = target_vspace(inv, &vs);
		if (err)
			return err;
		va = get_mr(inv->thread, 0);
		if (cap_is_mapped(c))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		if (va >= USER_VA_TOP)
			return fail(KAURI_RANGE_ERROR, 0, USER_VA_TOP - 1);
		r = arch_map_table(&vs, va, cap_object_pa(c), &level);
		if (r != MAP_OK)
			return fail(KAURI_DELETE_FIRST, 0, 0);
		inv->slot->cap = cap_set_mapping(c, true, va, vs.asid, level);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}

enum kauri_error decode_vspace_invocation(struct invocation *inv)
{
	return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
}
