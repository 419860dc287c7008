/* SPDX-License-Identifier: BSD-2-Clause */
/* The SDHCI front end for a controller at a fixed address (the Raspberry Pi 4's EMMC2). */
#ifndef DRIVERS_SDHCI_MMIO_H
#define DRIVERS_SDHCI_MMIO_H

#include <stdint.h>

/*
 * Whether the SIZE bytes mapped at REGS hold an SDHCI controller: 0, or -1 when the range is
 * too small for its registers or its version register names no SDHCI version (a wrong address
 * in the manifest reads as nothing, or as another device).
 */
int sdhci_mmio_probe(volatile void *regs, uint64_t size);

#endif
