/* SPDX-License-Identifier: BSD-2-Clause */
/* Apps' requests to the root server: the pieces every kind of request shares. */
#ifndef ROOTSERVER_REQUEST_H
#define ROOTSERVER_REQUEST_H

#include <kauri/protocol.h>
#include <uapi/kauri/types.h>
#include "app.h"

/* Replies to the request with error E as its label. */
void request_error(enum kauri_lib_error e);
/*
 * The name a request carries (MR0 its length, MR1.. its bytes) into NAME, NUL-terminated: 1, or 0
 * after replying KAURI_PROTOCOL_BAD_REQUEST to a malformed one.
 */
int request_name(kauri_word_t info, char name[KAURI_PROTOCOL_NAME_MAX + 1]);
/* Tells APP (and the console) that WHAT is not in its manifest entry. */
void request_refused(const struct app *app, const char *what);

#endif
