/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Channels. Each /channels node is zeroed frames and a notification, made once
 * at boot and kept across app restarts. An app gets exactly the rights its
 * manifest entry lists: READ maps the frames read-only (from a copy of their
 * capabilities without the write right), WRITE read-write, SIGNAL a
 * notification capability that can only signal, RECV one that can only wait.
 * A channel it has no right on is not in its VSpace at all.
 */
#include <string.h>
#include <klib/printf.h>
#include <kauri/app.h>
#include <kauri/channel.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "alloc.h"
#include "channel.h"
#include "request.h"

#define PAGE		4096UL
#define FRAMES_RADIX	12	/* 4096 pages (16 MiB) of channels in all */

/* manifest_parse refuses channels that take more than the frames CNode holds. */
_Static_assert(MANIFEST_MAX_CHANNEL_BYTES <= PAGE << FRAMES_RADIX, "the channels fit the frames CNode");
_Static_assert(MANIFEST_RIGHT_READ == KAURI_CHANNEL_READ && MANIFEST_RIGHT_WRITE == KAURI_CHANNEL_WRITE &&
	       MANIFEST_RIGHT_SIGNAL == KAURI_CHANNEL_SIGNAL && MANIFEST_RIGHT_RECV == KAURI_CHANNEL_RECV,
	       "the manifest's rights are the channel API's");

struct channel {
	const struct manifest_channel *entry;	/* its /channels node: name and size */
	kauri_word_t first_frame;	/* index in the frames CNode */
	kauri_cptr_t notification;	/* root slot */
};

static struct channel channels[MANIFEST_MAX_CHANNELS];	/* by manifest index */
static uint32_t nchannels;
static kauri_cptr_t frames;		/* CNode holding every channel's frames */

static unsigned int pages(const struct channel *ch)
{
	return ch->entry->size / PAGE;
}

int channel_init(const struct kauri_manifest *m)
{
	kauri_word_t next = 0;

	if (!m->nchannels)
		return 0;
	frames = object_alloc(KAURI_CNODE, FRAMES_RADIX);
	if (!frames)
		goto no_memory;
	for (uint32_t c = 0; c < m->nchannels; c++) {
		struct channel *ch = &channels[c];

		ch->entry = &m->channels[c];
		ch->first_frame = next;
		for (unsigned int i = 0; i < pages(ch); i++)
			if (object_alloc_in(frames, next++, KAURI_FRAME_4K) != KAURI_OK)
				goto no_memory;
		ch->notification = object_alloc(KAURI_NOTIFICATION, 0);
		if (!ch->notification)
			goto no_memory;
		nchannels++;
	}
	return 0;
no_memory:
	kauri_printf("rootserver: out of memory for the channels\n");
	return -1;
}

/* The channel the app's K-th channel right is on. */
static const struct channel *app_channel(const struct manifest_app *ma, uint32_t k)
{
	return &channels[ma->channels[k].channel];
}

/* Where the app's K-th channel is mapped: one after the other, an unmapped page between. */
static kauri_word_t channel_address(const struct manifest_app *ma, uint32_t k)
{
	kauri_word_t at = KAURI_APP_CHANNELS;

	for (uint32_t i = 0; i < k; i++)
		at += app_channel(ma, i)->entry->size + PAGE;
	return at;
}

static unsigned int notification_rights(uint32_t rights)
{
	return (rights & KAURI_CHANNEL_SIGNAL ? KAURI_RIGHT_WRITE : 0) |
	       (rights & KAURI_CHANNEL_RECV ? KAURI_RIGHT_READ : 0);
}

int channel_grant(struct app *app)
{
	const struct manifest_app *ma = app->entry;

	for (uint32_t k = 0; k < ma->nchannels; k++) {
		uint32_t rights = ma->channels[k].rights;
		const struct channel *ch = app_channel(ma, k);
		kauri_word_t at = channel_address(ma, k);

		app->channel_slot[k] = 0;
		if (rights & (KAURI_CHANNEL_READ | KAURI_CHANNEL_WRITE)) {
			int writable = !!(rights & KAURI_CHANNEL_WRITE);
			unsigned int cap_rights = KAURI_RIGHT_READ | (writable ? KAURI_RIGHT_WRITE : 0);
			unsigned int vm_rights = KAURI_VM_READ | (writable ? KAURI_VM_WRITE : 0);

			for (unsigned int i = 0; i < pages(ch); i++)
				if (pool_map_shared(&app->pool, app->vspace, frames, FRAMES_RADIX, ch->first_frame + i,
						    cap_rights, at + i * PAGE, vm_rights) != KAURI_OK)
					goto fail;
		}
		if (rights & (KAURI_CHANNEL_SIGNAL | KAURI_CHANNEL_RECV)) {
			/* Badge 1: a signal always says "this channel", whichever app sent it. */
			if (kauri_cnode_mint(app->cnode, app->next_cap_slot, app->cnode_radix, ROOT_CNODE,
					     ch->notification, ROOT_DEPTH, notification_rights(rights), 1) != KAURI_OK)
				goto fail;
			app->channel_slot[k] = app->next_cap_slot++;
		}
	}
	return 0;
fail:
	kauri_printf("rootserver: app %s: out of memory for its channels\n", ma->name);
	return -1;
}

void channel_request(struct app *app, kauri_word_t info)
{
	const struct manifest_app *ma = app->entry;
	char name[KAURI_PROTOCOL_NAME_MAX + 1], what[KAURI_PROTOCOL_NAME_MAX + 24];
	uint32_t k;

	if (!request_name(info, name))
		return;
	for (k = 0; k < ma->nchannels; k++)
		if (!strcmp(app_channel(ma, k)->entry->name, name))
			break;
	if (k == ma->nchannels) {
		snprintf(what, sizeof(what), "opening channel %s", name);
		request_refused(app, what);
		return;
	}
	kauri_set_mr(0, ma->channels[k].rights & (KAURI_CHANNEL_READ | KAURI_CHANNEL_WRITE) ?
				channel_address(ma, k) : 0);
	kauri_set_mr(1, app_channel(ma, k)->entry->size);
	kauri_set_mr(2, app->channel_slot[k]);
	kauri_set_mr(3, ma->channels[k].rights);
	kauri_reply(kauri_msginfo(0, 0, 0, 4));
}

int channel_map_into_root(const char *name, kauri_word_t vaddr, struct kauri_channel *ch)
{
	for (uint32_t c = 0; c < nchannels; c++) {
		const struct channel *chan = &channels[c];

		if (strcmp(chan->entry->name, name))
			continue;
		for (unsigned int i = 0; i < pages(chan); i++) {
			kauri_cptr_t copy = slot_alloc();

			if (!copy || kauri_cnode_copy(ROOT_CNODE, copy, ROOT_DEPTH, frames, chan->first_frame + i,
						      FRAMES_RADIX, KAURI_ALL_RIGHTS) != KAURI_OK ||
			    root_map(copy, vaddr + i * PAGE, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK)
				return -1;
		}
		ch->base = (void *)vaddr;
		ch->size = chan->entry->size;
		ch->notification = chan->notification;
		ch->rights = KAURI_CHANNEL_READ | KAURI_CHANNEL_WRITE | KAURI_CHANNEL_SIGNAL | KAURI_CHANNEL_RECV;
		return 0;
	}
	return -1;
}
