/* SPDX-License-Identifier: BSD-2-Clause */
/* SDHCI on PCI: find the SD host controller on bus 0 and give its registers an address. */
#include <drivers/sdhci_pci.h>

#define CLASS_SD_HOST	0x0805

int sdhci_pci_probe(const struct sdhci_pci_config *config, struct pci_function *fn, volatile void **regs)
{
	uint64_t next = config->window_pa, addr, size;

	if (pci_find_class(config->ecam, CLASS_SD_HOST, fn) ||
	    pci_assign_bar(config->ecam, fn, 0, config->window_pa, config->window_size, &next, &addr, &size))
		return -1;
	pci_enable_memory(config->ecam, fn);
	*regs = config->window + (addr - config->window_pa);
	return 0;
}
