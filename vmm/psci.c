/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI 1.0 for a one-vCPU guest: CPU_ON is refused, power off and reset go to the VMM. */
#include <stdbool.h>
#include "psci.h"

static uint64_t ret(int64_t code)
{
	return (uint64_t)code;
}

/* Whether TARGET names this vCPU; SMC32 calls carry no Aff3. */
static bool is_this_cpu(uint64_t target, uint64_t mpidr, bool smc64)
{
	uint64_t mask = smc64 ? PSCI_MPIDR_AFF_MASK64 : PSCI_MPIDR_AFF_MASK32;

	return (target & mask) == (mpidr & mask) && (smc64 || (target >> 32) == 0);
}

/* The calls PSCI_FEATURES reports as there: every one psci_call answers other than by refusing. */
static bool implemented(uint32_t fn)
{
	switch (fn) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_FN_SMC64:
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_FN_SMC64:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES:
		return true;
	default:
		return false;
	}
}

struct psci_result psci_call(const uint64_t x[4], uint64_t mpidr)
{
	/* SMCCC: the function id is w0; bit 30 says whether the arguments are 64-bit. */
	uint32_t fn = (uint32_t)x[0];
	bool smc64 = (fn & PSCI_FN_SMC64) != 0;
	uint64_t a1 = smc64 ? x[1] : (uint32_t)x[1];
	uint64_t a2 = smc64 ? x[2] : (uint32_t)x[2];
	struct psci_result r = { .x0 = ret(PSCI_RET_NOT_SUPPORTED), .action = PSCI_ACTION_NONE };

	switch (fn) {
	case PSCI_VERSION:
		r.x0 = PSCI_VERSION_1_0;
		break;
	case PSCI_FEATURES:
		r.x0 = implemented((uint32_t)x[1]) ? ret(PSCI_RET_SUCCESS) : ret(PSCI_RET_NOT_SUPPORTED);
		break;
	case PSCI_CPU_ON:
	case PSCI_CPU_ON | PSCI_FN_SMC64:
		/* One vCPU: the caller is the only CPU there is, and it is on. */
		r.x0 = is_this_cpu(a1, mpidr, smc64) ? ret(PSCI_RET_ALREADY_ON) : ret(PSCI_RET_INVALID_PARAMETERS);
		break;
	case PSCI_AFFINITY_INFO:
	case PSCI_AFFINITY_INFO | PSCI_FN_SMC64:
		/* PSCI 1.0 leaves levels above 0 optional; without a hierarchy there are none. */
		if (a2 != 0 || !is_this_cpu(a1, mpidr, smc64))
			r.x0 = ret(PSCI_RET_INVALID_PARAMETERS);
		else
			r.x0 = ret(PSCI_AFFINITY_ON);
		break;
	case PSCI_MIGRATE_INFO_TYPE:
		r.x0 = PSCI_MIGRATE_NOT_REQUIRED;
		break;
	case PSCI_CPU_OFF:
		/* Returns only if it fails; the guest will not run again. */
		r.x0 = ret(PSCI_RET_DENIED);
		r.action = PSCI_ACTION_CPU_OFF;
		break;
	case PSCI_SYSTEM_OFF:
		r.action = PSCI_ACTION_SYSTEM_OFF;
		break;
	case PSCI_SYSTEM_RESET:
		r.action = PSCI_ACTION_SYSTEM_RESET;
		break;
	default:
		break;
	}
	return r;
}
