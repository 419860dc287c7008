/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel's view of memory: where physical memory appears in its address
 * space, memory attributes (MAIR slots) and stage-1 descriptor fields.
 */
#ifndef ARCH_MEMORY_H
#define ARCH_MEMORY_H

#include <arch/sysreg.h>

/*
 * Physical memory is mapped linearly at KERNEL_WINDOW + pa (pa < 512 GiB).
 * At EL1 the window is the top 512 GiB of the TTBR1 range. At EL2 without
 * VHE there is only one (TTBR0) range, so the window is its top 512 GiB.
 */
#ifdef CONFIG_HYP
#define KERNEL_WINDOW		UL(0x0000ff8000000000)
#else
#define KERNEL_WINDOW		UL(0xffffff8000000000)
#endif

#define PAGE_SHIFT		12
#define PAGE_SIZE		(UL(1) << PAGE_SHIFT)
#define BLOCK_1G_SHIFT		30

/* MAIR slots (attribute index in descriptors) and their encodings. */
#define MT_DEVICE_nGnRnE	0
#define MT_DEVICE_nGnRE		1
#define MT_NORMAL		2
#define MT_NORMAL_NC		3
#define MAIR_VALUE		(UL(0x00) << (8 * MT_DEVICE_nGnRnE) | \
				 UL(0x04) << (8 * MT_DEVICE_nGnRE) | \
				 UL(0xff) << (8 * MT_NORMAL) | \
				 UL(0x44) << (8 * MT_NORMAL_NC))

/* Stage-1 descriptor fields (Arm ARM D8.3). */
#define DESC_VALID		(UL(1) << 0)
#define DESC_TABLE		(UL(3) << 0)
#define DESC_BLOCK		(UL(1) << 0)
#define DESC_PAGE		(UL(3) << 0)
#define DESC_ATTRIDX(i)		(UL(i) << 2)
#define DESC_AP_EL0		(UL(1) << 6)	/* AP[1]; RES1 in the EL2 regime */
#define DESC_AP_RO		(UL(1) << 7)	/* AP[2] */
#define DESC_SH_INNER		(UL(3) << 8)
#define DESC_AF			(UL(1) << 10)
#define DESC_NG			(UL(1) << 11)
#define DESC_PXN		(UL(1) << 53)
#define DESC_UXN		(UL(1) << 54)

/*
 * Kernel-only mappings, without the bits that differ between regimes: in
 * EL1's, AP = 0b00 is kernel-only and UXN keeps EL0 out; in EL2's, AP[1] is
 * RES1, bit 54 is plain XN (so kernel text must not have it) and PXN is RES0.
 */
#define DESC_NORMAL_BASE	(DESC_ATTRIDX(MT_NORMAL) | DESC_SH_INNER | DESC_AF)
#define DESC_DEVICE_BASE	(DESC_ATTRIDX(MT_DEVICE_nGnRE) | DESC_AF | DESC_UXN)
#ifdef CONFIG_HYP
#define DESC_KERNEL_NORMAL	(DESC_NORMAL_BASE | DESC_AP_EL0)
#else
#define DESC_KERNEL_NORMAL	(DESC_NORMAL_BASE | DESC_UXN)
#endif

/* TCR: 48-bit ranges, 4 KiB granule, inner shareable write-back walks. */
#define TCR_T0SZ_48		(UL(16) << 0)
#define TCR_IRGN0_WBWA		(UL(1) << 8)
#define TCR_ORGN0_WBWA		(UL(1) << 10)
#define TCR_SH0_INNER		(UL(3) << 12)
#define TCR_T1SZ_48		(UL(16) << 16)
#define TCR_IRGN1_WBWA		(UL(1) << 24)
#define TCR_ORGN1_WBWA		(UL(1) << 26)
#define TCR_SH1_INNER		(UL(3) << 28)
#define TCR_TG1_4K		(UL(2) << 30)
#define TCR_EL1_IPS_SHIFT	32
#define TCR_EL1_AS16		(UL(1) << 36)
#define TCR_EL2_PS_SHIFT	16
#define TCR_EL2_RES1		((UL(1) << 31) | (UL(1) << 23))

#define TCR_EL1_VALUE		(TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
				 TCR_T1SZ_48 | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA | TCR_SH1_INNER | \
				 TCR_TG1_4K | TCR_EL1_AS16)
#define TCR_EL2_VALUE		(TCR_T0SZ_48 | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
				 TCR_EL2_RES1)

/* SCTLR: MMU, data cache, instruction cache. */
#define SCTLR_M			(UL(1) << 0)
#define SCTLR_C			(UL(1) << 2)
#define SCTLR_I			(UL(1) << 12)

#ifndef __ASSEMBLY__
#include <stdint.h>
#include <string.h>

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(uintptr_t)(pa + KERNEL_WINDOW);
}

static inline uint64_t virt_to_phys(const void *va)
{
	return (uint64_t)(uintptr_t)va - KERNEL_WINDOW;
}

/* DCZID_EL0: bit 4 prohibits DC ZVA; bits 3:0 are log2 of its block in words. */
#define DCZID_DZP		(1UL << 4)
#define DCZID_BS_MASK		0xfUL

/*
 * Zeroes SIZE bytes of normal memory at P (the kernel's window): DC ZVA clears a block (64
 * bytes on the A53) an instruction where stores clear a word, when P and SIZE are whole
 * blocks (objects and boot memory are); memset otherwise.
 */
static inline void zero_memory(void *p, uint64_t size)
{
	uint64_t dczid = read_sysreg(dczid_el0), block = 4UL << (dczid & DCZID_BS_MASK);

	if ((dczid & DCZID_DZP) || (((uintptr_t)p | size) & (block - 1))) {
		memset(p, 0, size);
		return;
	}
	char *c = p, *end = c + size;

	/* Four blocks a round while there are four: fewer loop instructions a block. */
	for (; (uint64_t)(end - c) >= 4 * block; c += 4 * block)
		__asm__ volatile("dc zva, %0\n\tdc zva, %1\n\tdc zva, %2\n\tdc zva, %3"
				 : : "r"(c), "r"(c + block), "r"(c + 2 * block), "r"(c + 3 * block) : "memory");
	for (; c < end; c += block)
		__asm__ volatile("dc zva, %0" : : "r"(c) : "memory");
}
#endif

#ifndef __ASSEMBLY__
/* A range of physical memory. */
struct mem_region {
	uint64_t base;
	uint64_t size;
};
#endif

#endif
