/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading the kernel's trace (<uapi/kauri/trace.h>) strictly: what kauri-trace2json runs. */
#ifndef KAURI_TRACE_READER_H
#define KAURI_TRACE_READER_H

#include <stddef.h>
#include <stdint.h>
#include <klib/trace.h>

struct trace_reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	struct trace_header header;
	size_t error_offset;
};

/* Check the header. */
int trace_open(struct trace_reader *r, const uint8_t *buf, size_t len);

/*
 * Next record: 1 with *rec filled, 0 at the end, or negative: -KFMT_ETRUNC for a partial last
 * record, -KFMT_EFORMAT for an unknown type, a cpu out of range or reserved bits set
 * (r->error_offset says where).
 */
int trace_next(struct trace_reader *r, struct trace_record *rec);

#endif
