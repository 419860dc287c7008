/* SPDX-License-Identifier: BSD-2-Clause */
/* SDHCI at a fixed address from the manifest: checks that the range holds a controller. */
#include <drivers/mmio.h>
#include <drivers/sdhci_mmio.h>

#define REGISTERS_SIZE		0x100
#define HOST_VERSION		0xfe
#define SPEC_VERSION(v)		((v) & 0xff)
#define SPEC_VERSION_MAX	5	/* 4.20 */

int sdhci_mmio_probe(volatile void *regs, uint64_t size)
{
	if (size < REGISTERS_SIZE)
		return -1;
	return SPEC_VERSION(mmio_read16(regs, HOST_VERSION)) <= SPEC_VERSION_MAX ? 0 : -1;
}
