/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * budget: spends its untyped budget (ut_4k_pages, ut_large_pages) to show it is
 * exactly what the manifest says. It maps one 4 KiB frame of its own making
 * next to its heap and uses it, then makes frames until the kernel says the
 * memory is gone, and counts them.
 * Usage: budget HEAP_PAGES (its manifest heap_pages, so it knows where the heap ends)
 */
#include <stdint.h>
#include <stdlib.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/syscalls.h>

#define SCRATCH_SLOT	160	/* free slots of its CNode from here on, for the objects it makes */
#define LAST_SLOT	255

/*
 * Frames of TYPE made from UNTYPED into the slots from *NEXT on until the
 * kernel refuses: kept, since an untyped with no children left starts over.
 */
static unsigned long spend(kauri_cptr_t untyped, enum kauri_object_type type, kauri_cptr_t *next)
{
	unsigned long n = 0;

	while (*next <= LAST_SLOT &&
	       kauri_untyped_retype(untyped, type, 0, KAURI_APP_CAP_CNODE, 0, 0, *next, 1) == KAURI_OK) {
		(*next)++;
		n++;
	}
	return n;
}

int main(int argc, char **argv, char **envp)
{
	unsigned long heap_pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	kauri_word_t scratch = KAURI_APP_HEAP + heap_pages * 4096;
	unsigned long bytes = 0, small = 0, large = 0;
	kauri_cptr_t slot, first = 0, next = SCRATCH_SLOT + 1;
	unsigned int bits, count = 0;
	enum kauri_error err;

	(void)envp;
	for (unsigned int i = 0; kauri_untyped_budget(i, &slot, &bits) == 0; i++) {
		kauri_printf("untyped %u: slot %lu, 2^%u bytes\n", i, (unsigned long)slot, bits);
		bytes += 1UL << bits;
		if (!count++)
			first = slot;
	}
	kauri_printf("budget: %u untypeds, %lu KiB\n", count, bytes / 1024);
	if (!count)
		return 1;

	/* A frame of its own, mapped where its heap ends (the heap's page table covers it), written and read. */
	err = kauri_untyped_retype(first + count - 1, KAURI_FRAME_4K, 0, KAURI_APP_CAP_CNODE, 0, 0, SCRATCH_SLOT, 1);
	if (err == KAURI_OK)
		err = kauri_frame_map(SCRATCH_SLOT, KAURI_APP_CAP_VSPACE, scratch, KAURI_VM_READ | KAURI_VM_WRITE);
	if (err != KAURI_OK) {
		kauri_printf("cannot make and map a frame: error %d\n", err);
		return 1;
	}
	*(volatile uint64_t *)scratch = 0x6b61757269;
	kauri_printf("own frame at 0x%lx holds 0x%lx\n", (unsigned long)scratch,
		     (unsigned long)*(volatile uint64_t *)scratch);

	for (unsigned int i = 0; i < count; i++) {
		kauri_untyped_budget(i, &slot, &bits);
		if (bits >= 21)
			large += spend(slot, KAURI_FRAME_2M, &next);
		else
			small += spend(slot, KAURI_FRAME_4K, &next);
	}
	kauri_printf("then made %lu more 4 KiB frames and %lu 2 MiB frames before the budget ran out\n", small, large);
	return 0;
}
