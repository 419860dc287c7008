/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri object invocations: message registers in, Call, the reply label out. */
#include <string.h>
#include <kauri/invoke.h>
#include <kauri/syscalls.h>

static enum kauri_error invoke(kauri_cptr_t object, enum kauri_invocation_label label, unsigned int mrs,
			       unsigned int caps)
{
	kauri_word_t info = kauri_call(object, kauri_msginfo(label, 0, caps, mrs));

	return (enum kauri_error)kauri_msginfo_label(info);
}

enum kauri_error kauri_untyped_retype(kauri_cptr_t untyped, enum kauri_object_type type, unsigned int size_bits,
				      kauri_cptr_t root, kauri_word_t node_index, unsigned int node_depth,
				      kauri_word_t offset, kauri_word_t count)
{
	kauri_set_mr(0, type);
	kauri_set_mr(1, size_bits);
	kauri_set_mr(2, node_index);
	kauri_set_mr(3, node_depth);
	kauri_set_mr(4, offset);
	kauri_set_mr(5, count);
	kauri_set_cap(0, root);
	return invoke(untyped, KAURI_UNTYPED_RETYPE, 6, 1);
}

static enum kauri_error cnode_two_slots(kauri_cptr_t root, enum kauri_invocation_label label, kauri_word_t dest,
					unsigned int dest_depth, kauri_cptr_t src_root, kauri_word_t src,
					unsigned int src_depth, unsigned int mrs)
{
	kauri_set_mr(0, dest);
	kauri_set_mr(1, dest_depth);
	kauri_set_mr(2, src);
	kauri_set_mr(3, src_depth);
	kauri_set_cap(0, src_root);
	return invoke(root, label, mrs, 1);
}

enum kauri_error kauri_cnode_copy(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, unsigned int rights)
{
	kauri_set_mr(4, rights);
	return cnode_two_slots(root, KAURI_CNODE_COPY, dest, dest_depth, src_root, src, src_depth, 5);
}

enum kauri_error kauri_cnode_mint(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, unsigned int rights,
				  kauri_word_t badge)
{
	kauri_set_mr(4, rights);
	kauri_set_mr(5, badge);
	return cnode_two_slots(root, KAURI_CNODE_MINT, dest, dest_depth, src_root, src, src_depth, 6);
}

enum kauri_error kauri_cnode_move(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth)
{
	return cnode_two_slots(root, KAURI_CNODE_MOVE, dest, dest_depth, src_root, src, src_depth, 4);
}

enum kauri_error kauri_cnode_mutate(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				    kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, kauri_word_t data)
{
	kauri_set_mr(4, data);
	return cnode_two_slots(root, KAURI_CNODE_MUTATE, dest, dest_depth, src_root, src, src_depth, 5);
}

static enum kauri_error cnode_one_slot(kauri_cptr_t root, enum kauri_invocation_label label, kauri_word_t index,
				       unsigned int depth)
{
	kauri_set_mr(0, index);
	kauri_set_mr(1, depth);
	return invoke(root, label, 2, 0);
}

enum kauri_error kauri_cnode_delete(kauri_cptr_t root, kauri_word_t index, unsigned int depth)
{
	return cnode_one_slot(root, KAURI_CNODE_DELETE, index, depth);
}

enum kauri_error kauri_cnode_revoke(kauri_cptr_t root, kauri_word_t index, unsigned int depth)
{
	return cnode_one_slot(root, KAURI_CNODE_REVOKE, index, depth);
}

enum kauri_error kauri_cnode_cancel_badged_sends(kauri_cptr_t root, kauri_word_t index, unsigned int depth)
{
	return cnode_one_slot(root, KAURI_CNODE_CANCEL_BADGED_SENDS, index, depth);
}

enum kauri_error kauri_tcb_configure(kauri_cptr_t tcb, kauri_cptr_t fault_ep, kauri_cptr_t cspace,
				     kauri_cptr_t vspace, kauri_word_t ipc_buffer, kauri_cptr_t ipc_buffer_frame)
{
	kauri_set_mr(0, fault_ep);
	kauri_set_mr(1, 0);
	kauri_set_mr(2, ipc_buffer);
	kauri_set_cap(0, cspace);
	kauri_set_cap(1, vspace);
	kauri_set_cap(2, ipc_buffer_frame);
	return invoke(tcb, KAURI_TCB_CONFIGURE, 3, 3);
}

enum kauri_error kauri_tcb_set_priority(kauri_cptr_t tcb, kauri_cptr_t authority, unsigned int priority)
{
	kauri_set_mr(0, priority);
	kauri_set_cap(0, authority);
	return invoke(tcb, KAURI_TCB_SET_PRIORITY, 1, 1);
}

enum kauri_error kauri_tcb_set_mc_priority(kauri_cptr_t tcb, kauri_cptr_t authority, unsigned int mcp)
{
	kauri_set_mr(0, mcp);
	kauri_set_cap(0, authority);
	return invoke(tcb, KAURI_TCB_SET_MC_PRIORITY, 1, 1);
}

enum kauri_error kauri_tcb_resume(kauri_cptr_t tcb)
{
	return invoke(tcb, KAURI_TCB_RESUME, 0, 0);
}

enum kauri_error kauri_tcb_suspend(kauri_cptr_t tcb)
{
	return invoke(tcb, KAURI_TCB_SUSPEND, 0, 0);
}

enum kauri_error kauri_tcb_read_registers(kauri_cptr_t tcb, int suspend, unsigned int count, kauri_word_t *regs)
{
	enum kauri_error err;

	kauri_set_mr(0, suspend != 0);
	kauri_set_mr(1, count);
	err = invoke(tcb, KAURI_TCB_READ_REGISTERS, 2, 0);
	if (err == KAURI_OK)
		for (unsigned int i = 0; i < count; i++)
			regs[i] = kauri_get_mr(i);
	return err;
}

enum kauri_error kauri_tcb_write_registers(kauri_cptr_t tcb, int resume, unsigned int count,
					   const kauri_word_t *regs)
{
	kauri_set_mr(0, resume != 0);
	kauri_set_mr(1, count);
	for (unsigned int i = 0; i < count && i + 2 < KAURI_MSG_MAX_LENGTH; i++)
		kauri_set_mr(2 + i, regs[i]);
	return invoke(tcb, KAURI_TCB_WRITE_REGISTERS, 2 + count, 0);
}

enum kauri_error kauri_tcb_bind_notification(kauri_cptr_t tcb, kauri_cptr_t ntfn)
{
	kauri_set_cap(0, ntfn);
	return invoke(tcb, KAURI_TCB_BIND_NOTIFICATION, 0, 1);
}

enum kauri_error kauri_tcb_unbind_notification(kauri_cptr_t tcb)
{
	return invoke(tcb, KAURI_TCB_UNBIND_NOTIFICATION, 0, 0);
}

enum kauri_error kauri_frame_map(kauri_cptr_t frame, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights)
{
	kauri_set_mr(0, vaddr);
	kauri_set_mr(1, rights);
	kauri_set_cap(0, vspace);
	return invoke(frame, KAURI_FRAME_MAP, 2, 1);
}

enum kauri_error kauri_frame_unmap(kauri_cptr_t frame)
{
	return invoke(frame, KAURI_FRAME_UNMAP, 0, 0);
}

enum kauri_error kauri_frame_get_address(kauri_cptr_t frame, kauri_word_t *paddr)
{
	enum kauri_error err = invoke(frame, KAURI_FRAME_GET_ADDRESS, 0, 0);

	if (err == KAURI_OK)
		*paddr = kauri_get_mr(0);
	return err;
}

enum kauri_error kauri_page_table_map(kauri_cptr_t table, kauri_cptr_t vspace, kauri_word_t vaddr)
{
	kauri_set_mr(0, vaddr);
	kauri_set_cap(0, vspace);
	return invoke(table, KAURI_PAGE_TABLE_MAP, 1, 1);
}

enum kauri_error kauri_page_table_unmap(kauri_cptr_t table)
{
	return invoke(table, KAURI_PAGE_TABLE_UNMAP, 0, 0);
}

enum kauri_error kauri_irq_control_get(kauri_cptr_t control, unsigned int intid, kauri_cptr_t root,
				       kauri_word_t index, unsigned int depth)
{
	kauri_set_mr(0, intid);
	kauri_set_mr(1, index);
	kauri_set_mr(2, depth);
	kauri_set_cap(0, root);
	return invoke(control, KAURI_IRQ_CONTROL_GET, 3, 1);
}

enum kauri_error kauri_irq_ack(kauri_cptr_t handler)
{
	return invoke(handler, KAURI_IRQ_ACK, 0, 0);
}

enum kauri_error kauri_irq_set_notification(kauri_cptr_t handler, kauri_cptr_t ntfn)
{
	kauri_set_cap(0, ntfn);
	return invoke(handler, KAURI_IRQ_SET_NOTIFICATION, 0, 1);
}

enum kauri_error kauri_irq_clear(kauri_cptr_t handler)
{
	return invoke(handler, KAURI_IRQ_CLEAR, 0, 0);
}

enum kauri_error kauri_asid_control_make_pool(kauri_cptr_t control, kauri_cptr_t untyped, kauri_cptr_t root,
					      kauri_word_t index, unsigned int depth)
{
	kauri_set_mr(0, index);
	kauri_set_mr(1, depth);
	kauri_set_cap(0, root);
	kauri_set_cap(1, untyped);
	return invoke(control, KAURI_ASID_CONTROL_MAKE_POOL, 2, 2);
}

enum kauri_error kauri_asid_pool_assign(kauri_cptr_t pool, kauri_cptr_t vspace)
{
	kauri_set_cap(0, vspace);
	return invoke(pool, KAURI_ASID_POOL_ASSIGN, 0, 1);
}

enum kauri_error kauri_asid_pool_assign_guest(kauri_cptr_t pool, kauri_cptr_t vspace)
{
	kauri_set_mr(0, KAURI_ASID_GUEST);
	kauri_set_cap(0, vspace);
	return invoke(pool, KAURI_ASID_POOL_ASSIGN, 1, 1);
}

/* Text goes as libkauri's protocols send it (kauri_set_mr_text): MR0 the length, the bytes from MR1. */
static enum kauri_error invoke_text(kauri_cptr_t object, enum kauri_invocation_label label, const char *text,
				    size_t len)
{
	kauri_set_mr(0, len);
	return invoke(object, label, 1 + kauri_set_mr_text(1, text, len), 0);
}

enum kauri_error kauri_tcb_set_name(kauri_cptr_t tcb, const char *name)
{
	return invoke_text(tcb, KAURI_TCB_SET_NAME, name, strnlen(name, KAURI_THREAD_NAME_MAX));
}

enum kauri_error kauri_machine_write(kauri_cptr_t machine, const char *text, size_t len)
{
	return invoke_text(machine, KAURI_MACHINE_WRITE, text, len);
}

enum kauri_error kauri_machine_check_invariants(kauri_cptr_t machine, kauri_word_t mode)
{
	kauri_set_mr(0, mode);
	return invoke(machine, KAURI_MACHINE_CHECK_INVARIANTS, 1, 0);
}

enum kauri_error kauri_machine_reset(kauri_cptr_t machine)
{
	return invoke(machine, KAURI_MACHINE_RESET, 0, 0);
}

enum kauri_error kauri_machine_watchdog(kauri_cptr_t machine, kauri_word_t timeout_ms)
{
	kauri_set_mr(0, timeout_ms);
	return invoke(machine, KAURI_MACHINE_WATCHDOG, 1, 0);
}

enum kauri_error kauri_vcpu_set_tcb(kauri_cptr_t vcpu, kauri_cptr_t tcb)
{
	kauri_set_cap(0, tcb);
	return invoke(vcpu, KAURI_VCPU_SET_TCB, 0, 1);
}

enum kauri_error kauri_vcpu_unbind_tcb(kauri_cptr_t vcpu)
{
	return invoke(vcpu, KAURI_VCPU_UNBIND_TCB, 0, 0);
}

enum kauri_error kauri_vcpu_read_register(kauri_cptr_t vcpu, enum kauri_vcpu_reg reg, kauri_word_t *value)
{
	enum kauri_error err;

	kauri_set_mr(0, reg);
	err = invoke(vcpu, KAURI_VCPU_READ_REGISTER, 1, 0);
	if (err == KAURI_OK)
		*value = kauri_get_mr(0);
	return err;
}

enum kauri_error kauri_vcpu_write_register(kauri_cptr_t vcpu, enum kauri_vcpu_reg reg, kauri_word_t value)
{
	kauri_set_mr(0, reg);
	kauri_set_mr(1, value);
	return invoke(vcpu, KAURI_VCPU_WRITE_REGISTER, 2, 0);
}

enum kauri_error kauri_vcpu_inject_irq(kauri_cptr_t vcpu, kauri_word_t virq, kauri_word_t priority,
				       kauri_word_t group, kauri_word_t lr, kauri_word_t flags)
{
	kauri_set_mr(0, virq);
	kauri_set_mr(1, priority);
	kauri_set_mr(2, group);
	kauri_set_mr(3, lr);
	kauri_set_mr(4, flags);
	return invoke(vcpu, KAURI_VCPU_INJECT_IRQ, 5, 0);
}

enum kauri_error kauri_vcpu_ack_vppi(kauri_cptr_t vcpu, kauri_word_t ppi)
{
	kauri_set_mr(0, ppi);
	return invoke(vcpu, KAURI_VCPU_ACK_VPPI, 1, 0);
}

enum kauri_error kauri_vcpu_set_wfx(kauri_cptr_t vcpu, kauri_word_t wfi_mode, kauri_word_t wfe_mode)
{
	kauri_set_mr(0, wfi_mode);
	kauri_set_mr(1, wfe_mode);
	return invoke(vcpu, KAURI_VCPU_SET_WFX, 2, 0);
}
