/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri's one error enum: every libkauri function returns 0 (or a count, slot or length) on
 * success and one of these, negated, on failure; a service or the supervisor replies with one of
 * them as the message label (0: success). One enum, so a code reads the same whichever request
 * or protocol it came from, and kauri_lib_strerror() words every one. A new code needs its
 * message in core/lib/lib_error.c: test_lib_error fails otherwise.
 *
 * The kernel's errors are the ABI's enum kauri_error (kauri/errors.h), returned by the
 * invocation wrappers (kauri/invoke.h); kauri_kernel_strerror() words those.
 */
#ifndef KAURI_LIB_ERROR_H
#define KAURI_LIB_ERROR_H

#include <uapi/kauri/errors.h>

enum kauri_lib_error {
	/* The supervisor's answers to publish, connect, channel and device requests (kauri/protocol.h). */
	KAURI_PROTOCOL_NOT_DECLARED = 1,	/* the manifest does not list it for this app */
	KAURI_PROTOCOL_NOT_PUBLISHED = 2,	/* nobody in this domain publishes it */
	KAURI_PROTOCOL_BAD_REQUEST = 3,		/* name too long, or a malformed request */
	KAURI_PROTOCOL_NO_ROOM = 4,		/* the app's CNode is full */

	/* The data diode (kauri/diode.h); never on the wire. */
	KAURI_DIODE_EMPTY = 5,			/* no record to read now */
	KAURI_DIODE_NO_RIGHT = 6,		/* the channel lacks WRITE (sender) or READ (receiver) */
	KAURI_DIODE_TOO_SMALL = 7,		/* the channel cannot hold two slots of this record size */
	KAURI_DIODE_TOO_BIG = 8,		/* the record is larger than the slot / the caller's buffer */
	KAURI_DIODE_BAD_HEADER = 9,		/* the header is not one a sender could have written */

	/* kos_log_protocol (kauri/log.h). */
	KAURI_LOG_BAD_LEVEL = 10,		/* MR0 is not a kauri_log_level */
	KAURI_LOG_MALFORMED = 11,		/* unknown label, lengths out of range, a bad name, too few registers */
	KAURI_LOG_NOT_OPEN = 12,		/* kauri_log before a successful kauri_log_open (client side) */

	/* kos_rng_protocol (kauri/rng.h). */
	KAURI_RNG_BAD_LENGTH = 13,		/* MR0 is 0 or above KAURI_RNG_MAX_BYTES */
	KAURI_RNG_MALFORMED = 14,		/* unknown label or no MR0 */
	KAURI_RNG_BAD_REPLY = 15,		/* the reply is not what was asked for (client side) */

	/* kos_keystore_protocol (kauri/keystore.h). */
	KAURI_KEYSTORE_NOT_PROVISIONED = 16,	/* the device holds no keys yet */

	/* The supervisor again: allowed, but this machine cannot (a board reset without PSCI). */
	KAURI_PROTOCOL_UNAVAILABLE = 17,
	/* The supervisor: no app of that name in the manifest (kauri_app_state). */
	KAURI_PROTOCOL_NO_SUCH_APP = 18,
	/* The data diode again: a record read in place was overwritten meanwhile (kauri_diode_release). */
	KAURI_DIODE_OVERWRITTEN = 19,

	KAURI_LIB_NUM_ERRORS
};

/* A short constant message for a (positive or negative) kauri_lib_error; "success" for 0. */
const char *kauri_lib_strerror(long error);

/*
 * The same for the kernel's enum kauri_error (what an invocation returned, or an error reply's
 * label): the kernel itself prints none of them, so their words live here, in user space.
 */
const char *kauri_kernel_strerror(long error);

#endif
