/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Protocols through the message server of the app's domain (its manifest
 * msg_server). An app that publishes a protocol gets the endpoint its clients'
 * calls arrive on; an app that connects gets a send capability badged with its
 * own identity. Both only as the manifest declares; otherwise the call fails.
 *
 * Message format of the requests (Call on KAURI_APP_CAP_SUPERVISOR): label
 * KAURI_MSG_PUBLISH or KAURI_MSG_CONNECT, MR0 the name's length, MR1.. the
 * name's bytes (little-endian, 8 per register). The reply's label is 0 and MR0
 * the slot of the capability in the app's CNode, or a kauri_protocol_error.
 * Calls over a protocol are ordinary IPC: the protocol picks labels and MRs,
 * the server sees the client's badge.
 */
#ifndef KAURI_PROTOCOL_H
#define KAURI_PROTOCOL_H

#include <uapi/kauri/types.h>

#define KAURI_MSG_PUBLISH	0x200
#define KAURI_MSG_CONNECT	0x201
#define KAURI_PROTOCOL_NAME_MAX	63

enum kauri_protocol_error {
	KAURI_PROTOCOL_NOT_DECLARED = 1,	/* the manifest does not list it for this app */
	KAURI_PROTOCOL_NOT_PUBLISHED = 2,	/* nobody in this domain publishes it */
	KAURI_PROTOCOL_BAD_REQUEST = 3,		/* name too long, or a malformed request */
	KAURI_PROTOCOL_NO_ROOM = 4,		/* the app's CNode is full */
};

/* The endpoint to receive PROTOCOL's calls on, or -(enum kauri_protocol_error). */
long kauri_protocol_publish(const char *name);
/* A send capability for PROTOCOL, or -(enum kauri_protocol_error). */
long kauri_protocol_connect(const char *name);
const char *kauri_protocol_strerror(long error);
/*
 * A request naming NAME to the app's supervisor (label LABEL, the name as text):
 * 0 with the reply's registers in the IPC buffer, or -(enum kauri_protocol_error).
 */
long kauri_request_by_name(kauri_word_t label, const char *name);

#endif
