/* SPDX-License-Identifier: BSD-2-Clause */
/* kos_admin_protocol's client call (kauri/admin.h). */
#include <kauri/admin.h>
#include <kauri/syscalls.h>

long kauri_admin_status(kauri_cptr_t ep, struct kauri_admin_status *status)
{
	kauri_word_t info = kauri_call(ep, kauri_msginfo(KAURI_ADMIN_STATUS, 0, 0, 0));

	if (kauri_msginfo_label(info) != 0 || kauri_msginfo_length(info) < KAURI_ADMIN_STATUS_WORDS)
		return -KAURI_ADMIN_E_REQUEST;
	*status = (struct kauri_admin_status){
		.slot = (char)kauri_get_mr(0), .on_trial = kauri_get_mr(1) != 0,
		.release_version = (uint32_t)kauri_get_mr(2), .highest_version = kauri_get_mr(3),
		.last_trial = (uint8_t)kauri_get_mr(4), .last_trial_slot = (char)kauri_get_mr(5),
		.inbox_outcome = (uint32_t)kauri_get_mr(6), .overlay = (uint32_t)kauri_get_mr(7),
	};
	return 0;
}
