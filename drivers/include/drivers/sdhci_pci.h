/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDHCI front end for PCI (QEMU's sdhci-pci): the controller found by class, its BAR placed. */
#ifndef DRIVERS_SDHCI_PCI_H
#define DRIVERS_SDHCI_PCI_H

#include <stdint.h>
#include <drivers/pci_ecam.h>

/* Where the host bridge's memory window is: physically, and mapped here. */
struct sdhci_pci_config {
	const struct pci_ecam *ecam;
	volatile uint8_t *window;
	uint64_t window_pa, window_size;
};

/*
 * The first SD host controller (class 08, subclass 05) on bus 0, its registers (BAR 0) placed at
 * the window's start and decoded: *FN says which function, *REGS where they are mapped.
 * 0, or -1 when there is none or its BAR does not fit the window.
 */
int sdhci_pci_probe(const struct sdhci_pci_config *config, struct pci_function *fn, volatile void **regs);

#endif
