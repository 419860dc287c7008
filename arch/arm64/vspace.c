/* SPDX-License-Identifier: BSD-2-Clause */
/* User page tables (stage 1 at EL1, stage 2 at EL2) and the kernel window's RAM mapping. */
#include <stdbool.h>
#include <stddef.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>
#include <kernel/vcpu.h>

#define PTE_ADDRESS_MASK	0x0000fffffffff000UL
#define LAST_LEVEL		3	/* 4 KiB pages */
#define GIB			(1UL << BLOCK_1G_SHIFT)

#ifdef CONFIG_HYP
/*
 * Stage-2 leaf attributes (Arm ARM D8.5): MemAttr[5:2] = 0b1111 normal
 * write-back, S2AP[7:6] read (01) / read-write (11), XN at bit 54.
 */
#define USER_PAGE_BASE		(DESC_PAGE | (UL(0xf) << 2) | DESC_SH_INNER | DESC_AF)
#define USER_READ		(UL(1) << 6)
#define USER_READ_WRITE		(UL(3) << 6)
#define USER_NO_EXEC		DESC_UXN

/* VTCR_EL2: 39-bit IPA (T0SZ 25) starting at level 1 (SL0 = 1), 4 KiB granule. */
#define VTCR_T0SZ		(UL(25) << 0)
#define VTCR_SL0_LEVEL1		(UL(1) << 6)
#define VTCR_IRGN0_WBWA		(UL(1) << 8)
#define VTCR_ORGN0_WBWA		(UL(1) << 10)
#define VTCR_SH0_INNER		(UL(3) << 12)
#define VTCR_PS_SHIFT		16
#define VTCR_RES1		(UL(1) << 31)
#else
/* Stage-1 user leaves: EL0-accessible (AP[1]), non-global (ASID-tagged), never kernel-executable. */
#define USER_PAGE_BASE		(DESC_PAGE | DESC_ATTRIDX(MT_NORMAL) | DESC_SH_INNER | DESC_AF | \
				 DESC_NG | DESC_PXN | DESC_AP_EL0)
#define USER_READ		DESC_AP_RO
#define USER_READ_WRITE		UL(0)
#define USER_NO_EXEC		DESC_UXN
#define TCR_T0SZ_MASK		UL(0x3f)
#define TCR_T0SZ_USER		(64 - USER_VA_BITS)
#endif

/* The boot stage's level-1 table for the kernel window (head.S). */
extern const uint64_t boot_l1_window_phys;

void arch_mmu_init(void)
{
#ifdef CONFIG_HYP
	unsigned int pa_range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	if (pa_range > 5)
		pa_range = 5;
	write_sysreg(vtcr_el2, VTCR_T0SZ | VTCR_SL0_LEVEL1 | VTCR_IRGN0_WBWA | VTCR_ORGN0_WBWA |
		     VTCR_SH0_INNER | VTCR_RES1 | (uint64_t)pa_range << VTCR_PS_SHIFT);
	write_sysreg(vttbr_el2, 0);
	write_sysreg(hcr_el2, HCR_NATIVE);
	vcpu_init();
	__asm__ volatile("isb; tlbi alle1; dsb sy; isb");
#else
	/* The boot identity map is no longer needed: user space gets TTBR0 (48 bits). */
	uint64_t tcr = read_sysreg(tcr_el1);

	tcr = (tcr & ~TCR_T0SZ_MASK) | TCR_T0SZ_USER;
	write_sysreg(ttbr0_el1, 0);
	write_sysreg(tcr_el1, tcr);
	__asm__ volatile("isb; tlbi vmalle1; dsb sy; isb");
#endif
}

void arch_map_ram(struct mem_region *regions, unsigned int *count)
{
	uint64_t *boot_l1_window = phys_to_virt(boot_l1_window_phys);
	unsigned int kept = 0;

	for (unsigned int i = 0; i < *count; i++) {
		uint64_t start = (regions[i].base + GIB - 1) & ~(GIB - 1);
		uint64_t end = (regions[i].base + regions[i].size) & ~(GIB - 1);
		uint64_t first_mapped = 0, last_mapped = 0;

		for (uint64_t block = regions[i].base & ~(GIB - 1);
		     block < regions[i].base + regions[i].size; block += GIB) {
			unsigned int index = (unsigned int)((block >> BLOCK_1G_SHIFT) & 511);
			uint64_t *entry = &boot_l1_window[index];
			bool whole = block >= start && block + GIB <= end;

			if (whole && !(*entry & DESC_VALID))
				*entry = block | DESC_KERNEL_NORMAL | DESC_BLOCK;
			/* Already mapped as normal memory by the boot stage (the image's block)? */
			if ((*entry & DESC_VALID) && ((*entry >> 2) & 7) == MT_NORMAL) {
				if (!last_mapped)
					first_mapped = block;
				last_mapped = block + GIB;
			}
		}
		if (last_mapped) {
			uint64_t base = regions[i].base > first_mapped ? regions[i].base : first_mapped;
			uint64_t limit = regions[i].base + regions[i].size;

			if (limit > last_mapped)
				limit = last_mapped;
			regions[kept++] = (struct mem_region){ base, limit - base };
		}
	}
	*count = kept;
	__asm__ volatile("dsb ishst; isb");
}

static uint64_t *table_virt(uint64_t entry)
{
	return phys_to_virt(entry & PTE_ADDRESS_MASK);
}

/* Level 0 resolves address bits [47:39], level 3 bits [20:12]. */
static unsigned int level_index(uint64_t va, unsigned int level)
{
	return (unsigned int)((va >> (39 - 9 * level)) & 511);
}

#ifdef CONFIG_HYP
#define USER_DEVICE_ATTR	(UL(0x1) << 2)	/* stage-2 MemAttr: device nGnRE */
#define USER_NORMAL_ATTR	(UL(0xf) << 2)
#define LEAF_ATTR_MASK		(UL(0xf) << 2)
#else
#define USER_DEVICE_ATTR	DESC_ATTRIDX(MT_DEVICE_nGnRE)
#define USER_NORMAL_ATTR	DESC_ATTRIDX(MT_NORMAL)
#define LEAF_ATTR_MASK		DESC_ATTRIDX(7)
#endif

/* The page descriptor that gives user code RIGHTS to PA; device memory never executes. */
static uint64_t user_leaf(uint64_t pa, unsigned int rights, bool device)
{
	return pa | (USER_PAGE_BASE & ~LEAF_ATTR_MASK) | (device ? USER_DEVICE_ATTR | USER_NO_EXEC : USER_NORMAL_ATTR) |
	       ((rights & VM_WRITE) ? USER_READ_WRITE : USER_READ) | ((rights & VM_EXEC) ? 0 : USER_NO_EXEC);
}

int vspace_map_page(struct vspace *vspace, uint64_t va, uint64_t pa, unsigned int rights,
		    table_allocator_fn allocate_table)
{
	uint64_t *table = phys_to_virt(vspace->root);

	if (va >= USER_VA_TOP || (va | pa) & (PAGE_SIZE - 1) || !(rights & VM_READ) ||
	    ((rights & VM_WRITE) && (rights & VM_EXEC)))
		return -1;
	for (unsigned int level = USER_ROOT_LEVEL; level < LAST_LEVEL; level++) {
		unsigned int index = level_index(va, level);
		uint64_t entry = table[index];

		if (!(entry & DESC_VALID)) {
			uint64_t next = allocate_table();

			if (!next)
				return -2;
			entry = next | DESC_TABLE;
			table[index] = entry;
		}
		table = table_virt(entry);
	}
	table[level_index(va, LAST_LEVEL)] = user_leaf(pa, rights, false);
	__asm__ volatile("dsb ishst");
	return 0;
}

/*
 * What a thread without a VSpace runs in: an empty table (ASID 0), so its
 * every access faults instead of walking whatever lies at physical address 0.
 */
static uint64_t empty_user_root[512] __attribute__((aligned(4096)));

uint64_t vspace_value(const struct vspace *vspace)
{
	if (!vspace || !vspace->root)
		return virt_to_phys(empty_user_root);
	return vspace->root | (uint64_t)vspace->asid << 48;
}

void vspace_activate(const struct vspace *vspace)
{
	vspace_load(vspace_value(vspace));
}

uint64_t vspace_active_value(void)
{
#ifdef CONFIG_HYP
	return read_sysreg(vttbr_el2);
#else
	return read_sysreg(ttbr0_el1);
#endif
}

/* The entry for VA at LEVEL (1..3), or NULL if a table on the way is missing. */
static uint64_t *walk(const struct vspace *vspace, uint64_t va, unsigned int level)
{
	uint64_t *table = phys_to_virt(vspace->root);

	for (unsigned int l = USER_ROOT_LEVEL; l < level; l++) {
		uint64_t entry = table[level_index(va, l)];

		if ((entry & DESC_TABLE) != DESC_TABLE)
			return NULL;
		table = table_virt(entry);
	}
	return &table[level_index(va, level)];
}

int arch_find_leaf(const struct vspace *vspace, uint64_t va, bool large, uint64_t **entry)
{
	uint64_t *e = walk(vspace, va, large ? 2 : 3);

	if (!e)
		return MAP_MISSING_TABLE;
	if (*e & DESC_VALID)
		return MAP_OCCUPIED;
	*entry = e;
	return MAP_OK;
}

void arch_set_leaf(uint64_t *entry, uint64_t pa, bool large, unsigned int rights, bool device)
{
	uint64_t leaf = user_leaf(pa, rights, device);

	if (large)
		leaf = (leaf & ~DESC_PAGE) | DESC_BLOCK;
	*entry = leaf;
	__asm__ volatile("dsb ishst");
	if (rights & VM_EXEC)
		__asm__ volatile("ic iallu; dsb ish; isb");
}

void arch_flush_asid(uint16_t asid)
{
#ifdef CONFIG_HYP
	uint64_t saved = read_sysreg(vttbr_el2);

	write_sysreg(vttbr_el2, (uint64_t)asid << 48);
	__asm__ volatile("isb; tlbi vmalls12e1is; dsb ish; isb");
	write_sysreg(vttbr_el2, saved);
	__asm__ volatile("isb");
#else
	__asm__ volatile("dsb ishst; tlbi aside1is, %0; dsb ish; isb" : : "r"((uint64_t)asid << 48));
#endif
}

void arch_unmap_frame(const struct vspace *vspace, uint64_t va, uint64_t pa, bool large)
{
	uint64_t *entry = walk(vspace, va, large ? 2 : 3);

	if (!entry || !(*entry & DESC_VALID) || (*entry & PTE_ADDRESS_MASK) != pa)
		return;
	*entry = 0;
	arch_flush_asid(vspace->asid);
}

int arch_find_table_slot(const struct vspace *vspace, uint64_t va, uint64_t **entry, unsigned int *level)
{
	for (unsigned int l = USER_ROOT_LEVEL; l < LAST_LEVEL; l++) {
		uint64_t *e = walk(vspace, va, l);

		if (!e)
			return MAP_MISSING_TABLE;	/* cannot happen: the previous level exists */
		if (!(*e & DESC_VALID)) {
			*entry = e;
			*level = l + 1;
			return MAP_OK;
		}
		if ((*e & DESC_TABLE) != DESC_TABLE)
			return MAP_OCCUPIED;		/* a 2 MiB frame is mapped there */
	}
	return MAP_OCCUPIED;
}

void arch_set_table(uint64_t *entry, uint64_t table_pa)
{
	*entry = table_pa | DESC_TABLE;
	__asm__ volatile("dsb ishst");
}

void arch_unmap_table(const struct vspace *vspace, uint64_t va, uint64_t table_pa, unsigned int level)
{
	uint64_t *entry = walk(vspace, va, level - 1);

	if (!entry || (*entry & DESC_TABLE) != DESC_TABLE || (*entry & PTE_ADDRESS_MASK) != table_pa)
		return;
	*entry = 0;
	arch_flush_asid(vspace->asid);
}

/* The rights and memory type a user leaf descriptor gives (the inverse of user_leaf). */
static void decode_leaf(uint64_t entry, struct arch_pte_view *view)
{
	view->rights = VM_READ;
	if ((entry & (USER_READ | USER_READ_WRITE)) == USER_READ_WRITE)
		view->rights |= VM_WRITE;
	if (!(entry & USER_NO_EXEC))
		view->rights |= VM_EXEC;
	view->device = (entry & LEAF_ATTR_MASK) == USER_DEVICE_ATTR;
}

void arch_vspace_walk(uint64_t root, void (*visit)(void *ctx, const struct arch_pte_view *entry), void *ctx)
{
	uint64_t *tables[LAST_LEVEL + 1];
	unsigned int index[LAST_LEVEL + 1];
	uint64_t base[LAST_LEVEL + 1];
	unsigned int level = USER_ROOT_LEVEL;

	tables[level] = phys_to_virt(root);
	index[level] = 0;
	base[level] = 0;
	/* Depth first without recursion: INDEX[l] is the next entry to look at on level l. */
	for (;;) {
		const uint64_t *table = tables[level];
		unsigned int i = index[level];
		uint64_t entry;
		struct arch_pte_view view;

		while (i < 512 && !(table[i] & DESC_VALID))
			i++;
		if (i == 512) {
			if (level == USER_ROOT_LEVEL)
				return;
			level--;
			continue;
		}
		index[level] = i + 1;
		entry = table[i];
		view.va = base[level] + ((uint64_t)i << (39 - 9 * level));
		view.level = level;
		view.pa = entry & PTE_ADDRESS_MASK;
		view.table = level < LAST_LEVEL && (entry & DESC_TABLE) == DESC_TABLE;
		view.rights = 0;
		view.device = false;
		if (!view.table)
			decode_leaf(entry, &view);
		visit(ctx, &view);
		if (view.table) {
			level++;
			tables[level] = table_virt(entry);
			index[level] = 0;
			base[level] = view.va;
		}
	}
}
