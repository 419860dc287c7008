/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Message servers. Every protocol an app publishes gets one endpoint in the
 * domain (message server) of its publisher. On request, the publisher gets a
 * receive capability to it and each app whose manifest entry connects to it
 * (in the same domain) a send capability badged with that app's number;
 * nothing is handed out that the manifest does not declare.
 */
#include <string.h>
#include <klib/printf.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "alloc.h"
#include "msgserver.h"
#include "request.h"

#define MAX_PROTOCOLS	(MANIFEST_MAX_APPS * 4)

struct protocol {
	uint32_t msg_server;
	const char *name;
	kauri_cptr_t endpoint;		/* root slot */
};

static struct protocol protocols[MAX_PROTOCOLS];
static unsigned int nprotocols;

int msgserver_init(const struct kauri_manifest *m)
{
	for (uint32_t a = 0; a < m->napps; a++) {
		for (uint32_t p = 0; p < m->apps[a].npublishes; p++) {
			struct protocol *pr = &protocols[nprotocols];

			if (nprotocols == MAX_PROTOCOLS)
				return -1;
			pr->msg_server = m->apps[a].msg_server;
			pr->name = m->apps[a].publishes[p];
			pr->endpoint = object_alloc(KAURI_ENDPOINT, 0);
			if (!pr->endpoint)
				return -1;
			nprotocols++;
		}
	}
	return 0;
}

static const struct protocol *find(uint32_t msg_server, const char *name)
{
	for (unsigned int i = 0; i < nprotocols; i++)
		if (protocols[i].msg_server == msg_server && !strcmp(protocols[i].name, name))
			return &protocols[i];
	return 0;
}

static int listed(const char *const *names, uint32_t count, const char *name)
{
	for (uint32_t i = 0; i < count; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

void msgserver_request(struct app *app, kauri_word_t info)
{
	const struct manifest_app *ma = app->entry;
	char name[KAURI_PROTOCOL_NAME_MAX + 1], what[KAURI_PROTOCOL_NAME_MAX + 16];
	const struct protocol *pr;
	int publish = kauri_msginfo_label(info) == KAURI_MSG_PUBLISH;
	enum kauri_error err;

	if (!request_name(info, name))
		return;
	if (publish ? !listed(ma->publishes, ma->npublishes, name) : !listed(ma->connects, ma->nconnects, name)) {
		snprintf(what, sizeof(what), "%s %s", publish ? "publishing" : "connecting to", name);
		request_refused(app, what);
		return;
	}
	pr = find(ma->msg_server, name);
	if (!pr)
		return request_error(KAURI_PROTOCOL_NOT_PUBLISHED);
	if (app->next_cap_slot >= 1u << app->cnode_radix)
		return request_error(KAURI_PROTOCOL_NO_ROOM);
	if (publish)
		err = kauri_cnode_copy(app->cnode, app->next_cap_slot, app->cnode_radix, ROOT_CNODE, pr->endpoint,
				       ROOT_DEPTH, KAURI_RIGHT_READ);
	else
		err = kauri_cnode_mint(app->cnode, app->next_cap_slot, app->cnode_radix, ROOT_CNODE, pr->endpoint,
				       ROOT_DEPTH, KAURI_RIGHT_WRITE | KAURI_RIGHT_GRANT_REPLY, app_badge(app));
	if (err != KAURI_OK)
		return request_error(KAURI_PROTOCOL_NO_ROOM);
	kauri_set_mr(0, app->next_cap_slot++);
	kauri_reply(kauri_msginfo(0, 0, 0, 1));
}
