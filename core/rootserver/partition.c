/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Partition rights (kauri/block.h): the storage server knows its clients only by the badges of
 * their protocol capabilities, which are the apps' numbers (app_badge); it asks here what an
 * app's resources/partitions entry gives it on a partition, and serves exactly that.
 */
#include <string.h>
#include <stdio.h>
#include <kauri/block.h>
#include <kauri/syscalls.h>
#include "partition.h"
#include "request.h"

static const struct kauri_manifest *manifest;

void partition_init(const struct kauri_manifest *m)
{
	manifest = m;
}

static bool publishes_block_protocol(const struct manifest_app *ma)
{
	for (uint32_t i = 0; i < ma->npublishes; i++)
		if (strcmp(ma->publishes[i], MANIFEST_BLOCK_PROTOCOL) == 0)
			return true;
	return false;
}

void partition_request(struct app *app, kauri_word_t info)
{
	char name[KAURI_PROTOCOL_NAME_MAX + 1];
	const struct manifest_app *client;
	kauri_word_t badge, rights = 0;
	unsigned int words;

	if (!publishes_block_protocol(app->entry)) {
		request_refused(app, "asking for partition rights");
		return;
	}
	if (!request_name(info, name))
		return;
	words = (unsigned int)(strlen(name) + 7) / 8;
	if (kauri_msginfo_length(info) < 2 + words) {
		request_error(KAURI_PROTOCOL_BAD_REQUEST);
		return;
	}
	badge = kauri_get_mr(1 + words);
	if (badge < 1 || badge > manifest->napps) {
		request_error(KAURI_PROTOCOL_BAD_REQUEST);
		return;
	}
	client = &manifest->apps[badge - 1];
	for (uint32_t i = 0; i < client->npartitions; i++)
		if (strcmp(client->partitions[i].name, name) == 0)
			rights = (client->partitions[i].rights & MANIFEST_RIGHT_READ ? KAURI_BLOCK_READ_RIGHT : 0) |
				 (client->partitions[i].rights & MANIFEST_RIGHT_WRITE ? KAURI_BLOCK_WRITE_RIGHT : 0);
	kauri_set_mr(0, rights);
	kauri_reply(kauri_msginfo(0, 0, 0, 1));
}
