/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The console. Apps write whole lines: a Call on their supervisor capability
 * with label KAURI_MSG_CONSOLE, MR0 the length, MR1.. the bytes (little-endian,
 * 8 per register, at most KAURI_CONSOLE_LINE_MAX). The root server prints each
 * as one line, "[seconds.micros] app: text", through the console server app
 * when the manifest has one (docs/apps.md), so the output of several apps never
 * mixes within a line and a log splits per app (kauri-log). The app runtime
 * buffers kauri_printf output per line for this.
 */
#ifndef KAURI_CONSOLE_H
#define KAURI_CONSOLE_H

#include <stddef.h>

#define KAURI_MSG_CONSOLE	0x300
#define KAURI_CONSOLE_LINE_MAX	480	/* bytes per message; longer lines are split */

/* Sends LEN bytes (no newline) as one console line. */
void kauri_console_write(const char *text, size_t len);

#endif
