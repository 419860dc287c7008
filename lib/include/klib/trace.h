/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Writing the trace format of <uapi/kauri/trace.h>: the record encoders, and the trace buffer
 * the kernel appends to (a file image in memory: header, then records) and hands out whole.
 * One writer for the kernel and the host (kauri-trace2json --generate); the reader is
 * <format/trace_reader.h>. Pure logic, tested on the host (tests/unit/kernel).
 */
#ifndef KLIB_TRACE_H
#define KLIB_TRACE_H

#include <stddef.h>
#include <stdint.h>
#include <uapi/kauri/trace.h>

/* A header's and a record's values, as the encoders take them and the reader gives them. */
struct trace_header {
	uint16_t version;
	uint16_t record_size;
	uint64_t timer_hz;
	uint32_t cpu_count;
	uint64_t dropped;
};

struct trace_record {
	uint64_t timestamp;
	uint16_t type;
	uint8_t cpu;
	uint32_t tid;
	uint32_t app;
	uint64_t args[3];
};

/* Write a header (its version and record size are this format's) or a record at OUT, 8-byte aligned. */
void trace_encode_header(void *out, const struct trace_header *h);
void trace_encode_record(void *out, const struct trace_record *rec);

const char *trace_event_name(uint16_t type);

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
