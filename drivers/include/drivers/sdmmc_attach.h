/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The storage controller this build drives, found among the MMIO ranges a manifest entry gives
 * its driver (by the names the front end expects), set up and its card brought to the transfer
 * state. The storage server runs it on its own devices; the root server on the same ranges of
 * the same manifest entry, to read a release slot before any app starts.
 *
 * Front ends and the ranges they take (the first whose range is there is used):
 *   CONFIG_SDHCI_PCI (sdhci-pci): "pcie_ecam", bus 0's configuration space, and "pcie_window",
 *   the PCIe memory window the controller's registers are placed at the start of.
 *   CONFIG_SDHCI_MMIO: "sdhci", an SDHCI controller's registers (the Raspberry Pi 4's EMMC2).
 *   CONFIG_USDHC: "usdhc", an i.MX uSDHC's registers.
 */
#ifndef DRIVERS_SDMMC_ATTACH_H
#define DRIVERS_SDMMC_ATTACH_H

#include <stdint.h>
#include <drivers/pci_ecam.h>
#include <drivers/sdhci.h>
#include <drivers/sdmmc.h>
#include <drivers/usdhc.h>

/* One MMIO range, as the manifest names it: physically and where the caller mapped it. */
struct sdmmc_mmio {
	const char *name;
	volatile void *base;
	uint64_t phys, size;
};

struct sdmmc_controller {
	struct sdmmc_card card;
	struct sdmmc_host *host;	/* the host driver the front end set up */
	char name[32];			/* "SDHCI 3.00 at 00:02.0", "uSDHC at 0x30b60000" */
	char description[128];		/* "SDHCI 3.00 at 00:02.0, SD card ...": for the console */
	char error[128];		/* why sdmmc_attach failed */
	/* The host drivers' state: the front end in use fills its own. */
	struct sdhci sdhci;
	struct sdhci_config sdhci_config;
	struct pci_ecam ecam;
	struct usdhc usdhc;
	struct usdhc_config usdhc_config;
};

/*
 * Finds the controller in the N ranges MMIO, resets it and brings its card up, with timeouts
 * read from TICKS (TICKS_PER_MS of them a millisecond). DMA, when not NULL, is a bounce buffer the
 * controller may use (sdhci.h; sdhci-pci only: PCI on QEMU virt is cache-coherent). 0, or -1 with the reason in C->error.
 */
int sdmmc_attach(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
		 uint64_t (*ticks)(void), uint64_t ticks_per_ms, const struct sdhci_dma_buffer *dma);

/* The names of the ranges the front ends this build has take (NULL-terminated): a driver opens these. */
extern const char *const sdmmc_mmio_names[];

/* The range called NAME among the N of MMIO, or NULL. */
const struct sdmmc_mmio *sdmmc_mmio_find(const struct sdmmc_mmio *mmio, unsigned int n, const char *name);

#endif
