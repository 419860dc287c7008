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
 * the slot of the capability in the app's CNode, or a KAURI_PROTOCOL_* code (kauri/lib_error.h).
 * Calls over a protocol are ordinary IPC: the protocol picks labels and MRs,
 * the server sees the client's badge.
 */
#ifndef KAURI_PROTOCOL_H
#define KAURI_PROTOCOL_H

#include <kauri/lib_error.h>
#include <uapi/kauri/types.h>

#define KAURI_MSG_PUBLISH	0x200
#define KAURI_MSG_CONNECT	0x201
#define KAURI_PROTOCOL_NAME_MAX	63

/* The endpoint to receive PROTOCOL's calls on, or -KAURI_PROTOCOL_* (enum kauri_lib_error). */
long kauri_protocol_publish(const char *name);
/* A send capability for PROTOCOL, or -KAURI_PROTOCOL_* (enum kauri_lib_error). */
long kauri_protocol_connect(const char *name);
/*
 * A request naming NAME to the app's supervisor (label LABEL, the name as text):
 * 0 with the reply's registers in the IPC buffer, or -KAURI_PROTOCOL_* (enum kauri_lib_error).
 */
long kauri_request_by_name(kauri_word_t label, const char *name);

#endif
