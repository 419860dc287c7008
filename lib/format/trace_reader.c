/* SPDX-License-Identifier: BSD-2-Clause */
/* Reading the kernel trace format of <uapi/kauri/trace.h>; the writer is lib/format/trace_writer.c. */
#include <format/byteorder.h>
#include <format/error.h>
#include <format/trace_reader.h>
#include <string.h>

int trace_open(struct trace_reader *r, const uint8_t *buf, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->buf = buf;
	r->len = len;
	if (len < TRACE_HEADER_SIZE)
		return r->error_offset = 0, -KFMT_ETRUNC;
	if (memcmp(buf, TRACE_MAGIC, 4) != 0)
		return r->error_offset = 0, -KFMT_EFORMAT;
	r->header.version = get_le16(buf + 4);
	r->header.record_size = get_le16(buf + 6);
	r->header.timer_hz = get_le64(buf + 8);
	r->header.cpu_count = get_le32(buf + 16);
	r->header.dropped = get_le64(buf + 24);
	if (r->header.version != TRACE_VERSION)
		return r->error_offset = 4, -KFMT_EUNSUPPORTED;
	if (r->header.record_size != TRACE_RECORD_SIZE)
		return r->error_offset = 6, -KFMT_EFORMAT;
	if (r->header.timer_hz == 0)
		return r->error_offset = 8, -KFMT_EFORMAT;
	if (r->header.cpu_count == 0 || r->header.cpu_count > TRACE_MAX_CPUS)
		return r->error_offset = 16, -KFMT_EFORMAT;
	if (get_le32(buf + 20) != 0)
		return r->error_offset = 20, -KFMT_EFORMAT;
	r->pos = TRACE_HEADER_SIZE;
	return 0;
}

int trace_next(struct trace_reader *r, struct trace_record *rec)
{
	const uint8_t *p;
	int i;

	if (r->pos == r->len)
		return 0;
	if (r->len - r->pos < TRACE_RECORD_SIZE)
		return r->error_offset = r->pos, -KFMT_ETRUNC;
	p = r->buf + r->pos;
	rec->timestamp = get_le64(p);
	rec->type = get_le16(p + 8);
	rec->cpu = p[10];
	rec->tid = get_le32(p + 12);
	rec->app = get_le32(p + 16);
	for (i = 0; i < 3; i++)
		rec->args[i] = get_le64(p + 24 + 8 * i);
	if (rec->type == 0 || rec->type > TRACE_EVENT_MAX)
		return r->error_offset = r->pos + 8, -KFMT_EFORMAT;
	if (rec->cpu >= r->header.cpu_count)
		return r->error_offset = r->pos + 10, -KFMT_EFORMAT;
	if (p[11] != 0 || get_le32(p + 20) != 0)
		return r->error_offset = r->pos + 11, -KFMT_EFORMAT;
	r->pos += TRACE_RECORD_SIZE;
	return 1;
}
