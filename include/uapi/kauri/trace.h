/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel's binary trace format, written on the device and read by kauri-trace2json.
 *
 * A trace is a header followed by fixed-size records, all little-endian:
 *
 *   header, TRACE_HEADER_SIZE (32) bytes
 *      0  magic "KTRC"               4 bytes
 *      4  version (1)                u16
 *      6  record_size (48)           u16
 *      8  timer_hz                   u64  frequency of the timestamp counter (CNTFRQ_EL0)
 *     16  cpu_count                  u32
 *     20  flags                      u32  zero
 *     24  dropped                    u64  records lost because the buffer was full
 *   record, TRACE_RECORD_SIZE (48) bytes
 *      0  timestamp                  u64  counter ticks (CNTVCT_EL0)
 *      8  type                       u16  enum trace_event
 *     10  cpu                        u8   < cpu_count
 *     11  flags                      u8   zero
 *     12  tid                        u32  thread (TCB) id
 *     16  app                        u32  app id (protection domain; 0 = kernel/root)
 *     20  reserved                   u32  zero
 *     24  args[3]                    u64 each, meaning per event type (below)
 */
#ifndef KAURI_TRACE_H
#define KAURI_TRACE_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_MAGIC "KTRC"
#define TRACE_VERSION 1
#define TRACE_HEADER_SIZE 32
#define TRACE_RECORD_SIZE 48
#define TRACE_MAX_CPUS 64

enum trace_event {
	TRACE_CTX_SWITCH = 1,    /* args: next tid, next app, 0; tid/app = the thread leaving */
	TRACE_SYSCALL_ENTRY = 2, /* args: syscall number, capability, 0 */
	TRACE_SYSCALL_EXIT = 3,  /* args: syscall number, result, 0 */
	TRACE_IPC_SEND = 4,      /* args: endpoint, badge, message words */
	TRACE_IPC_RECV = 5,      /* args: endpoint, badge, message words */
	TRACE_IRQ_ENTRY = 6,     /* args: irq number, 0, 0 */
	TRACE_IRQ_EXIT = 7,      /* args: irq number, 0, 0 */
	TRACE_FAULT = 8,         /* args: fault type, address, pc */
	TRACE_EVENT_MAX = 8,
};

/* The layout as C structs: every field naturally aligned, no padding; the CPU is little-endian. */
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

_Static_assert(sizeof(struct trace_file_header) == TRACE_HEADER_SIZE, "trace header layout");
_Static_assert(sizeof(struct trace_file_record) == TRACE_RECORD_SIZE, "trace record layout");
_Static_assert(offsetof(struct trace_file_header, dropped) == 24, "trace header layout");
_Static_assert(offsetof(struct trace_file_record, args) == 24, "trace record layout");

#endif
