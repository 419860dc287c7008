/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * PCI configuration through ECAM (PCI Express Base Specification, "Enhanced Configuration Access
 * Mechanism"), for a user-level driver that owns a host bridge nobody has set up: QEMU virt's
 * PCIe, where no firmware assigns BARs. Bus 0 only: the functions on the root complex.
 */
#ifndef DRIVERS_PCI_ECAM_H
#define DRIVERS_PCI_ECAM_H

#include <stdint.h>

/* Bus 0's configuration space, mapped (1 MiB: 32 devices x 8 functions x 4 KiB). */
struct pci_ecam {
	volatile uint8_t *config;
	uint64_t size;
};

struct pci_function {
	uint8_t device, function;
	uint16_t vendor_id, device_id;
	uint32_t class_code;		/* base class, subclass, programming interface */
};

/* The first function on bus 0 whose base class and subclass are CLASS_SUBCLASS (0x0805: SD host): 0, or -1. */
int pci_find_class(const struct pci_ecam *ecam, uint16_t class_subclass, struct pci_function *fn);

/*
 * Sizes memory BAR number BAR of FN and places it at the first suitably aligned address of the
 * window [window, window + window_size) at or after *next, which moves past it; memory decoding
 * and bus mastering stay off. *ADDR and *SIZE say where. 0, or -1 (an I/O or absent BAR, or no room).
 */
int pci_assign_bar(const struct pci_ecam *ecam, const struct pci_function *fn, unsigned int bar, uint64_t window,
		   uint64_t window_size, uint64_t *next, uint64_t *addr, uint64_t *size);

/* Memory decoding on (bus mastering stays off: the function cannot reach memory by DMA). */
void pci_enable_memory(const struct pci_ecam *ecam, const struct pci_function *fn);

/*
 * Bus mastering on: the function may now read and write memory by DMA, anywhere (no IOMMU), so
 * only for a driver that programs it with addresses it was given for that (sdhci.h's SDMA buffer).
 */
void pci_enable_bus_master(const struct pci_ecam *ecam, const struct pci_function *fn);

#endif
