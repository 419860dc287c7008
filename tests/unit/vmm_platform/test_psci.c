/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of vmm/psci.c: every call a one-vCPU guest may make, SMC32 and SMC64. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "psci.h"

#define MPIDR 0x80000000ull	/* bit 31 RES1, affinity 0.0.0.0 */

static struct psci_result call(uint64_t x0, uint64_t x1, uint64_t x2, uint64_t x3)
{
	const uint64_t x[4] = { x0, x1, x2, x3 };

	return psci_call(x, MPIDR);
}

static void assert_ret(struct psci_result r, int64_t code, enum psci_action action)
{
	assert_int_equal((int64_t)r.x0, code);
	assert_int_equal(r.action, action);
}

static void version_and_features(void **state)
{
	(void)state;
	assert_ret(call(PSCI_VERSION, 0, 0, 0), 0x10000, PSCI_ACTION_NONE);
	/* The upper half of x0 is not part of an SMC32 function id. */
	assert_ret(call(0xdead000000000000ull | PSCI_VERSION, 0, 0, 0), 0x10000, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_FEATURES, PSCI_VERSION, 0, 0), PSCI_RET_SUCCESS, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_FEATURES, PSCI_CPU_ON | PSCI_FN_SMC64, 0, 0), PSCI_RET_SUCCESS, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0), PSCI_RET_SUCCESS, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_FEATURES, PSCI_CPU_SUSPEND, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	/* SMCCC_VERSION: not there, so the guest assumes SMCCC 1.0. */
	assert_ret(call(PSCI_FEATURES, 0x80000000, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), PSCI_MIGRATE_NOT_REQUIRED, PSCI_ACTION_NONE);
}

/* CPU_ON and AFFINITY_INFO name a CPU by MPIDR: only the caller's own exists. */
static void calls_naming_a_cpu(void **state)
{
	static const struct {
		uint64_t x0, x1, x2;
		int64_t ret;
	} cases[] = {
		{ PSCI_CPU_ON | PSCI_FN_SMC64, 0, 0x40080000, PSCI_RET_ALREADY_ON },
		{ PSCI_CPU_ON, 0, 0x40080000, PSCI_RET_ALREADY_ON },
		{ PSCI_CPU_ON | PSCI_FN_SMC64, 1, 0x40080000, PSCI_RET_INVALID_PARAMETERS },
		{ PSCI_CPU_ON | PSCI_FN_SMC64, 0x100000000ull, 0, PSCI_RET_INVALID_PARAMETERS },
		/* SMC32: only w1 counts. */
		{ PSCI_CPU_ON, 0xffffffff00000000ull, 0, PSCI_RET_ALREADY_ON },
		{ PSCI_AFFINITY_INFO | PSCI_FN_SMC64, 0, 0, PSCI_AFFINITY_ON },
		{ PSCI_AFFINITY_INFO, 0, 0, PSCI_AFFINITY_ON },
		{ PSCI_AFFINITY_INFO | PSCI_FN_SMC64, 0x101, 0, PSCI_RET_INVALID_PARAMETERS },
		/* Levels above 0: none without a hierarchy. */
		{ PSCI_AFFINITY_INFO | PSCI_FN_SMC64, 0, 1, PSCI_RET_INVALID_PARAMETERS },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_ret(call(cases[i].x0, cases[i].x1, cases[i].x2, 0), cases[i].ret, PSCI_ACTION_NONE);
}

static void power_calls(void **state)
{
	(void)state;
	assert_int_equal(call(PSCI_SYSTEM_OFF, 0, 0, 0).action, PSCI_ACTION_SYSTEM_OFF);
	assert_int_equal(call(PSCI_SYSTEM_RESET, 0, 0, 0).action, PSCI_ACTION_SYSTEM_RESET);
	assert_ret(call(PSCI_CPU_OFF, 0, 0, 0), PSCI_RET_DENIED, PSCI_ACTION_CPU_OFF);
}

static void unknown_calls(void **state)
{
	(void)state;
	assert_ret(call(PSCI_CPU_SUSPEND, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	assert_ret(call(PSCI_MIGRATE, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	assert_ret(call(0x84000012, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	assert_ret(call(0x86000000, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	assert_ret(call(0, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
	/* SMC64 versions of calls that only have an SMC32 id. */
	assert_ret(call(PSCI_SYSTEM_OFF | PSCI_FN_SMC64, 0, 0, 0), PSCI_RET_NOT_SUPPORTED, PSCI_ACTION_NONE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(version_and_features),
		cmocka_unit_test(calls_naming_a_cpu),
		cmocka_unit_test(power_calls),
		cmocka_unit_test(unknown_calls),
	};

	return cmocka_run_group_tests_name("vmm psci", tests, NULL, NULL);
}
