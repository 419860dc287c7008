/* SPDX-License-Identifier: BSD-2-Clause */
/* The message servers: registries of protocols, one namespace per manifest msg_servers node. */
#ifndef ROOTSERVER_MSGSERVER_H
#define ROOTSERVER_MSGSERVER_H

#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "app.h"

/* One endpoint per published protocol, made before any app starts. 0 or -1. */
int msgserver_init(const struct kauri_manifest *m);
/* APP's KAURI_MSG_PUBLISH or KAURI_MSG_CONNECT request (message info INFO), as its manifest entry allows; replies. */
void msgserver_request(struct app *app, kauri_word_t info);

#endif
