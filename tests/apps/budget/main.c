/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * budget: spends its untyped budget (ut_4k_pages, ut_large_pages) to show it is
 * exactly what the manifest says. It maps one 4 KiB frame of its own making
 * next to its heap and uses it, then makes frames until the kernel says the
 * memory is gone, and counts them.
 * Then it tries what its own TCB, CNode and VSpace must not let it do.
 * Usage: budget HEAP_PAGES MAX_PRIORITY (its manifest's, so it knows where the heap ends)
 */
#include <stdint.h>
#include <stdlib.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
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

int main(int argc, char **argv, char **envp);

static unsigned int refusals, allowed;

static void expect_refused(const char *what, enum kauri_error err, enum kauri_error expected)
{
	if (err == expected) {
		kauri_printf("bounds: %s: refused (error %d: %s)\n", what, err, kauri_kernel_strerror(err));
		refusals++;
	} else {
		kauri_printf("bounds: %s: ALLOWED (%s, expected %s)\n", what, kauri_kernel_strerror(err),
			     kauri_kernel_strerror(expected));
		allowed++;
	}
}

/* What an app's own TCB, CNode and VSpace let it do is bounded by the kernel. */
static void try_bounds(unsigned int max_priority, kauri_cptr_t frame, kauri_cptr_t spare)
{
	kauri_word_t regs[1];
	kauri_word_t code = (kauri_word_t)main & ~0xfffUL;

	expect_refused("priority above its max_priority",
		       kauri_tcb_set_priority(KAURI_APP_CAP_TCB, KAURI_APP_CAP_TCB, max_priority + 1), KAURI_RANGE_ERROR);
	expect_refused("max_priority above its own",
		       kauri_tcb_set_mc_priority(KAURI_APP_CAP_TCB, KAURI_APP_CAP_TCB, max_priority + 1),
		       KAURI_RANGE_ERROR);
	expect_refused("a frame mapped twice", kauri_frame_map(frame, KAURI_APP_CAP_VSPACE, 0x20000000UL, KAURI_VM_READ),
		       KAURI_ILLEGAL_OPERATION);
	expect_refused("a frame mapped over its own code",
		       kauri_frame_map(spare, KAURI_APP_CAP_VSPACE, code, KAURI_VM_READ), KAURI_DELETE_FIRST);
	expect_refused("a frame mapped in the kernel's half",
		       kauri_frame_map(spare, KAURI_APP_CAP_VSPACE, 0xffffff8000000000UL, KAURI_VM_READ),
		       KAURI_RANGE_ERROR);
	expect_refused("a frame mapped writable and executable",
		       kauri_frame_map(spare, KAURI_APP_CAP_VSPACE, 0x20000000UL, KAURI_VM_READ | KAURI_VM_WRITE | KAURI_VM_EXEC),
		       KAURI_INVALID_ARGUMENT);
	expect_refused("reading its own registers", kauri_tcb_read_registers(KAURI_APP_CAP_TCB, 0, 1, regs),
		       KAURI_ILLEGAL_OPERATION);
	expect_refused("a slot past its CNode",
		       kauri_cnode_copy(KAURI_APP_CAP_CNODE, 1UL << KAURI_APP_CNODE_RADIX, 64, KAURI_APP_CAP_CNODE,
					KAURI_APP_CAP_TCB, 64, KAURI_ALL_RIGHTS),
		       KAURI_FAILED_LOOKUP);
	/* A read-only copy of its own frame as its IPC buffer: the kernel writes messages there. */
	if (kauri_cnode_copy(KAURI_APP_CAP_CNODE, SCRATCH_SLOT - 1, 64, KAURI_APP_CAP_CNODE, spare, 64,
			     KAURI_RIGHT_READ) == KAURI_OK)
		expect_refused("a read-only IPC buffer",
			       kauri_tcb_configure(KAURI_APP_CAP_TCB, KAURI_APP_CAP_SUPERVISOR, KAURI_APP_CAP_CNODE,
						   KAURI_APP_CAP_VSPACE, KAURI_APP_IPC_BUFFER, SCRATCH_SLOT - 1),
			       KAURI_INVALID_CAPABILITY);
	kauri_printf("bounds: %u refused, %u allowed\n", refusals, allowed);
}

int main(int argc, char **argv, char **envp)
{
	unsigned long heap_pages = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	unsigned int max_priority = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 0;
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
		kauri_printf("cannot make and map a frame: %s\n", kauri_kernel_strerror(err));
		return 1;
	}
	*(volatile uint64_t *)scratch = 0x6b61757269;
	kauri_printf("own frame at 0x%lx holds 0x%lx\n", (unsigned long)scratch,
		     (unsigned long)*(volatile uint64_t *)scratch);
	if (kauri_untyped_retype(first + count - 1, KAURI_FRAME_4K, 0, KAURI_APP_CAP_CNODE, 0, 0, next, 1) != KAURI_OK)
		return 1;
	try_bounds(max_priority, SCRATCH_SLOT, next++);

	for (unsigned int i = 0; i < count; i++) {
		kauri_untyped_budget(i, &slot, &bits);
		if (bits >= 21)
			large += spend(slot, KAURI_FRAME_2M, &next);
		else
			small += spend(slot, KAURI_FRAME_4K, &next);
	}
	kauri_printf("then made %lu more 4 KiB frames and %lu 2 MiB frames before the budget ran out\n", small, large);
	return allowed ? 1 : 0;
}
