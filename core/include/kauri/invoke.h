/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri: invoking kernel objects (labels and message layouts in
 * kauri/invocation.h). Each returns the reply's label: KAURI_OK or an
 * enum kauri_error, whose detail is then in MR0/MR1 (kauri_get_mr()).
 */
#ifndef KAURI_INVOKE_H
#define KAURI_INVOKE_H

#include <stddef.h>
#include <uapi/kauri/errors.h>
#include <uapi/kauri/invocation.h>
#include <uapi/kauri/types.h>

enum kauri_error kauri_untyped_retype(kauri_cptr_t untyped, enum kauri_object_type type, unsigned int size_bits,
				      kauri_cptr_t root, kauri_word_t node_index, unsigned int node_depth,
				      kauri_word_t offset, kauri_word_t count);

enum kauri_error kauri_cnode_copy(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, unsigned int rights);
enum kauri_error kauri_cnode_mint(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, unsigned int rights,
				  kauri_word_t badge);
enum kauri_error kauri_cnode_move(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				  kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth);
enum kauri_error kauri_cnode_mutate(kauri_cptr_t root, kauri_word_t dest, unsigned int dest_depth,
				    kauri_cptr_t src_root, kauri_word_t src, unsigned int src_depth, kauri_word_t data);
enum kauri_error kauri_cnode_delete(kauri_cptr_t root, kauri_word_t index, unsigned int depth);
enum kauri_error kauri_cnode_revoke(kauri_cptr_t root, kauri_word_t index, unsigned int depth);
enum kauri_error kauri_cnode_cancel_badged_sends(kauri_cptr_t root, kauri_word_t index, unsigned int depth);

enum kauri_error kauri_tcb_configure(kauri_cptr_t tcb, kauri_cptr_t fault_ep, kauri_cptr_t cspace,
				     kauri_cptr_t vspace, kauri_word_t ipc_buffer, kauri_cptr_t ipc_buffer_frame);
enum kauri_error kauri_tcb_set_priority(kauri_cptr_t tcb, kauri_cptr_t authority, unsigned int priority);
enum kauri_error kauri_tcb_set_mc_priority(kauri_cptr_t tcb, kauri_cptr_t authority, unsigned int mcp);
enum kauri_error kauri_tcb_resume(kauri_cptr_t tcb);
enum kauri_error kauri_tcb_suspend(kauri_cptr_t tcb);
/* Registers: pc, sp, spsr, x0..x30, tpidr_el0 (KAURI_TCB_REG_*), COUNT of them from the first. */
enum kauri_error kauri_tcb_read_registers(kauri_cptr_t tcb, int suspend, unsigned int count, kauri_word_t *regs);
enum kauri_error kauri_tcb_write_registers(kauri_cptr_t tcb, int resume, unsigned int count,
					   const kauri_word_t *regs);
enum kauri_error kauri_tcb_bind_notification(kauri_cptr_t tcb, kauri_cptr_t ntfn);
enum kauri_error kauri_tcb_unbind_notification(kauri_cptr_t tcb);

/* RIGHTS: KAURI_VM_* (kauri/invocation.h), write never with execute. */
enum kauri_error kauri_frame_map(kauri_cptr_t frame, kauri_cptr_t vspace, kauri_word_t vaddr, unsigned int rights);
enum kauri_error kauri_frame_unmap(kauri_cptr_t frame);
enum kauri_error kauri_frame_get_address(kauri_cptr_t frame, kauri_word_t *paddr);
enum kauri_error kauri_page_table_map(kauri_cptr_t table, kauri_cptr_t vspace, kauri_word_t vaddr);
enum kauri_error kauri_page_table_unmap(kauri_cptr_t table);

/* A new pool of 64 ASIDs in a slot of ROOT, from a 4 KiB UNTYPED (which it uses up). */
enum kauri_error kauri_asid_control_make_pool(kauri_cptr_t control, kauri_cptr_t untyped, kauri_cptr_t root,
					      kauri_word_t index, unsigned int depth);
/* Gives VSPACE (retyped without one) an ASID from POOL; needed before it is used. */
enum kauri_error kauri_asid_pool_assign(kauri_cptr_t pool, kauri_cptr_t vspace);
/* The same for a guest's VSpace (KAURI_ASID_GUEST, CONFIG_HYP): writable and executable memory, VCPU threads only. */
enum kauri_error kauri_asid_pool_assign_guest(kauri_cptr_t pool, kauri_cptr_t vspace);

enum kauri_error kauri_irq_control_get(kauri_cptr_t control, unsigned int intid, kauri_cptr_t root,
				       kauri_word_t index, unsigned int depth);
enum kauri_error kauri_irq_ack(kauri_cptr_t handler);
enum kauri_error kauri_irq_set_notification(kauri_cptr_t handler, kauri_cptr_t ntfn);
enum kauri_error kauri_irq_clear(kauri_cptr_t handler);

/* TCB.SetName: NAME (cut to KAURI_THREAD_NAME_MAX bytes) in the kernel's messages about the thread. */
enum kauri_error kauri_tcb_set_name(kauri_cptr_t tcb, const char *name);

/* Machine.Write: LEN (<= KAURI_MACHINE_WRITE_MAX) bytes on the kernel console, in one piece. */
enum kauri_error kauri_machine_write(kauri_cptr_t machine, const char *text, size_t len);
/* Machine.CheckInvariants: KAURI_INVARIANTS_NOW, _EVERY_CALL or _OFF (CONFIG_KERNEL_INVARIANTS). */
enum kauri_error kauri_machine_check_invariants(kauri_cptr_t machine, kauri_word_t mode);
/* PSCI SYSTEM_RESET: returns only with the kernel's refusal (no PSCI it can call). */
enum kauri_error kauri_machine_reset(kauri_cptr_t machine);
enum kauri_error kauri_machine_watchdog(kauri_cptr_t machine, kauri_word_t timeout_ms);

/* VCPU (kernel at EL2): bind a TCB, which then runs as a guest; its EL1 registers by number. */
enum kauri_error kauri_vcpu_set_tcb(kauri_cptr_t vcpu, kauri_cptr_t tcb);
enum kauri_error kauri_vcpu_unbind_tcb(kauri_cptr_t vcpu);
enum kauri_error kauri_vcpu_read_register(kauri_cptr_t vcpu, enum kauri_vcpu_reg reg, kauri_word_t *value);
enum kauri_error kauri_vcpu_write_register(kauri_cptr_t vcpu, enum kauri_vcpu_reg reg, kauri_word_t value);
/* A virtual interrupt into list register LR (or KAURI_VCPU_LR_ANY); FLAGS KAURI_VCPU_IRQ_*. */
enum kauri_error kauri_vcpu_inject_irq(kauri_cptr_t vcpu, kauri_word_t virq, kauri_word_t priority,
				       kauri_word_t group, kauri_word_t lr, kauri_word_t flags);
/* Unmasks PPI (KAURI_VCPU_VTIMER_PPI) after a KAURI_FAULT_VCPU_VPPI exit. */
enum kauri_error kauri_vcpu_ack_vppi(kauri_cptr_t vcpu, kauri_word_t ppi);
/* What the guest's WFI and WFE do: KAURI_VCPU_WFX_EXIT (a fresh VCPU's), _YIELD or _WAIT each. */
enum kauri_error kauri_vcpu_set_wfx(kauri_cptr_t vcpu, kauri_word_t wfi_mode, kauri_word_t wfe_mode);

#endif
