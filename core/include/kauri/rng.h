/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_rng_protocol: random bytes from the rng_server app (a ChaCha20 DRBG,
 * kauri/chacha20.h). Its seed is only as good as the board's entropy source;
 * see docs/apps.md: on boards without one it is WEAK, not fit for keys.
 *
 * Request (Call on the connected endpoint): label KAURI_RNG_GET, MR0 the number
 * of bytes, 1 to KAURI_RNG_MAX_BYTES. Reply: label 0, MR0 the count, MR1.. the
 * bytes (8 per register, little-endian); or a KAURI_RNG_* label (kauri/lib_error.h)
 * and length 0.
 */
#ifndef KAURI_RNG_H
#define KAURI_RNG_H

#include <stddef.h>
#include <kauri/lib_error.h>
#include <uapi/kauri/types.h>

#define KAURI_RNG_PROTOCOL	"kos_rng_protocol"
#define KAURI_RNG_GET		0x500
/* What fits the reply's registers after MR0. */
#define KAURI_RNG_MAX_BYTES	((KAURI_MSG_MAX_LENGTH - 1) * 8)

/*
 * LEN random bytes into BUF, as many requests as that takes; connects to
 * kos_rng_protocol on first use. 0, or -KAURI_PROTOCOL_* when the connect
 * fails, or -KAURI_RNG_* (both enum kauri_lib_error).
 */
long kauri_rng_bytes(void *buf, size_t len);

#endif
