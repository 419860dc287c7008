/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: publishing and connecting to protocols through the app's message server. */
#include <string.h>
#include <kauri/app.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

long kauri_request_by_name(kauri_word_t label, const char *name)
{
	size_t len = strlen(name);
	kauri_word_t info;

	if (len == 0 || len > KAURI_PROTOCOL_NAME_MAX)
		return -KAURI_PROTOCOL_BAD_REQUEST;
	info = kauri_call_text(KAURI_APP_CAP_SUPERVISOR, label, name, len);
	return -(long)kauri_msginfo_label(info);
}

static long request(kauri_word_t label, const char *name)
{
	long err = kauri_request_by_name(label, name);

	return err ? err : (long)kauri_get_mr(0);
}

long kauri_protocol_publish(const char *name)
{
	return request(KAURI_MSG_PUBLISH, name);
}

long kauri_protocol_connect(const char *name)
{
	return request(KAURI_MSG_CONNECT, name);
}
