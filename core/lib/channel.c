/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: asking the root server where one of the app's channels is and what it may do with it. */
#include <string.h>
#include <kauri/app.h>
#include <kauri/channel.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

long kauri_channel_open(const char *name, struct kauri_channel *ch)
{
	long err = kauri_request_by_name(KAURI_MSG_CHANNEL, name);

	if (err)
		return err;
	ch->base = (void *)kauri_get_mr(0);
	ch->size = kauri_get_mr(1);
	ch->notification = kauri_get_mr(2);
	ch->rights = (unsigned int)kauri_get_mr(3);
	return 0;
}
