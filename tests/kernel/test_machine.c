/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine capability's watchdog: bounded, and petted in time it never fires. (That it resets
 * the machine when it is not petted is the upgrade suite's: a reset ends this run.)
 */
#include <kauri/counter.h>
#include "kernel_test.h"

KERNEL_TEST(machine_watchdog_bounded_and_petted)
{
	uint64_t end;

	CHECK_ERR(kauri_machine_watchdog(KAURI_CAP_MACHINE, KAURI_WATCHDOG_MAX_MS + 1), KAURI_RANGE_ERROR);
	CHECK_ERR(kauri_machine_watchdog(KAURI_CAP_MACHINE, ~0UL), KAURI_RANGE_ERROR);
	/*
	 * Petted every millisecond or so with a 300 ms timeout for 700 ms: the machine goes on. The
	 * kernel's ticks follow the counter, which under QEMU follows the host's clock, so the
	 * timeout leaves room for the host stalling QEMU under load (a 20 ms one fired once in CI).
	 */
	CHECK_OK(kauri_machine_watchdog(KAURI_CAP_MACHINE, 300));
	end = kauri_counter() + 700 * kauri_counter_per_ms();
	while (kauri_counter() < end) {
		uint64_t next = kauri_counter() + kauri_counter_per_ms();

		CHECK_OK(kauri_machine_watchdog(KAURI_CAP_MACHINE, 300));
		while (kauri_counter() < next)
			;
	}
	/* Disarmed: 400 ms later, well past the last deadline, the machine still runs this test. */
	CHECK_OK(kauri_machine_watchdog(KAURI_CAP_MACHINE, 0));
	end = kauri_counter() + 400 * kauri_counter_per_ms();
	while (kauri_counter() < end)
		;
	CHECK_OK(kauri_machine_watchdog(KAURI_CAP_MACHINE, KAURI_WATCHDOG_MAX_MS));
	CHECK_OK(kauri_machine_watchdog(KAURI_CAP_MACHINE, 0));
}
