/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ASID pools and the kernel's ASID table. A VSpace gets an ASID (a VMID at
 * EL2) from a pool of 64; ASID 0 is never given out ("no address space"), 1
 * is the root server's. Deleting a pool takes the ASIDs of its VSpaces away.
 * A VSpace assigned as a guest's may map memory writable and executable (the
 * guest's own stage 1 decides), and only a thread bound to a VCPU runs in it.
 */
#include <stddef.h>
#include <arch/memory.h>
#include <arch/vspace.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/vspace_object.h>

static uint64_t asid_owner[KERNEL_ASIDS];	/* VSpace object pa, 0 = free */
static bool asid_guest[KERNEL_ASIDS];		/* assigned with KAURI_ASID_GUEST */
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

bool vspace_of_asid(unsigned int asid, struct vspace *out)
{
	if (asid == 0 || asid >= KERNEL_ASIDS || !asid_owner[asid])
		return false;
	out->root = asid_owner[asid];
	out->asid = (uint16_t)asid;
	return true;
}

bool asid_is_guest(unsigned int asid)
{
	return asid < KERNEL_ASIDS && asid_owner[asid] && asid_guest[asid];
}

uint64_t asid_owner_of(unsigned int asid)
{
	return asid < KERNEL_ASIDS ? asid_owner[asid] : 0;
}

uint64_t asid_pool_object(unsigned int pool)
{
	return pool < ASID_POOLS ? pool_object[pool] : 0;
}

int asid_free_pool(void)
{
	for (unsigned int number = 0; number < ASID_POOLS; number++)
		if (!pool_object[number])
			return (int)number;
	return -1;
}

void asid_pool_install(unsigned int number, uint64_t pa)
{
	pool_object[number] = pa;
}

void asid_release(unsigned int asid, uint64_t root)
{
	if (asid_names_vspace(asid, root)) {
		asid_owner[asid] = 0;
		asid_guest[asid] = false;
		arch_flush_asid((uint16_t)asid);
	}
}

/* Its VSpaces keep their capabilities but lose their ASIDs: nothing maps into them or runs in them any more. */
void finalise_asid_pool(struct cap pool)
{
	unsigned int number = cap_asid_pool_number(pool);

	if (number >= ASID_POOLS || pool_object[number] != cap_object_pa(pool))
		return;
	for (unsigned int i = 0; i < KAURI_ASID_POOL_ASIDS; i++) {
		unsigned int asid = number * KAURI_ASID_POOL_ASIDS + i;

		if (asid_owner[asid]) {
			asid_owner[asid] = 0;
			asid_guest[asid] = false;
			arch_flush_asid((uint16_t)asid);
		}
	}
	pool_object[number] = 0;
}

/* The VSpace has no copies yet (unassigned ones cannot be copied): its capability changes in place. */
static void invoke_asid_pool_assign(struct cte *vspace, unsigned int asid, bool guest)
{
	asid_owner[asid] = cap_object_pa(vspace->cap);
	asid_guest[asid] = guest;
	arch_flush_asid((uint16_t)asid);
	vspace->cap = cap_vspace(cap_object_pa(vspace->cap), true, asid);
}

static enum kauri_error decode_asid_pool_assign(struct invocation *inv)
{
	unsigned int number = cap_asid_pool_number(inv->cap);
	uint64_t flags = inv->length >= 1 ? get_mr(inv->thread, 0) : 0;
	struct cte *vspace;

	if (inv->extra_count < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	if (flags & ~(uint64_t)KAURI_ASID_GUEST)
		return fail(KAURI_INVALID_ARGUMENT, 0, 0);
#ifndef CONFIG_HYP
	/* Without a hypervisor there are no guests: every VSpace is a stage-1 one for native threads. */
	if (flags & KAURI_ASID_GUEST)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
#endif
	vspace = inv->extra_slots[0];
	if (cap_type(vspace->cap) != CAP_VSPACE)
		return fail(KAURI_INVALID_CAPABILITY, 1, 0);
	if (cap_vspace_assigned(vspace->cap))
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	if (number >= ASID_POOLS || pool_object[number] != cap_object_pa(inv->cap))
		return fail(KAURI_INVALID_CAPABILITY, 0, 0);
	for (unsigned int i = 0; i < KAURI_ASID_POOL_ASIDS; i++) {
		unsigned int asid = number * KAURI_ASID_POOL_ASIDS + i;

		if (asid != 0 && !asid_owner[asid]) {
			invoke_asid_pool_assign(vspace, asid, flags & KAURI_ASID_GUEST);
			return KAURI_OK;
		}
	}
	return fail(KAURI_NOT_ENOUGH_MEMORY, 0, 0);
}

enum kauri_error decode_asid_pool_invocation(struct invocation *inv)
{
	if (inv->label != KAURI_ASID_POOL_ASSIGN)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	return decode_asid_pool_assign(inv);
}
