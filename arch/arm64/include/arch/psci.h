/* SPDX-License-Identifier: BSD-2-Clause */
/* PSCI (Arm DEN 0022): the firmware call that resets the machine. */
#ifndef ARCH_PSCI_H
#define ARCH_PSCI_H

#include <stdbool.h>

/* How the firmware's PSCI is reached: the device tree's /psci "method". */
enum psci_conduit {
	PSCI_NONE,
	PSCI_HVC,
	PSCI_SMC,
};

/* Whether SYSTEM_RESET can be called through CONDUIT from the level the kernel runs at. */
bool psci_can_reset(enum psci_conduit conduit);

/* SYSTEM_RESET: returns only if the firmware refuses it. */
void psci_system_reset(enum psci_conduit conduit);

#endif
