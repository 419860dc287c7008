/* SPDX-License-Identifier: BSD-2-Clause */
/* The trace buffer (kernel/trace_buffer.h): records stored in place in the kauri/trace.h layout. */
#include <string.h>
#include <kernel/trace_buffer.h>

/*
 * The file layouts as C structs, so that a record is six stores: every field is naturally
 * aligned (no padding) and the CPU is little-endian, as the format is.
 */
struct trace_file_header {
	char magic[4];
	uint16_t version;
	uint16_t record_size;
	uint64_t timer_hz;
	uint32_t cpu_count;
	uint32_t flags;
	uint64_t dropped;
};

struct trace_file_record {
	uint64_t timestamp;
	uint16_t type;
	uint8_t cpu;
	uint8_t flags;
	uint32_t tid;
	uint32_t app;
	uint32_t reserved;
	uint64_t args[3];
};

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the trace format is little-endian");
_Static_assert(sizeof(struct trace_file_header) == TRACE_HEADER_SIZE, "trace header layout");
_Static_assert(sizeof(struct trace_file_record) == TRACE_RECORD_SIZE, "trace record layout");
_Static_assert(offsetof(struct trace_file_header, dropped) == 24, "trace header layout");
_Static_assert(offsetof(struct trace_file_record, args) == 24, "trace record layout");

int trace_buffer_init(struct trace_buffer *b, void *mem, size_t bytes, uint64_t timer_hz)
{
	struct trace_file_header *h = mem;

	memset(b, 0, sizeof(*b));
	if (!mem || bytes < TRACE_HEADER_SIZE + TRACE_RECORD_SIZE)
		return -1;
	memcpy(h->magic, TRACE_MAGIC, 4);
	h->version = TRACE_VERSION;
	h->record_size = TRACE_RECORD_SIZE;
	h->timer_hz = timer_hz;
	h->cpu_count = 1;
	h->flags = 0;
	h->dropped = 0;
	b->base = mem;
	b->capacity = (bytes - TRACE_HEADER_SIZE) / TRACE_RECORD_SIZE;
	return 0;
}

void trace_buffer_put(struct trace_buffer *b, uint64_t timestamp, enum trace_event type, uint32_t tid,
		      uint32_t app, uint64_t a0, uint64_t a1, uint64_t a2)
{
	struct trace_file_record *r;

	if (b->count == b->capacity) {
		b->dropped++;
		return;
	}
	if (timestamp < b->last_timestamp)
		timestamp = b->last_timestamp;
	b->last_timestamp = timestamp;
	r = (struct trace_file_record *)(b->base + TRACE_HEADER_SIZE) + b->count++;
	r->timestamp = timestamp;
	r->type = (uint16_t)type;
	r->cpu = 0;
	r->flags = 0;
	r->tid = tid;
	r->app = app;
	r->reserved = 0;
	r->args[0] = a0;
	r->args[1] = a1;
	r->args[2] = a2;
}

size_t trace_buffer_finish(struct trace_buffer *b)
{
	if (!b->base)
		return 0;
	((struct trace_file_header *)b->base)->dropped = b->dropped;
	return TRACE_HEADER_SIZE + b->count * TRACE_RECORD_SIZE;
}
