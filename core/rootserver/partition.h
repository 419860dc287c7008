/* SPDX-License-Identifier: BSD-2-Clause */
/* The storage server's question: which rights the manifest gives an app on a partition. */
#ifndef ROOTSERVER_PARTITION_H
#define ROOTSERVER_PARTITION_H

#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "app.h"

/* The manifest the answers come from. */
void partition_init(const struct kauri_manifest *m);

/* KAURI_MSG_PARTITION (kauri/block.h): answered for the app that publishes kos_block_protocol only. */
void partition_request(struct app *app, kauri_word_t info);

#endif
