/* SPDX-License-Identifier: BSD-2-Clause */
/* Which decoder handles an invocation, by the type of the capability invoked. */
#include <kernel/invocation.h>

enum kauri_error decode_invocation(struct invocation *inv)
{
	switch (cap_type(inv->cap)) {
	case CAP_UNTYPED:
		return decode_untyped_invocation(inv);
	case CAP_CNODE:
		return decode_cnode_invocation(inv);
	case CAP_TCB:
		return decode_tcb_invocation(inv);
	case CAP_IRQ_CONTROL:
	case CAP_IRQ_HANDLER:
		return decode_irq_invocation(inv);
	case CAP_FRAME:
		return decode_frame_invocation(inv);
	case CAP_PAGE_TABLE:
		return decode_page_table_invocation(inv);
	case CAP_VSPACE:
		return decode_vspace_invocation(inv);
	case CAP_ASID_CONTROL:
	case CAP_ASID_POOL:
		return decode_asid_invocation(inv);
	case CAP_MACHINE:
		return decode_machine_invocation(inv);
	default:
		return fail(KAURI_INVALID_CAPABILITY, 0, 0);
	}
}
