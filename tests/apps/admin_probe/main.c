/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * admin_probe: asks the admin service for its status (kos_admin_protocol) and prints it, for
 * tests/system/upgrade-test.sh; then sends a request the protocol does not have, which must be
 * refused.
 */
#include <kauri/admin.h>
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

int main(void)
{
	long ep = kauri_protocol_connect(KAURI_ADMIN_PROTOCOL);
	struct kauri_admin_status s;
	kauri_word_t info;

	if (ep < 0) {
		kauri_printf("connect to %s refused: %s\n", KAURI_ADMIN_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	if (kauri_admin_status((kauri_cptr_t)ep, &s) != 0) {
		kauri_printf("status refused\n");
		return 1;
	}
	kauri_printf("status: slot %c, on trial %d, release version %u, highest installed %lu, last trial %u of slot %c, "
		     "inbox outcome %u, overlay %08x\n", s.slot ? s.slot : '-', s.on_trial, s.release_version,
		     (unsigned long)s.highest_version, s.last_trial, s.last_trial_slot ? s.last_trial_slot : '-',
		     s.inbox_outcome, s.overlay);
	info = kauri_call((kauri_cptr_t)ep, kauri_msginfo(99, 0, 0, 0));
	kauri_printf("request 99: label %lu\n", (unsigned long)kauri_msginfo_label(info));
	return 0;
}
