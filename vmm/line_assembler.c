/* SPDX-License-Identifier: BSD-2-Clause */
/* Byte stream to whole lines, with a cap on a line's length. */
#include "line_assembler.h"

void line_assembler_init(struct line_assembler *la, line_sink sink, void *ctx)
{
	la->sink = sink;
	la->ctx = ctx;
	la->len = 0;
}

static void emit(struct line_assembler *la)
{
	la->sink(la->ctx, la->buf, la->len);
	la->len = 0;
}

void line_assembler_put(struct line_assembler *la, const uint8_t *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* A terminal's "\r\n" is one line end; the console server adds its own. */
		if (bytes[i] == '\r')
			continue;
		if (bytes[i] == '\n') {
			emit(la);
			continue;
		}
		if (la->len == LINE_ASSEMBLER_MAX)
			emit(la);
		la->buf[la->len++] = (char)bytes[i];
	}
}

void line_assembler_flush(struct line_assembler *la)
{
	if (la->len)
		emit(la);
}
