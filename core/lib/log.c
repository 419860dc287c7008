/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: the client side of kos_log_protocol (kauri/log.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/log.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

static kauri_cptr_t log_endpoint;

static const char *const level_names[] = {
	[KAURI_LOG_ERROR] = "error",
	[KAURI_LOG_WARNING] = "warning",
	[KAURI_LOG_INFO] = "info",
	[KAURI_LOG_DEBUG] = "debug",
};

long kauri_log_open(void)
{
	long ep;

	if (log_endpoint)
		return 0;
	ep = kauri_protocol_connect(KAURI_LOG_PROTOCOL);
	if (ep < 0)
		return ep;
	log_endpoint = (kauri_cptr_t)ep;
	return 0;
}

long kauri_log(int level, const char *fmt, ...)
{
	char text[KAURI_LOG_TEXT_MAX + 1];
	size_t name_len = strlen(kauri_app_name);
	unsigned int words;
	va_list ap;
	int len;

	if (!log_endpoint)
		return -KAURI_LOG_NOT_OPEN;
	va_start(ap, fmt);
	len = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (len < 0)
		len = 0;
	if (len > KAURI_LOG_TEXT_MAX)
		len = KAURI_LOG_TEXT_MAX;
	if (name_len > KAURI_LOG_NAME_MAX)
		name_len = KAURI_LOG_NAME_MAX;
	/* A negative level becomes a huge one, which the server refuses as no level. */
	kauri_set_mr(0, (kauri_word_t)(long)level);
	kauri_set_mr(1, name_len);
	kauri_set_mr(2, (kauri_word_t)len);
	kauri_set_mr_text(KAURI_LOG_NAME_MR, kauri_app_name, name_len);
	words = kauri_set_mr_text(KAURI_LOG_TEXT_MR, text, (size_t)len);
	return -(long)kauri_msginfo_label(kauri_call(log_endpoint,
						     kauri_msginfo(KAURI_LOG_WRITE, 0, 0, KAURI_LOG_TEXT_MR + words)));
}

const char *kauri_log_level_name(kauri_word_t level)
{
	return level < sizeof(level_names) / sizeof(level_names[0]) ? level_names[level] : 0;
}
