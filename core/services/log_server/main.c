/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * log_server: publishes kos_log_protocol (kauri/log.h) and prints every record
 * as "<name>[<badge>] <level>: <text>". The name is what the client says it is;
 * the badge is what the message server says, so a lying client is still traced.
 */
#include <stddef.h>
#include <kauri/debug.h>
#include <kauri/log.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

struct record {
	const char *level;
	char name[KAURI_LOG_NAME_MAX + 1];
	char text[KAURI_LOG_TEXT_MAX + 1];
};

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
	       c == '.';
}

/*
 * Checks the request in INFO and its registers and copies it into R; changes
 * nothing else. 0, or a KAURI_LOG_* code with WHY saying what is wrong.
 */
static enum kauri_lib_error decode_record(kauri_word_t info, struct record *r, const char **why)
{
	unsigned int length = kauri_msginfo_length(info);
	kauri_word_t name_len, text_len;

	if (kauri_msginfo_label(info) != KAURI_LOG_WRITE) {
		*why = "unknown label";
		return KAURI_LOG_MALFORMED;
	}
	if (length < KAURI_LOG_TEXT_MR) {
		*why = "fewer registers than a record's header";
		return KAURI_LOG_MALFORMED;
	}
	r->level = kauri_log_level_name(kauri_get_mr(0));
	if (!r->level) {
		*why = "not a log level (error, warning, info, debug)";
		return KAURI_LOG_BAD_LEVEL;
	}
	name_len = kauri_get_mr(1);
	text_len = kauri_get_mr(2);
	if (name_len < 1 || name_len > KAURI_LOG_NAME_MAX || text_len > KAURI_LOG_TEXT_MAX) {
		*why = "name or text length out of range";
		return KAURI_LOG_MALFORMED;
	}
	if (length < KAURI_LOG_TEXT_MR + (text_len + 7) / 8) {
		*why = "the text is longer than the registers sent";
		return KAURI_LOG_MALFORMED;
	}
	kauri_get_mr_text(KAURI_LOG_NAME_MR, r->name, name_len);
	r->name[name_len] = '\0';
	for (size_t i = 0; i < name_len; i++) {
		if (!name_char(r->name[i])) {
			*why = "the name has a character other than letters, digits, '_', '-', '.'";
			return KAURI_LOG_MALFORMED;
		}
	}
	kauri_get_mr_text(KAURI_LOG_TEXT_MR, r->text, text_len);
	r->text[text_len] = '\0';
	/* One record, one console line: control characters (a newline too) cannot forge another. */
	for (size_t i = 0; i < text_len; i++)
		if ((unsigned char)r->text[i] < 0x20 || r->text[i] == 0x7f)
			r->text[i] = '?';
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	long ep = kauri_protocol_publish(KAURI_LOG_PROTOCOL);
	static struct record record;
	kauri_word_t badge, info;

	if (ep < 0) {
		kauri_printf("cannot publish %s: %s\n", KAURI_LOG_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	kauri_printf("serving %s\n", KAURI_LOG_PROTOCOL);
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;) {
		const char *why = 0;
		enum kauri_lib_error err = decode_record(info, &record, &why);

		/* Printing is a call of its own: the request was copied out of the registers first. */
		if (err)
			kauri_printf("refused a record from badge %lu: %s\n", (unsigned long)badge, why);
		else
			kauri_printf("%s[%lu] %s: %s\n", record.name, (unsigned long)badge, record.level, record.text);
		info = kauri_reply_recv((kauri_cptr_t)ep, kauri_msginfo(err, 0, 0, 0), &badge);
	}
}
