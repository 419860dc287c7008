/* SPDX-License-Identifier: BSD-2-Clause */
/* A guest's PSCI calls (HVC or SMC, function id in x0) for a VM with one vCPU. */
#ifndef VMM_PSCI_H
#define VMM_PSCI_H

#include <stdint.h>

/* Function ids (Arm DEN 0022, PSCI): 0x84.. SMC32, 0xC4.. SMC64. */
#define PSCI_FN_SMC64			0x40000000u
#define PSCI_VERSION			0x84000000u
#define PSCI_CPU_SUSPEND		0x84000001u
#define PSCI_CPU_OFF			0x84000002u
#define PSCI_CPU_ON			0x84000003u
#define PSCI_AFFINITY_INFO		0x84000004u
#define PSCI_MIGRATE			0x84000005u
#define PSCI_MIGRATE_INFO_TYPE		0x84000006u
#define PSCI_MIGRATE_INFO_UP_CPU	0x84000007u
#define PSCI_SYSTEM_OFF			0x84000008u
#define PSCI_SYSTEM_RESET		0x84000009u
#define PSCI_FEATURES			0x8400000au

/* Return codes (signed, in x0). */
#define PSCI_RET_SUCCESS		0
#define PSCI_RET_NOT_SUPPORTED		(-1)
#define PSCI_RET_INVALID_PARAMETERS	(-2)
#define PSCI_RET_DENIED			(-3)
#define PSCI_RET_ALREADY_ON		(-4)

/* PSCI_VERSION's answer: major in [31:16], minor in [15:0]. 1.0, as the guest DTB says. */
#define PSCI_VERSION_1_0		0x00010000u
/* AFFINITY_INFO's states. */
#define PSCI_AFFINITY_ON		0
/* MIGRATE_INFO_TYPE 2: no Trusted OS that would need migrating. */
#define PSCI_MIGRATE_NOT_REQUIRED	2

/* The MPIDR affinity fields: Aff3 [39:32], Aff2..Aff0 [23:0]; SMC32 calls carry only [23:0]. */
#define PSCI_MPIDR_AFF_MASK64		0xff00ffffffull
#define PSCI_MPIDR_AFF_MASK32		0x00ffffffull

/* What the VMM does after it has written x0 back. */
enum psci_action {
	PSCI_ACTION_NONE,		/* resume the guest past the call */
	PSCI_ACTION_CPU_OFF,		/* the only vCPU is off: the guest is done */
	PSCI_ACTION_SYSTEM_OFF,		/* power off: the app ends with status 0 */
	PSCI_ACTION_SYSTEM_RESET,	/* reset: the app's restart policy decides */
};

struct psci_result {
	uint64_t x0;
	enum psci_action action;
};

/*
 * Handles the call in x[0] (function id) .. x[3] (arguments) of the vCPU whose MPIDR is MPIDR.
 * Any id that is not one of the calls above gets NOT_SUPPORTED (SMCCC's unknown function too).
 */
struct psci_result psci_call(const uint64_t x[4], uint64_t mpidr);

#endif
