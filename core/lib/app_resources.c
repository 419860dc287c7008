/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: where the app's untyped budget and initrd are (the root server put them there); a board reset. */
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
