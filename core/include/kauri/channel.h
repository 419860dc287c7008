/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Channels: shared memory between apps, declared under /channels in the
 * manifest, and a notification. The root server maps an app's channels when
 * it builds the app, each with the rights the manifest grants it there: READ a
 * read-only mapping, WRITE a read-write one, SIGNAL and RECV a notification
 * capability that may only signal or only wait. A channel the app holds no
 * right on is not mapped at all.
 *
 * Request (Call on KAURI_APP_CAP_SUPERVISOR): label KAURI_MSG_CHANNEL, MR0 the
 * name's length, MR1.. its bytes. Reply: label 0 and MR0 the address, MR1 the
 * size, MR2 the notification's slot (0 without SIGNAL and RECV), MR3 the
 * rights (KAURI_CHANNEL_*); or a KAURI_PROTOCOL_* code as the label.
 */
#ifndef KAURI_CHANNEL_H
#define KAURI_CHANNEL_H

#include <stddef.h>
#include <kauri/lib_error.h>
#include <uapi/kauri/types.h>

#define KAURI_MSG_CHANNEL	0x202

/* Rights, the manifest's order (MANIFEST_RIGHT_*). */
#define KAURI_CHANNEL_READ	(1u << 0)
#define KAURI_CHANNEL_WRITE	(1u << 1)
#define KAURI_CHANNEL_SIGNAL	(1u << 2)
#define KAURI_CHANNEL_RECV	(1u << 3)

struct kauri_channel {
	void *base;			/* NULL without READ or WRITE */
	size_t size;
	kauri_cptr_t notification;	/* 0 without SIGNAL or RECV */
	unsigned int rights;
};

/* Fills *CH for the channel NAME: 0, or -KAURI_PROTOCOL_* (enum kauri_lib_error). */
long kauri_channel_open(const char *name, struct kauri_channel *ch);

#endif
