/* SPDX-License-Identifier: BSD-2-Clause */
/* Channels: the root server's side (memory and notification per /channels node, per-app grants). */
#ifndef ROOTSERVER_CHANNEL_H
#define ROOTSERVER_CHANNEL_H

#include <kauri/channel.h>
#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "app.h"

#ifdef CONFIG_CHANNELS
/*
 * Makes every channel of M (zeroed frames and a notification), each keeping a
 * pointer to its manifest entry: 0, or -1 with the reason printed.
 */
int channel_init(const struct kauri_manifest *m);
/* Maps APP's channels with the rights its manifest entry grants and puts their notification caps in its CNode. */
int channel_grant(struct app *app);
/* Answers APP's KAURI_MSG_CHANNEL request (message info INFO). */
void channel_request(struct app *app, kauri_word_t info);
/*
 * Maps the channel NAME into the root server itself at VADDR, with every right,
 * and describes it in *CH: 0, or -1 when there is no such channel or no memory.
 */
int channel_map_into_root(const char *name, kauri_word_t vaddr, struct kauri_channel *ch);
#else
#include <kauri/debug.h>
#include "request.h"

static inline int channel_init(const struct kauri_manifest *m)
{
	if (!m->nchannels)
		return 0;
	kauri_printf("rootserver: manifest: /channels: declared, but this kernel is built without CONFIG_CHANNELS\n");
	return -1;
}

static inline int channel_grant(struct app *app)
{
	(void)app;
	return 0;
}

static inline int channel_map_into_root(const char *name, kauri_word_t vaddr, struct kauri_channel *ch)
{
	(void)name;
	(void)vaddr;
	(void)ch;
	return -1;
}

static inline void channel_request(struct app *app, kauri_word_t info)
{
	(void)app;
	(void)info;
	request_error(KAURI_PROTOCOL_NOT_DECLARED);
}
#endif

#endif
