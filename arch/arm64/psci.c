/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI SYSTEM_RESET through SMC or HVC (SMC Calling Convention: function ID in x0). */
#include <stdint.h>
#include <arch/psci.h>
#include <arch/sysreg.h>

#define PSCI_0_2_SYSTEM_RESET	0x84000009u

bool psci_can_reset(enum psci_conduit conduit)
{
	/* An HVC from EL2 is taken at EL2: the kernel's own vector, not the firmware. */
	return conduit == PSCI_SMC || (conduit == PSCI_HVC && current_el() == 1);
}

void psci_system_reset(enum psci_conduit conduit)
{
	register uint64_t x0 __asm__("x0") = PSCI_0_2_SYSTEM_RESET;

	/* The callee may change x0-x17 (SMCCC 1.0). */
	if (conduit == PSCI_SMC)
		__asm__ volatile("smc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				 "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	else if (conduit == PSCI_HVC)
		__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10",
				 "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
}
