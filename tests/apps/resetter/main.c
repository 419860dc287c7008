/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * resetter: asks the root server for what only the admin service may have: the running release,
 * how another app ended, the watchdog, and a board reset; says each answer. The reset returns
 * only when refused. With the argument "inspect" it checks the answers a release-admin app gets
 * (for the suite's app holding only that right) instead of printing them raw.
 */
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/lib_error.h>
#include <uapi/kauri/invocation.h>

/* What a release-admin app is told: the built-in release, its manifest a DTB; the apps' ends. */
static void inspect(void)
{
	static const unsigned char dtb_magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };
	struct kauri_release r;
	long status = -1, end;

	if (kauri_release_info(&r) == 0)
		kauri_printf("release: slot %s, on trial %d, manifest %s (%lu bytes)\n", r.slot ? "card" : "built-in",
			     r.on_trial, memcmp(r.manifest, dtb_magic, 4) == 0 ? "a DTB" : "not a DTB",
			     (unsigned long)r.manifest_size);
	end = kauri_app_state("no_right", &status);
	kauri_printf("app no_right: end %ld, status %ld\n", end, status);
	end = kauri_app_state("no_such_app", &status);
	kauri_printf("app no_such_app: %s\n", end < 0 ? kauri_lib_strerror(end) : "answered");
	kauri_printf("watchdog past its bound: %s\n", kauri_lib_strerror(kauri_watchdog(KAURI_WATCHDOG_MAX_MS + 1)));
	kauri_printf("watchdog disarmed: %s\n", kauri_lib_strerror(kauri_watchdog(0)));
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_release r;
	long status, err;

	(void)envp;
	if (argc > 1 && strcmp(argv[1], "inspect") == 0) {
		inspect();
	} else {
		kauri_printf("release info: %s\n", kauri_lib_strerror(kauri_release_info(&r)));
		kauri_printf("app state: %s\n", kauri_lib_strerror(kauri_app_state("resetter", &status)));
		kauri_printf("watchdog: %s\n", kauri_lib_strerror(kauri_watchdog(1000)));
	}
	err = kauri_reset_board();
	kauri_printf("reset refused: %s\n", kauri_lib_strerror(err));
	return 1;
}
