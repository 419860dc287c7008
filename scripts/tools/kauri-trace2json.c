/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-trace2json: convert the kernel's binary trace (kauri/trace.h) into the Chrome / Perfetto
 * JSON trace event format ("traceEvents" with ph B/E/i/X, ts in microseconds, pid = app). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/error.h>
#include <format/trace_reader.h>

#include "tool_util.h"

#define KERNEL_PID 0

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-trace2json TRACE.bin -o OUT.json [--force]\n"
		"       kauri-trace2json --generate N -o TRACE.bin [--force]\n"
		"\n"
		"Converts a kernel trace into Chrome/Perfetto JSON (open it in ui.perfetto.dev or\n"
		"chrome://tracing): threads' running slices from context switches (ph X), syscalls\n"
		"and IRQs as B/E pairs, IPC send/recv and faults as instant events (ph i); pid is\n"
		"the app id (0 = kernel), tid the thread id, ts in microseconds.\n"
		"--generate writes a synthetic N-round trace for testing the pipeline.\n"
		"A truncated or corrupt trace is an error naming the byte offset; nothing is written.\n"
		"Exit status: 0 success, 1 failure.\n");
}

struct cpu_slice {
	int running;
	uint32_t tid, app;
	uint64_t start;
};

struct converter {
	FILE *out;
	uint64_t hz;
	int n;
	uint8_t seen_app[256]; /* process_name metadata emitted for apps < 256 */
};

static void ts(struct converter *c, uint64_t ticks)
{
	/* Split so ticks * 1e6 cannot overflow. */
	uint64_t whole = ticks / c->hz, rest = ticks % c->hz;

	fprintf(c->out, "%.3f", (double)whole * 1e6 + (double)rest * 1e6 / (double)c->hz);
}

static void begin_event(struct converter *c, const char *name, const char *ph, uint32_t pid,
			uint32_t tid, uint64_t ticks)
{
	if (pid < 256 && !c->seen_app[pid]) {
		c->seen_app[pid] = 1;
		if (pid == KERNEL_PID)
			fprintf(c->out, "%s\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":0,"
				"\"args\":{\"name\":\"kernel\"}}", c->n++ ? "," : "");
		else
			fprintf(c->out, "%s\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%u,"
				"\"args\":{\"name\":\"app %u\"}}", c->n++ ? "," : "", pid, pid);
	}
	fprintf(c->out, "%s\n{\"name\":\"%s\",\"ph\":\"%s\",\"pid\":%u,\"tid\":%u,\"ts\":",
		c->n++ ? "," : "", name, ph, pid, tid);
	ts(c, ticks);
}

static void close_slice(struct converter *c, struct cpu_slice *s, uint8_t cpu, uint64_t now)
{
	if (!s->running)
		return;
	begin_event(c, "running", "X", s->app, s->tid, s->start);
	fprintf(c->out, ",\"dur\":");
	ts(c, now - s->start);
	fprintf(c->out, ",\"args\":{\"cpu\":%u}}", cpu);
	s->running = 0;
}

static int convert(const char *in_path, const uint8_t *buf, size_t len, const char *out_path,
		   unsigned flags)
{
	struct cpu_slice slices[TRACE_MAX_CPUS];
	struct trace_reader r;
	struct trace_record rec;
	struct converter c;
	char *json = NULL, name[48];
	size_t json_len = 0;
	uint64_t last = 0;
	int ret, i;

	ret = trace_open(&r, buf, len);
	if (ret) {
		tool_error("%s: offset %zu: not a Kauri trace: %s", in_path, r.error_offset,
			   kauri_format_strerror(ret));
		return 1;
	}
	memset(&c, 0, sizeof(c));
	memset(slices, 0, sizeof(slices));
	c.hz = r.header.timer_hz;
	c.out = open_memstream(&json, &json_len);
	if (!c.out) {
		tool_error("out of memory");
		return 1;
	}
	fprintf(c.out, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"timer_hz\":%llu,"
		"\"dropped_records\":%llu},\"traceEvents\":[",
		(unsigned long long)c.hz, (unsigned long long)r.header.dropped);
	while ((ret = trace_next(&r, &rec)) == 1) {
		if (rec.timestamp > last)
			last = rec.timestamp;
		switch (rec.type) {
		case TRACE_CTX_SWITCH:
			close_slice(&c, &slices[rec.cpu], rec.cpu, rec.timestamp);
			slices[rec.cpu] = (struct cpu_slice){ 1, (uint32_t)rec.args[0],
							      (uint32_t)rec.args[1], rec.timestamp };
			break;
		case TRACE_SYSCALL_ENTRY:
		case TRACE_SYSCALL_EXIT:
			snprintf(name, sizeof(name), "syscall %llu", (unsigned long long)rec.args[0]);
			begin_event(&c, name, rec.type == TRACE_SYSCALL_ENTRY ? "B" : "E", rec.app,
				    rec.tid, rec.timestamp);
			if (rec.type == TRACE_SYSCALL_ENTRY)
				fprintf(c.out, ",\"args\":{\"cap\":%llu}}",
					(unsigned long long)rec.args[1]);
			else
				fprintf(c.out, ",\"args\":{\"result\":%lld}}", (long long)rec.args[1]);
			break;
		case TRACE_IRQ_ENTRY:
		case TRACE_IRQ_EXIT:
			snprintf(name, sizeof(name), "irq %llu", (unsigned long long)rec.args[0]);
			/* IRQs run in the kernel, one track per CPU. */
			begin_event(&c, name, rec.type == TRACE_IRQ_ENTRY ? "B" : "E", KERNEL_PID,
				    rec.cpu, rec.timestamp);
			fprintf(c.out, "}");
			break;
		case TRACE_IPC_SEND:
		case TRACE_IPC_RECV:
			begin_event(&c, trace_event_name(rec.type), "i",
				    rec.app, rec.tid, rec.timestamp);
			fprintf(c.out, ",\"s\":\"t\",\"args\":{\"endpoint\":%llu,\"badge\":%llu,"
				"\"words\":%llu}}", (unsigned long long)rec.args[0],
				(unsigned long long)rec.args[1], (unsigned long long)rec.args[2]);
			break;
		case TRACE_FAULT:
			begin_event(&c, "fault", "i", rec.app, rec.tid, rec.timestamp);
			fprintf(c.out, ",\"s\":\"t\",\"args\":{\"type\":%llu,\"address\":\"0x%llx\","
				"\"pc\":\"0x%llx\"}}", (unsigned long long)rec.args[0],
				(unsigned long long)rec.args[1], (unsigned long long)rec.args[2]);
			break;
		}
	}
	if (ret < 0) {
		fclose(c.out);
		free(json);
		tool_error("%s: offset %zu: %s: %s", in_path, r.error_offset,
			   ret == -KFMT_ETRUNC ? "trace ends inside a record" : "corrupt record",
			   kauri_format_strerror(ret));
		return 1;
	}
	for (i = 0; i < TRACE_MAX_CPUS; i++)
		close_slice(&c, &slices[i], (uint8_t)i, last);
	fprintf(c.out, "\n]}\n");
	if (fclose(c.out) != 0) {
		free(json);
		tool_error("out of memory");
		return 1;
	}
	ret = tool_write_file(out_path, json, json_len, 0644, flags);
	free(json);
	if (ret)
		return 1;
	if (r.header.dropped)
		fprintf(stderr, "%s: warning: the trace lost %llu records (buffer full)\n", in_path,
			(unsigned long long)r.header.dropped);
	return 0;
}

/* A synthetic trace: two CPUs, three apps doing syscalls, IPC, an IRQ and a fault. */
static int generate(unsigned long rounds, const char *out_path, unsigned flags)
{
	struct trace_header h = { TRACE_VERSION, TRACE_RECORD_SIZE, 62500000, 2, 0 };
	size_t nrec = rounds * 12, len = TRACE_HEADER_SIZE + nrec * TRACE_RECORD_SIZE, k = 0;
	uint8_t *buf = malloc(len);	/* malloc's alignment suits the encoders */
	uint64_t t = 1000;
	unsigned long i;
	int ret;

	if (!buf || rounds == 0 || rounds > 1000000) {
		free(buf);
		tool_error("--generate: rounds must be 1..1000000");
		return 1;
	}
	trace_encode_header(buf, &h);
#define REC(TYPE, CPU, TID, APP, A0, A1, A2)                                                    \
	do {                                                                                    \
		struct trace_record r_ = { t, TYPE, CPU, TID, APP, { A0, A1, A2 } };            \
		trace_encode_record(buf + TRACE_HEADER_SIZE + k++ * TRACE_RECORD_SIZE, &r_);    \
		t += 625; /* 10 us at 62.5 MHz */                                               \
	} while (0)
	for (i = 0; i < rounds; i++) {
		REC(TRACE_CTX_SWITCH, 0, 10, 1, 20, 2, 0);
		REC(TRACE_SYSCALL_ENTRY, 0, 20, 2, 3, 5, 0);
		REC(TRACE_IPC_SEND, 0, 20, 2, 5, 42, 4);
		REC(TRACE_SYSCALL_EXIT, 0, 20, 2, 3, 0, 0);
		REC(TRACE_CTX_SWITCH, 1, 0, 0, 30, 3, 0);
		REC(TRACE_IPC_RECV, 1, 30, 3, 5, 42, 4);
		REC(TRACE_IRQ_ENTRY, 1, 30, 3, 33, 0, 0);
		REC(TRACE_IRQ_EXIT, 1, 30, 3, 33, 0, 0);
		REC(TRACE_SYSCALL_ENTRY, 1, 30, 3, 4, 7, 0);
		REC(TRACE_SYSCALL_EXIT, 1, 30, 3, 4, 0, 0);
		REC(TRACE_FAULT, 0, 20, 2, 1, 0x1000, 0x400000);
		REC(TRACE_CTX_SWITCH, 0, 20, 2, 10, 1, 0);
	}
#undef REC
	ret = tool_write_file(out_path, buf, len, 0644, flags);
	free(buf);
	return ret ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *in = NULL, *out = NULL;
	unsigned long rounds = 0;
	unsigned flags = 0;
	uint8_t *buf;
	size_t len;
	char *end;
	int i, ret;

	tool_set_name("kauri-trace2json");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (tool_output_option(argc, argv, &i, &out, &flags)) {
			continue;
		} else if (strcmp(argv[i], "--generate") == 0 && i + 1 < argc) {
			rounds = strtoul(argv[++i], &end, 0);
			if (*end) {
				tool_error("--generate %s: expected a number", argv[i]);
				return 1;
			}
		} else if (argv[i][0] == '-' || in) {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		} else {
			in = argv[i];
		}
	}
	if (!out || (!in && !rounds) || (in && rounds)) {
		if (argc < 2)
			usage(stderr);
		else
			tool_error("need TRACE.bin -o OUT.json, or --generate N -o TRACE.bin");
		return 1;
	}
	if (rounds)
		return generate(rounds, out, flags);
	if (tool_read_file(in, &buf, &len))
		return 1;
	ret = convert(in, buf, len, out, flags);
	free(buf);
	return ret;
}
