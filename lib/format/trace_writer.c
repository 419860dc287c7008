/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The one writer of the trace format (<klib/trace.h>): records are filled in place through the
 * layout structs of <uapi/kauri/trace.h>, so a record is a handful of aligned stores.
 */
#include <string.h>
#include <klib/trace.h>

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the trace format is little-endian");

void trace_encode_header(void *out, const struct trace_header *h)
{
	struct trace_file_header *f = out;

	memcpy(f->magic, TRACE_MAGIC, 4);
	f->version = TRACE_VERSION;
	f->record_size = TRACE_RECORD_SIZE;
	f->timer_hz = h->timer_hz;
	f->cpu_count = h->cpu_count;
	f->flags = 0;
	f->dropped = h->dropped;
}

void trace_encode_record(void *out, const struct trace_record *rec)
{
	struct trace_file_record *r = out;

	r->timestamp = rec->timestamp;
	r->type = rec->type;
	r->cpu = rec->cpu;
	r->flags = 0;
	r->tid = rec->tid;
	r->app = rec->app;
	r->reserved = 0;
	r->args[0] = rec->args[0];
	r->args[1] = rec->args[1];
	r->args[2] = rec->args[2];
}

const char *trace_event_name(uint16_t type)
{
	switch (type) {
	case TRACE_CTX_SWITCH: return "context switch";
	case TRACE_SYSCALL_ENTRY: return "syscall entry";
	case TRACE_SYSCALL_EXIT: return "syscall exit";
	case TRACE_IPC_SEND: return "ipc send";
	case TRACE_IPC_RECV: return "ipc recv";
	case TRACE_IRQ_ENTRY: return "irq entry";
	case TRACE_IRQ_EXIT: return "irq exit";
	case TRACE_FAULT: return "fault";
	default: return "unknown";
	}
}

int trace_buffer_init(struct trace_buffer *b, void *mem, size_t bytes, uint64_t timer_hz)
{
	const struct trace_header h = { .timer_hz = timer_hz, .cpu_count = 1 };

	memset(b, 0, sizeof(*b));
	if (!mem || bytes < TRACE_HEADER_SIZE + TRACE_RECORD_SIZE)
		return -1;
	trace_encode_header(mem, &h);
	b->base = mem;
	b->capacity = (bytes - TRACE_HEADER_SIZE) / TRACE_RECORD_SIZE;
	return 0;
}

void trace_buffer_put(struct trace_buffer *b, uint64_t timestamp, enum trace_event type, uint32_t tid,
		      uint32_t app, uint64_t a0, uint64_t a1, uint64_t a2)
{
	if (b->count == b->capacity) {
		b->dropped++;
		return;
	}
	if (timestamp < b->last_timestamp)
		timestamp = b->last_timestamp;
	b->last_timestamp = timestamp;
	trace_encode_record(b->base + TRACE_HEADER_SIZE + b->count++ * TRACE_RECORD_SIZE,
			    &(const struct trace_record){ timestamp, (uint16_t)type, 0, tid, app, { a0, a1, a2 } });
}

size_t trace_buffer_finish(struct trace_buffer *b)
{
	if (!b->base)
		return 0;
	((struct trace_file_header *)b->base)->dropped = b->dropped;
	return TRACE_HEADER_SIZE + b->count * TRACE_RECORD_SIZE;
}
