/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Collects a byte stream into whole lines, so that a guest's console output reaches the console
 * server line by line like every app's. A line longer than the cap is passed on in pieces.
 */
#ifndef VMM_LINE_ASSEMBLER_H
#define VMM_LINE_ASSEMBLER_H

#include <stddef.h>
#include <stdint.h>

#define LINE_ASSEMBLER_MAX	256u

/* A line without its '\n' (and without '\r's). */
typedef void (*line_sink)(void *ctx, const char *line, size_t len);

struct line_assembler {
	line_sink sink;
	void *ctx;
	size_t len;
	char buf[LINE_ASSEMBLER_MAX];
};

void line_assembler_init(struct line_assembler *la, line_sink sink, void *ctx);
void line_assembler_put(struct line_assembler *la, const uint8_t *bytes, size_t n);
/* Passes on what has come since the last line ended, if anything. */
void line_assembler_flush(struct line_assembler *la);

#endif
