/* SPDX-License-Identifier: BSD-2-Clause */
/* Allocation helpers, growable strings and diagnostics for the Kconfig core. */
#include "kconfig_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool kc_quiet;
static int warning_count;
static char last_message[512];
static struct kc_buf message_log;

static void die_oom(void)
{
	fputs("kconfig: out of memory\n", stderr);
	exit(2);
}

void *kc_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		die_oom();
	return p;
}

void *kc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		die_oom();
	return p;
}

void *kc_xrealloc(void *p, size_t size)
{
	p = realloc(p, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

char *kc_xstrdup(const char *s)
{
	return kc_xstrndup(s, strlen(s));
}

char *kc_xstrndup(const char *s, size_t n)
{
	char *p = kc_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static char *vasprintf_x(const char *fmt, va_list ap)
{
	va_list ap2;
	char probe[1];
	int n;
	char *p;

	va_copy(ap2, ap);
	n = vsnprintf(probe, sizeof(probe), fmt, ap2);
	va_end(ap2);
	p = kc_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *kc_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vasprintf_x(fmt, ap);
	va_end(ap);
	return p;
}

void kc_buf_add(struct kc_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = kc_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void kc_buf_adds(struct kc_buf *b, const char *s)
{
	kc_buf_add(b, s, strlen(s));
}

void kc_buf_addc(struct kc_buf *b, char c)
{
	kc_buf_add(b, &c, 1);
}

void kc_buf_printf(struct kc_buf *b, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = vasprintf_x(fmt, ap);
	va_end(ap);
	kc_buf_adds(b, p);
	free(p);
}

char *kc_buf_take(struct kc_buf *b)
{
	char *s = b->s ? b->s : kc_xstrdup("");

	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

char *kc_read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	struct kc_buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		kc_buf_add(&b, chunk, n);
	fclose(f);
	return kc_buf_take(&b);
}

static void emit(const char *file, int line, const char *kind, const char *fmt, va_list ap)
{
	char msg[400], text[sizeof(last_message)];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (file)
		snprintf(text, sizeof(text), "%s:%d: %s: %s", file, line, kind, msg);
	else
		snprintf(text, sizeof(text), "%s: %s", kind, msg);
	if (strcmp(kind, "note"))	/* a note explains the message before it, which stays "last" */
		memcpy(last_message, text, sizeof(text));
	if (!kc_quiet) {
		fprintf(stderr, "%s\n", text);
		return;
	}
	kc_buf_adds(&message_log, text);
	kc_buf_addc(&message_log, '\n');
}

const char *kc_message_log(void)
{
	return message_log.s ? message_log.s : "";
}

void kc_message_log_clear(void)
{
	free(kc_buf_take(&message_log));
}

void kc_error_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, "error", fmt, ap);
	va_end(ap);
}

void kc_note_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, line, "note", fmt, ap);
	va_end(ap);
}

void kc_warn_at(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	warning_count++;
	va_start(ap, fmt);
	emit(file, line, "warning", fmt, ap);
	va_end(ap);
}

void kc_warn(const char *fmt, ...)
{
	va_list ap;

	warning_count++;
	va_start(ap, fmt);
	emit(NULL, 0, "warning", fmt, ap);
	va_end(ap);
}

void kc_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(NULL, 0, "error", fmt, ap);
	va_end(ap);
}

int kc_warning_count(void)
{
	return warning_count;
}

const char *kc_last_error(void)
{
	return last_message;
}
