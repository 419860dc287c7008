/* SPDX-License-Identifier: BSD-2-Clause */
/* Apps' requests to the root server (protocols, channels, devices): reading names, answering errors. */
#include <string.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>
#include "request.h"

void request_error(enum kauri_lib_error e)
{
	kauri_reply(kauri_msginfo(e, 0, 0, 0));
}

int request_name(kauri_word_t info, char name[KAURI_PROTOCOL_NAME_MAX + 1])
{
	long len = kauri_get_text(info, name, KAURI_PROTOCOL_NAME_MAX);

	/* Names are printed in the root server's lines: printable text only. */
	if (len > 0) {
		name[len] = '\0';
		if (strlen(name) == (size_t)len && kauri_text_neutralise(name, (size_t)len) == 0)
			return 1;
	}
	request_error(KAURI_PROTOCOL_BAD_REQUEST);
	return 0;
}

void request_refused(const struct app *app, const char *what)
{
	kauri_printf("rootserver: app %s: %s refused: not in its manifest entry\n", app->entry->name, what);
	request_error(KAURI_PROTOCOL_NOT_DECLARED);
}
