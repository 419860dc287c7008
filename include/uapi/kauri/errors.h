/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Errors an invocation can return (in x0 of the reply; the message label of
 * an error reply is the error code, its message registers the detail).
 */
#ifndef KAURI_ERRORS_H
#define KAURI_ERRORS_H

enum kauri_error {
	KAURI_OK = 0,
	KAURI_INVALID_ARGUMENT = 1,	/* MR0: which argument */
	KAURI_INVALID_CAPABILITY = 2,	/* MR0: which capability (0 = invoked, n = extra cap n) */
	KAURI_ILLEGAL_OPERATION = 3,	/* the object does not do that, or not with these rights */
	KAURI_RANGE_ERROR = 4,		/* MR0, MR1: the allowed minimum and maximum */
	KAURI_ALIGNMENT_ERROR = 5,
	KAURI_FAILED_LOOKUP = 6,	/* MR0: 1 if the source lookup failed; MR1.. the failure */
	KAURI_TRUNCATED_MESSAGE = 7,	/* fewer message registers than the operation needs */
	KAURI_DELETE_FIRST = 8,		/* the destination slot is not empty */
	KAURI_REVOKE_FIRST = 9,		/* the capability has children */
	KAURI_NOT_ENOUGH_MEMORY = 10,	/* MR0: bytes left in the untyped */
	KAURI_NUM_ERRORS
};

#endif
