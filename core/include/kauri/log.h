/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_log_protocol: log records to the log_server app, which prints each on its
 * console line as "<name>[<badge>] <level>: <text>". The name is the client's
 * word (its argv[0] unless it lies); the badge is the message server's (the
 * client's app index + 1), so every record can be traced to the app that sent it.
 *
 * Request (Call on the connected endpoint): label KAURI_LOG_WRITE, MR0 the level,
 * MR1 the name's length (1 to KAURI_LOG_NAME_MAX, letters, digits, '_', '-', '.'),
 * MR2 the text's length (0 to KAURI_LOG_TEXT_MAX), MR3-MR5 the name's bytes and
 * MR6.. the text's bytes (8 per register, little-endian). The reply has length 0
 * and label 0 when the record was printed, or a KAURI_LOG_* code (kauri/lib_error.h).
 */
#ifndef KAURI_LOG_H
#define KAURI_LOG_H

#include <kauri/lib_error.h>
#include <uapi/kauri/types.h>

#define KAURI_LOG_PROTOCOL	"kos_log_protocol"
#define KAURI_LOG_WRITE		0x400
#define KAURI_LOG_NAME_MAX	23	/* an app name's limit (the manifest's) */
#define KAURI_LOG_TEXT_MAX	400	/* longer texts are cut by kauri_log */
#define KAURI_LOG_NAME_MR	3	/* the name's first register; 3 registers hold 23 bytes */
#define KAURI_LOG_TEXT_MR	6	/* the text's first register */

enum kauri_log_level {
	KAURI_LOG_ERROR = 0,
	KAURI_LOG_WARNING = 1,
	KAURI_LOG_INFO = 2,
	KAURI_LOG_DEBUG = 3,
};

/* Connects to kos_log_protocol; 0, or -KAURI_PROTOCOL_* (enum kauri_lib_error). Once is enough. */
long kauri_log_open(void);
/*
 * One record at LEVEL, printf-formatted, under this app's name (argv[0]); a
 * text longer than KAURI_LOG_TEXT_MAX is cut. 0 when the server printed it,
 * else -KAURI_LOG_* (enum kauri_lib_error; kauri_lib_strerror() words it).
 */
long kauri_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "error", "warning", "info", "debug", or 0 for a value that is no level. */
const char *kauri_log_level_name(kauri_word_t level);

#endif
