/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: the trace reader. */
#include <format/trace_reader.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace_reader r;
	struct trace_record rec;
	int ret;

	if (trace_open(&r, data, size) != 0)
		return 0;
	while ((ret = trace_next(&r, &rec)) == 1)
		if (rec.cpu >= r.header.cpu_count || rec.type == 0 || rec.type > TRACE_EVENT_MAX)
			__builtin_trap();
	if (ret == 0 && r.pos != size)
		__builtin_trap();
	return 0;
}
