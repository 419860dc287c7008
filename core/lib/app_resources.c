/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * libkauri: where the app's untyped budget and initrd are (the root server put them there); a
 * board reset; for the admin service, the running release and how apps ended.
 */
#include <string.h>
#include <kauri/app.h>
#include <kauri/syscalls.h>

long kauri_untyped_budget(unsigned int i, kauri_cptr_t *slot, unsigned int *size_bits)
{
	kauri_word_t info;

	kauri_set_mr(0, i);
	info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_UNTYPED, 0, 0, 1));
	if (kauri_msginfo_label(info) != 0)
		return -(long)kauri_msginfo_label(info);
	*slot = kauri_get_mr(0);
	*size_bits = (unsigned int)kauri_get_mr(1);
	return 0;
}

long kauri_initrd(const void **base, size_t *size)
{
	kauri_word_t info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_INITRD, 0, 0, 0));

	if (kauri_msginfo_label(info) != 0)
		return -(long)kauri_msginfo_label(info);
	*base = (const void *)kauri_get_mr(0);
	*size = kauri_get_mr(1);
	return 0;
}

long kauri_reset_board(void)
{
	kauri_word_t info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_RESET, 0, 0, 0));

	return -(long)kauri_msginfo_label(info);
}

long kauri_release_info(struct kauri_release *release)
{
	kauri_word_t info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_RELEASE, 0, 0, 0));

	if (kauri_msginfo_label(info) != 0)
		return -(long)kauri_msginfo_label(info);
	release->slot = (char)kauri_get_mr(0);
	release->on_trial = kauri_get_mr(1) != 0;
	release->manifest = (const void *)KAURI_APP_RELEASE_MANIFEST;
	release->manifest_size = kauri_get_mr(2);
	release->overlay = (uint32_t)kauri_get_mr(3);
	return 0;
}

long kauri_app_state(const char *name, long *status)
{
	kauri_word_t info = kauri_call_text(KAURI_APP_CAP_SUPERVISOR, KAURI_MSG_APP_STATE, name, strlen(name));

	if (kauri_msginfo_label(info) != 0)
		return -(long)kauri_msginfo_label(info);
	*status = (long)kauri_get_mr(1);
	return (long)kauri_get_mr(0);
}

long kauri_watchdog(unsigned long timeout_ms)
{
	kauri_set_mr(0, timeout_ms);
	return -(long)kauri_msginfo_label(kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_WATCHDOG, 0, 0, 1)));
}
