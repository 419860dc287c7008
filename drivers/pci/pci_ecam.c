/* SPDX-License-Identifier: BSD-2-Clause */
/* Bus 0 of a PCIe host bridge through ECAM: find a function by class, size and place a BAR. */
#include <stdbool.h>
#include <stddef.h>
#include <drivers/pci_ecam.h>

#define CFG_VENDOR_ID		0x00
#define CFG_DEVICE_ID		0x02
#define CFG_COMMAND		0x04
#define CFG_CLASS_REVISION	0x08	/* class code in bits 31:8 */
#define CFG_HEADER_TYPE		0x0e
#define CFG_BAR0		0x10

#define COMMAND_MEMORY		(1u << 1)
#define COMMAND_BUS_MASTER	(1u << 2)
#define HEADER_MULTIFUNCTION	0x80
#define BAR_IO			(1u << 0)
#define BAR_TYPE_64		(2u << 1)
#define BAR_TYPE_MASK		(3u << 1)
#define BAR_MEMORY_MASK		(~0xfu)
#define NO_DEVICE		0xffff

static volatile uint8_t *function_config(const struct pci_ecam *ecam, unsigned int device, unsigned int function)
{
	uint64_t off = (uint64_t)device << 15 | (uint64_t)function << 12;

	return off < ecam->size ? ecam->config + off : NULL;
}

static uint32_t read32(volatile uint8_t *cfg, unsigned int off)
{
	return *(volatile uint32_t *)(cfg + off);
}

static uint16_t read16(volatile uint8_t *cfg, unsigned int off)
{
	return *(volatile uint16_t *)(cfg + off);
}

static void write32(volatile uint8_t *cfg, unsigned int off, uint32_t v)
{
	*(volatile uint32_t *)(cfg + off) = v;
}

static void write16(volatile uint8_t *cfg, unsigned int off, uint16_t v)
{
	*(volatile uint16_t *)(cfg + off) = v;
}

int pci_find_class(const struct pci_ecam *ecam, uint16_t class_subclass, struct pci_function *fn)
{
	for (unsigned int dev = 0; dev < 32; dev++) {
		for (unsigned int f = 0; f < 8; f++) {
			volatile uint8_t *cfg = function_config(ecam, dev, f);
			uint32_t class_code;

			if (!cfg || read16(cfg, CFG_VENDOR_ID) == NO_DEVICE) {
				if (f == 0)
					break;	/* no device: no other functions either */
				continue;
			}
			class_code = read32(cfg, CFG_CLASS_REVISION) >> 8;
			if (class_code >> 8 == class_subclass) {
				*fn = (struct pci_function){ .device = (uint8_t)dev, .function = (uint8_t)f,
							     .vendor_id = read16(cfg, CFG_VENDOR_ID),
							     .device_id = read16(cfg, CFG_DEVICE_ID),
							     .class_code = class_code };
				return 0;
			}
			if (f == 0 && !(*(cfg + CFG_HEADER_TYPE) & HEADER_MULTIFUNCTION))
				break;
		}
	}
	return -1;
}

int pci_assign_bar(const struct pci_ecam *ecam, const struct pci_function *fn, unsigned int bar, uint64_t window,
		   uint64_t window_size, uint64_t *next, uint64_t *addr, uint64_t *size)
{
	volatile uint8_t *cfg = function_config(ecam, fn->device, fn->function);
	unsigned int off = CFG_BAR0 + 4 * bar;
	uint32_t orig, low, high = 0xffffffffu;
	uint64_t mask, bar_size, base;
	bool is64;

	if (!cfg || bar > 5)
		return -1;
	/* Decoding off while the BAR reads back its size mask. */
	write16(cfg, CFG_COMMAND, read16(cfg, CFG_COMMAND) & (uint16_t)~(COMMAND_MEMORY | COMMAND_BUS_MASTER));
	orig = read32(cfg, off);
	if (orig & BAR_IO)
		return -1;
	is64 = (orig & BAR_TYPE_MASK) == BAR_TYPE_64;
	if (is64 && bar == 5)
		return -1;
	write32(cfg, off, 0xffffffffu);
	low = read32(cfg, off) & BAR_MEMORY_MASK;
	if (is64) {
		write32(cfg, off + 4, 0xffffffffu);
		high = read32(cfg, off + 4);
	}
	mask = (uint64_t)high << 32 | low;
	if (low == 0 && (!is64 || high == 0))
		return -1;	/* an unimplemented BAR */
	bar_size = ~mask + 1;
	if (!is64)
		bar_size &= 0xffffffffu;
	base = (*next + bar_size - 1) & ~(bar_size - 1);
	if (base < window || base - window > window_size || bar_size > window_size - (base - window) ||
	    (!is64 && base + bar_size > 0x100000000ull))
		return -1;
	write32(cfg, off, (uint32_t)base | (orig & ~BAR_MEMORY_MASK));
	if (is64)
		write32(cfg, off + 4, (uint32_t)(base >> 32));
	*next = base + bar_size;
	*addr = base;
	*size = bar_size;
	return 0;
}

void pci_enable_memory(const struct pci_ecam *ecam, const struct pci_function *fn)
{
	volatile uint8_t *cfg = function_config(ecam, fn->device, fn->function);

	if (cfg)
		write16(cfg, CFG_COMMAND, (read16(cfg, CFG_COMMAND) | COMMAND_MEMORY) & (uint16_t)~COMMAND_BUS_MASTER);
}

void pci_enable_bus_master(const struct pci_ecam *ecam, const struct pci_function *fn)
{
	volatile uint8_t *cfg = function_config(ecam, fn->device, fn->function);

	if (cfg)
		write16(cfg, CFG_COMMAND, read16(cfg, CFG_COMMAND) | COMMAND_BUS_MASTER);
}
