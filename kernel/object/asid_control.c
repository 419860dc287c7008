/* SPDX-License-Identifier: BSD-2-Clause */
/* ASID control: makes ASID pools (of 64 ASIDs) from 4 KiB untypeds, four pools in all. */
#include <stddef.h>
#include <uapi/kauri/invocation.h>
#include <kernel/cspace.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/vspace_object.h>

/* The untyped is used up by the pool, which is its child (revoking it deletes the pool). */
static void invoke_asid_control_make_pool(struct cte *untyped, struct cte *dest, unsigned int number)
{
	uint64_t pa = cap_object_pa(untyped->cap);

	asid_pool_install(number, pa);
	untyped->cap = cap_untyped(pa, KAURI_ASID_POOL_SIZE_BITS, false, 1UL << KAURI_ASID_POOL_SIZE_BITS);
	cdt_insert_child(untyped, dest, cap_asid_pool(pa, number), true, true);
}

static enum kauri_error decode_asid_control_make_pool(struct invocation *inv)
{
	struct cte *untyped, *dest;
	enum kauri_error err;
	int number;

	if (inv->length < 2 || inv->extra_count < 2)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	untyped = inv->extra_slots[1];
	if (cap_type(untyped->cap) != CAP_UNTYPED || cap_untyped_size_bits(untyped->cap) != KAURI_ASID_POOL_SIZE_BITS ||
	    cap_untyped_device(untyped->cap) || cdt_has_children(untyped))
		return fail(KAURI_INVALID_CAPABILITY, 2, 0);
	err = lookup_empty_slot(inv->extra_slots[0]->cap, get_mr(inv->thread, 0), get_mr(inv->thread, 1), &dest);
	if (err)
		return err;
	number = asid_free_pool();
	if (number < 0)
		return fail(KAURI_NOT_ENOUGH_MEMORY, 0, 0);	/* all 256 ASIDs are in pools */
	invoke_asid_control_make_pool(untyped, dest, (unsigned int)number);
	return KAURI_OK;
}

enum kauri_error decode_asid_control_invocation(struct invocation *inv)
{
	if (inv->label != KAURI_ASID_CONTROL_MAKE_POOL)
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	return decode_asid_control_make_pool(inv);
}
