/* SPDX-License-Identifier: BSD-2-Clause */
/* Messages for libkauri's error enum and for the kernel's, the two that user space prints. */
#include <kauri/lib_error.h>

static const char *const lib_messages[KAURI_LIB_NUM_ERRORS] = {
	[0] = "success",
	[KAURI_PROTOCOL_NOT_DECLARED] = "not declared in the manifest",
	[KAURI_PROTOCOL_NOT_PUBLISHED] = "published by no app of this message server",
	[KAURI_PROTOCOL_BAD_REQUEST] = "malformed request",
	[KAURI_PROTOCOL_NO_ROOM] = "no free slot in the app's CNode",
	[KAURI_DIODE_EMPTY] = "no record to read yet",
	[KAURI_DIODE_NO_RIGHT] = "the channel lacks WRITE (sender) or READ (receiver)",
	[KAURI_DIODE_TOO_SMALL] = "the channel cannot hold two slots of this record size",
	[KAURI_DIODE_TOO_BIG] = "the record is larger than a slot or the buffer",
	[KAURI_DIODE_BAD_HEADER] = "the channel's diode header is not one a sender writes",
	[KAURI_LOG_BAD_LEVEL] = "not a log level (error, warning, info, debug)",
	[KAURI_LOG_MALFORMED] = "malformed log record",
	[KAURI_LOG_NOT_OPEN] = "not connected: call kauri_log_open first",
	[KAURI_RNG_BAD_LENGTH] = "byte count is 0 or above KAURI_RNG_MAX_BYTES",
	[KAURI_RNG_MALFORMED] = "malformed random-bytes request",
	[KAURI_RNG_BAD_REPLY] = "the server's reply does not hold the bytes asked for",
	[KAURI_KEYSTORE_NOT_PROVISIONED] = "no keys provisioned on this device",
	[KAURI_PROTOCOL_UNAVAILABLE] = "this machine cannot do it",
	[KAURI_PROTOCOL_NO_SUCH_APP] = "no app of that name in the manifest",
	[KAURI_DIODE_OVERWRITTEN] = "the record was overwritten while it was read in place",
};

static const char *const kernel_messages[KAURI_NUM_ERRORS] = {
	[KAURI_OK] = "success",
	[KAURI_INVALID_ARGUMENT] = "invalid argument",
	[KAURI_INVALID_CAPABILITY] = "invalid capability",
	[KAURI_ILLEGAL_OPERATION] = "illegal operation",
	[KAURI_RANGE_ERROR] = "argument out of range",
	[KAURI_ALIGNMENT_ERROR] = "misaligned argument",
	[KAURI_FAILED_LOOKUP] = "capability lookup failed",
	[KAURI_TRUNCATED_MESSAGE] = "too few message registers",
	[KAURI_DELETE_FIRST] = "the destination slot is not empty",
	[KAURI_REVOKE_FIRST] = "the capability has children",
	[KAURI_NOT_ENOUGH_MEMORY] = "not enough memory left in the untyped",
};

/* messages[|error|], or "unknown error"; negated through unsigned, so LONG_MIN is just unknown. */
static const char *lookup(const char *const *messages, unsigned long n, long error)
{
	unsigned long code = error < 0 ? -(unsigned long)error : (unsigned long)error;

	return code < n && messages[code] ? messages[code] : "unknown error";
}

const char *kauri_lib_strerror(long error)
{
	return lookup(lib_messages, KAURI_LIB_NUM_ERRORS, error);
}

const char *kauri_kernel_strerror(long error)
{
	return lookup(kernel_messages, KAURI_NUM_ERRORS, error);
}
