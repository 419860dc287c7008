/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Object invocations. A Call (or Send) on a capability that is not an
 * endpoint or notification invokes the object: decode_<object>_<method>()
 * checks the message and capabilities and changes nothing; its last step
 * calls invoke_<object>_<method>(), which performs the operation and cannot
 * fail (scripts/check-decode-invoke.sh holds every object file to that).
 * Errors are an enum kauri_error plus a detail record, turned into the reply
 * in exactly one place (syscall.c).
 */
#ifndef KERNEL_INVOCATION_H
#define KERNEL_INVOCATION_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/errors.h>
#include <uapi/kauri/types.h>
#include <arch/memory.h>
#include <kernel/cap.h>
#include <kernel/cte.h>
#include <kernel/thread.h>

struct invocation {
	struct tcb *thread;		/* the invoker */
	struct cte *slot;		/* the invoked capability's slot */
	struct cap cap;
	uint64_t label;
	unsigned int length;		/* message registers sent */
	unsigned int extra_count;	/* extra capabilities found */
	struct cte *extra_slots[KAURI_MSG_MAX_EXTRA_CAPS];
	unsigned int reply_length;	/* message registers of the success reply */
	bool restart;			/* stopped for an interrupt: no reply, the system call runs again */
};

/* Detail of the error being returned (enum kauri_error and up to two words). */
struct syscall_error {
	enum kauri_error type;
	uint64_t detail[2];
};

extern struct syscall_error current_error;

/* Sets current_error and returns its type, for `return fail(...)`. */
enum kauri_error fail(enum kauri_error type, uint64_t detail0, uint64_t detail1);

/* Message register I of THREAD (0-3 in registers, the rest in its IPC buffer; 0 if it has none). */
uint64_t get_mr(struct tcb *thread, unsigned int i);
void set_mr(struct tcb *thread, unsigned int i, uint64_t value);
/* Byte I of text packed into message registers from FIRST on (libkauri's kauri_set_mr_text). */
uint8_t mr_text_byte(struct tcb *thread, unsigned int first, uint64_t i);
/* THREAD's IPC buffer in the kernel's view, or NULL (inline: every long message asks, twice). */
static inline struct kauri_ipc_buffer *ipc_buffer_of(const struct tcb *thread)
{
	struct cap frame = thread->slots[TCB_SLOT_IPC_BUFFER].cap;
	uint64_t offset;

	if (cap_type(frame) != CAP_FRAME || !thread->ipc_buffer)
		return NULL;
	/* TCB.Configure checked that the buffer fits inside the frame. */
	offset = thread->ipc_buffer & ((cap_frame_large(frame) ? 1UL << KAURI_FRAME_2M_SIZE_BITS :
					 1UL << KAURI_FRAME_4K_SIZE_BITS) - 1);
	return phys_to_virt(cap_object_pa(frame) + offset);
}

/* Dispatches to the invoked object type's decoder (kernel/object/types.c). */
enum kauri_error decode_invocation(struct invocation *inv);

#endif
