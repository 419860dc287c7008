/* SPDX-License-Identifier: BSD-2-Clause */
/* Message registers: the first four in x2-x5, the rest in the thread's IPC buffer. */
#include <stddef.h>
#include <arch/memory.h>
#include <uapi/kauri/syscall.h>
#include <uapi/kauri/types.h>
#include <kernel/invocation.h>

struct syscall_error current_error;

enum kauri_error fail(enum kauri_error type, uint64_t detail0, uint64_t detail1)
{
	current_error.type = type;
	current_error.detail[0] = detail0;
	current_error.detail[1] = detail1;
	return type;
}

uint64_t get_mr(struct tcb *thread, unsigned int i)
{
	struct kauri_ipc_buffer *buffer;

	if (i < KAURI_MSG_REGISTERS_IN_CPU)
		return thread->context.x[KAURI_FIRST_MR_REGISTER + i];
	buffer = ipc_buffer_of(thread);
	return buffer && i < KAURI_MSG_MAX_LENGTH ? buffer->msg[i] : 0;
}

void set_mr(struct tcb *thread, unsigned int i, uint64_t value)
{
	struct kauri_ipc_buffer *buffer;

	if (i < KAURI_MSG_REGISTERS_IN_CPU) {
		thread->context.x[KAURI_FIRST_MR_REGISTER + i] = value;
		return;
	}
	buffer = ipc_buffer_of(thread);
	if (buffer && i < KAURI_MSG_MAX_LENGTH)
		buffer->msg[i] = value;
}

uint8_t mr_text_byte(struct tcb *thread, unsigned int first, uint64_t i)
{
	return (uint8_t)(get_mr(thread, first + (unsigned int)(i / 8)) >> (8 * (i % 8)));
}
