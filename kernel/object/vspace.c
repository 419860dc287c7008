/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * VSpace objects: the root table of an address space. It is used (mapped into,
 * given to a thread) only once an ASID pool has given it an ASID; frames and
 * page tables are mapped into it by their own invocations.
 */
#include <stddef.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/thread.h>
#include <kernel/vspace_object.h>

void finalise_vspace(struct cap c)
{
	if (cap_vspace_assigned(c))
		asid_release(cap_vspace_asid(c), cap_object_pa(c));
}

/* A VSpace or ASID pool capability went: threads take their address space from their slot again. */
void removed_address_space(struct cte *slot, struct cap c)
{
	(void)slot;
	(void)c;
	sched_vspaces_changed();
}

enum kauri_error vspace_of_map_target(struct invocation *inv, struct vspace *vs)
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
