/* SPDX-License-Identifier: BSD-2-Clause */
/* Which decoder handles an invocation: the object type table's, by the type of the capability invoked. */
#include <kernel/invocation.h>
#include <kernel/object_type.h>

enum kauri_error decode_invocation(struct invocation *inv)
{
	const struct object_type *t = object_type_of(inv->cap);

	if (!t->decode)
		return fail(KAURI_INVALID_CAPABILITY, 0, 0);
	return t->decode(inv);
}
