/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Spends the app's untyped budget on the guest's memory. Every object goes into a free slot of
 * the VMM's own CNode (slot numbers are addresses, depth 64); a frame capability maps once, so
 * each RAM page has two: one for the VMM's VSpace, a copy for the guest's.
 */
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
#include <kauri/map.h>
#include <kauri/vm.h>
#include "guest_ram.h"

#define SLOT_DEPTH	64
#define SLOTS		(1ull << KAURI_VM_CNODE_RADIX)
#define PAGE_2M		(1ull << KAURI_FRAME_2M_SIZE_BITS)
#define PAGE_4K		(1ull << KAURI_FRAME_4K_SIZE_BITS)
/*
 * The VMM's view of guest RAM (at most 4 GiB): below 2^39 as every address of an app, clear of
 * <kauri/app.h>'s (heap, channels, devices up to 0x70000000; initrd from 0x7000000000) and of
 * the vm settings and files from KAURI_APP_VM.
 */
#define RAM_WINDOW	0x4000000000ull
/* What one last-level table of 2 MiB blocks covers. */
#define PAGE_TABLE_SPAN	(1ull << 30)

int vm_budget_read(struct vm_budget *b, kauri_cptr_t last_used)
{
	kauri_cptr_t slot, highest = last_used;
	unsigned int bits;

	b->count = 0;
	while (b->count < VM_BUDGET_MAX && kauri_untyped_budget(b->count, &slot, &bits) == 0) {
		b->untyped[b->count] = slot;
		b->size_bits[b->count++] = bits;
		if (slot > highest)
			highest = slot;
	}
	if (!b->count) {
		kauri_printf("vm: the app has no untyped budget: guest RAM needs ut_large_pages, its page tables ut_4k_pages\n");
		return -1;
	}
	/* The root server filled the slots below its last grant; everything after that is ours. */
	b->next_slot = highest < KAURI_APP_FIRST_FREE ? KAURI_APP_FIRST_FREE : highest + 1;
	return 0;
}

/* COUNT free slots in a row, or 0 when the CNode has no more. */
static kauri_cptr_t take_slots(struct vm_budget *b, uint64_t count)
{
	kauri_cptr_t first = b->next_slot;

	if (count > SLOTS || first > SLOTS - count)
		return 0;
	b->next_slot += count;
	return first;
}

/*
 * A page table from the budget (a struct vm_budget, as kauri_page_table_maker's context),
 * taken from the 4 KiB-page untypeds, which come last, first.
 */
static kauri_cptr_t make_page_table(void *budget)
{
	struct vm_budget *b = budget;
	kauri_cptr_t slot = take_slots(b, 1);

	if (!slot)
		return 0;
	for (unsigned int i = b->count; i-- > 0;)
		if (kauri_untyped_retype(b->untyped[i], KAURI_PAGE_TABLE, 0, KAURI_APP_CAP_CNODE, 0, 0, slot, 1) ==
		    KAURI_OK)
			return slot;
	return 0;
}

/*
 * Frame.Map, making the page tables that are missing on the way from the budget.
 * 0, or -1 after printing why WHAT could not be mapped.
 */
static int map_making_tables(struct vm_budget *b, kauri_cptr_t frame, kauri_cptr_t vspace, uint64_t vaddr,
			     unsigned int rights, const char *what)
{
	const struct kauri_page_table_maker tables = { .make = make_page_table, .context = b };
	int err = kauri_frame_map_making_tables(frame, vspace, vaddr, rights, &tables);

	if (err == KAURI_MAP_NO_PAGE_TABLE) {
		kauri_printf("vm: cannot map %s at 0x%llx: no untyped budget left for a page table (ut_4k_pages)\n",
			     what, (unsigned long long)vaddr);
		return -1;
	}
	if (err != KAURI_OK) {
		kauri_printf("vm: cannot map %s at 0x%llx: %s\n", what, (unsigned long long)vaddr,
			     kauri_kernel_strerror(err));
		return -1;
	}
	return 0;
}

/* How many 2 MiB pages the budget's 2 MiB-page untypeds hold; they come first. */
static uint64_t large_page_budget(const struct vm_budget *b)
{
	uint64_t pages = 0;

	for (unsigned int i = 0; i < b->count && b->size_bits[i] >= KAURI_FRAME_2M_SIZE_BITS; i++)
		pages += 1ull << (b->size_bits[i] - KAURI_FRAME_2M_SIZE_BITS);
	return pages;
}

/*
 * Guest RAM made on first touch (the guest's stage-2 fault or the VMM's own pointer into it):
 * where each page's two capabilities go, and the untyped the next one comes from. The budget
 * was counted when the guest was made, so a page can always be made later.
 */
static struct on_demand_ram {
	struct guest_memory_pages pages;
	struct vm_budget *budget;
	kauri_cptr_t frames, copies;	/* page i: frames + i (the VMM's), copies + i (the guest's) */
	uint64_t ram_ipa;
	unsigned int untyped;		/* index in the budget of the untyped the next page comes from */
} on_demand;

/* Page I of guest RAM: in the VMM's VSpace through FRAME, in the guest's through GUEST_COPY. */
static int map_ram_page(struct vm_budget *b, kauri_cptr_t frame, kauri_cptr_t guest_copy, uint64_t ram_ipa,
			uint64_t i)
{
	enum kauri_error err;

	if (map_making_tables(b, frame, KAURI_APP_CAP_VSPACE, RAM_WINDOW + i * PAGE_2M, KAURI_VM_READ | KAURI_VM_WRITE,
			      "guest RAM into the VMM"))
		return -1;
	err = kauri_cnode_copy(KAURI_APP_CAP_CNODE, guest_copy, SLOT_DEPTH, KAURI_APP_CAP_CNODE, frame, SLOT_DEPTH,
			       KAURI_ALL_RIGHTS);
	if (err != KAURI_OK) {
		kauri_printf("vm: cannot copy a guest RAM capability: %s\n", kauri_kernel_strerror(err));
		return -1;
	}
	/* The guest runs code from its RAM and writes it, as a machine's RAM allows. */
	return map_making_tables(b, guest_copy, KAURI_VM_CAP_GUEST_VSPACE, ram_ipa + i * PAGE_2M,
				 KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC,
				 "guest RAM, readable, writable and executable, into the guest");
}

/* A 2 MiB frame (zeroed by the kernel) for page INDEX, mapped for the VMM and the guest. */
static int make_ram_page(struct guest_memory_pages *pages, uint64_t index)
{
	struct on_demand_ram *r = (struct on_demand_ram *)pages;
	struct vm_budget *b = r->budget;
	enum kauri_error err = KAURI_NOT_ENOUGH_MEMORY;

	/* An untyped that is used up says so; the next one with 2 MiB pages is tried. */
	for (; r->untyped < b->count && b->size_bits[r->untyped] >= KAURI_FRAME_2M_SIZE_BITS; r->untyped++) {
		err = kauri_untyped_retype(b->untyped[r->untyped], KAURI_FRAME_2M, 0, KAURI_APP_CAP_CNODE, 0, 0,
					   r->frames + index, 1);
		if (err != KAURI_NOT_ENOUGH_MEMORY)
			break;
	}
	if (err != KAURI_OK) {
		kauri_printf("vm: cannot make guest RAM at IPA 0x%llx: %s\n",
			     (unsigned long long)(r->ram_ipa + index * PAGE_2M), kauri_kernel_strerror(err));
		return -1;
	}
	return map_ram_page(b, r->frames + index, r->copies + index, r->ram_ipa, index);
}

int guest_ram_make(struct vm_budget *b, uint32_t ram_mb, uint64_t ram_ipa, struct guest_memory *ram)
{
	uint64_t pages = (uint64_t)ram_mb * 1024 * 1024 / PAGE_2M, have = large_page_budget(b);
	kauri_cptr_t frames = take_slots(b, pages), copies = take_slots(b, pages);

	if (pages > GUEST_MEMORY_MAX_PAGES || !frames || !copies) {
		kauri_printf("vm: the VMM's CNode has no room for %llu pages of guest RAM\n", (unsigned long long)pages);
		return -1;
	}
	if (have < pages) {
		kauri_printf("vm: guest RAM of %llu MiB needs %llu 2 MiB pages of untyped budget (ut_large_pages), "
			     "the app has %llu\n", (unsigned long long)(pages * 2), (unsigned long long)pages,
			     (unsigned long long)have);
		return -1;
	}
	on_demand = (struct on_demand_ram){ .pages.make = make_ram_page, .budget = b, .frames = frames,
					    .copies = copies, .ram_ipa = ram_ipa };
	guest_memory_init(ram, (void *)RAM_WINDOW, ram_ipa, pages * PAGE_2M);
	guest_memory_on_demand(ram, &on_demand.pages);
	/*
	 * The first page of every GiB now: it makes the page tables both mappings need there, so
	 * that a budget short of page tables (ut_4k_pages) shows before the guest starts.
	 */
	for (uint64_t i = 0; i < pages; i += PAGE_TABLE_SPAN / PAGE_2M)
		if (!guest_memory_ptr(ram, ram_ipa + i * PAGE_2M, 1))
			return -1;
	return 0;
}

int guest_ram_map_gicv(struct vm_budget *b, uint64_t gicc_ipa)
{
	static const kauri_cptr_t pages[] = { KAURI_VM_CAP_GICV, KAURI_VM_CAP_GICV_2 };

	for (unsigned int i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		if (map_making_tables(b, pages[i], KAURI_VM_CAP_GUEST_VSPACE, gicc_ipa + i * PAGE_4K,
				      KAURI_VM_READ | KAURI_VM_WRITE, "the GIC's virtual CPU interface into the guest"))
			return -1;
	return 0;
}
