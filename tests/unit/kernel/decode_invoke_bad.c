/* SPDX-License-Identifier: BSD-2-Clause */
/* Not built: each function breaks one rule scripts/check-decode-invoke.sh holds kernel objects to. */

static int invoke_returns_a_value(struct tcb *t)
{
	t->priority = 1;
	return 0;
}

static void invoke_that_fails(struct tcb *t)
{
	if (!t)
		fail(KAURI_ILLEGAL_OPERATION, 0, 0);
}

static enum kauri_error decode_that_inserts(struct invocation *inv)
{
	cte_insert(inv->slot, inv->extra_slots[0], inv->cap);
	return KAURI_OK;
}

static enum kauri_error decode_that_writes(struct invocation *inv, struct tcb *t)
{
	t->max_priority = 3;
	return KAURI_OK;
}
