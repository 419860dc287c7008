/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The trace buffer: a kauri/trace.h file image in memory (header, then records) that the
 * kernel appends to and hands out whole. Pure logic, tested on the host (tests/unit/kernel).
 */
#ifndef KERNEL_TRACE_BUFFER_H
#define KERNEL_TRACE_BUFFER_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/kauri/trace.h>

struct trace_buffer {
	uint8_t *base;		/* TRACE_HEADER_SIZE bytes of header, then the records */
	size_t capacity;	/* records that fit */
	size_t count;		/* records written */
	uint64_t dropped;	/* records lost because the buffer was full */
	uint64_t last_timestamp;
};

/*
 * Lays out a trace in MEM (BYTES long, 8-byte aligned) for a counter of TIMER_HZ; 0, or -1
 * when not even the header and one record fit.
 */
int trace_buffer_init(struct trace_buffer *b, void *mem, size_t bytes, uint64_t timer_hz);

/*
 * Appends a record, or counts it dropped when the buffer is full (the first records are kept:
 * they show how the run started). A timestamp below the last one is raised to it, so the file
 * is in order even if the counter was read out of order (it may be, without an ISB).
 */
void trace_buffer_put(struct trace_buffer *b, uint64_t timestamp, enum trace_event type, uint32_t tid,
		      uint32_t app, uint64_t a0, uint64_t a1, uint64_t a2);

/* Brings the header's dropped count up to date; returns the file's length in bytes. */
size_t trace_buffer_finish(struct trace_buffer *b);

#endif
