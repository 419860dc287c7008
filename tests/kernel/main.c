/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel test suite, run as the root server (like sel4test): one line per
 * test case, then "N passed, N failed"; the run's exit status is the verdict.
 */
#include "env.h"

struct test_case {
	const char *name;
	void (*fn)(void);
};

static const struct test_case tests[] = {
#define TEST_ENTRY(name) { #name, test_##name },
#include "tests.def"
#undef TEST_ENTRY
};

void kauri_start(const struct kauri_bootinfo *bootinfo);

/* The largest RAM untyped for the tests, a 1 MiB-or-so one to exhaust, a device one. */
static void pick_untypeds(const struct kauri_bootinfo *bi)
{
	unsigned int n = (unsigned int)(bi->untyped.end - bi->untyped.start);
	int best = -1, spare = -1;

	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (u->is_device) {
			if (!env.device_untyped && u->size_bits >= 12 && u->size_bits <= 24) {
				env.device_untyped = bi->untyped.start + i;
				env.device_paddr = u->paddr;
				env.device_bits = u->size_bits;
			}
			continue;
		}
		if (best < 0 || u->size_bits > bi->untyped_list[best].size_bits)
			best = (int)i;
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (!u->is_device && (int)i != best && u->size_bits >= 16 && u->size_bits <= 22 &&
		    (spare < 0 || u->size_bits < bi->untyped_list[spare].size_bits))
			spare = (int)i;
	}
	for (unsigned int i = 0; i < n; i++) {
		const struct kauri_untyped_desc *u = &bi->untyped_list[i];

		if (!u->is_device && (int)i != best && (int)i != spare && u->size_bits >= 12 && !env.keep_untyped)
			env.keep_untyped = bi->untyped.start + i;
	}
	env.untyped = bi->untyped.start + (unsigned int)best;
	env.untyped_bits = bi->untyped_list[best].size_bits;
	if (spare >= 0) {
		env.spare_untyped = bi->untyped.start + (unsigned int)spare;
		env.spare_bits = bi->untyped_list[spare].size_bits;
	}
}

/* Empties every slot a test used, then returns all memory it retyped. */
static void cleanup(void)
{
	kauri_cnode_revoke(ROOT_CNODE, env.untyped, DEPTH);
	if (env.spare_untyped)
		kauri_cnode_revoke(ROOT_CNODE, env.spare_untyped, DEPTH);
	if (env.device_untyped)
		kauri_cnode_revoke(ROOT_CNODE, env.device_untyped, DEPTH);
	for (kauri_word_t s = env.first_slot; s < env.next_slot; s++)
		kauri_cnode_delete(ROOT_CNODE, s, DEPTH);
	env.next_slot = env.first_slot;
	env.next_vaddr = 0x10000000UL;
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	unsigned int passed = 0, failed = 0;
	kauri_cptr_t park;

	env.bootinfo = bootinfo;
	env.next_slot = bootinfo->empty.start;
	pick_untypeds(bootinfo);
	/* A notification nobody signals, from an untyped the tests never revoke:
	 * threads park on it when their function returns. */
	park = slot_alloc();
	if (!env.keep_untyped ||
	    kauri_untyped_retype(env.keep_untyped, KAURI_NOTIFICATION, 0, ROOT_CNODE, 0, 0, park, 1) != KAURI_OK) {
		kauri_printf("kernel tests: cannot set up (no spare untyped memory)\n");
		kauri_debug_exit(2);
	}
	env.first_slot = env.next_slot;
	env.next_vaddr = 0x10000000UL;

	kauri_printf("kernel tests: %u cases, untyped %u bits for tests\n",
		     (unsigned int)(sizeof(tests) / sizeof(tests[0])), env.untyped_bits);
	for (unsigned int i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		env.failure = 0;
		tests[i].fn();
		if (env.failure) {
			kauri_printf("FAIL %s: line %d: %s\n", tests[i].name, env.failure_line, env.failure);
			failed++;
		} else {
			kauri_printf("PASS %s\n", tests[i].name);
			passed++;
		}
		cleanup();
	}
	kauri_printf("%u passed, %u failed\n", passed, failed);
	kauri_debug_exit(failed ? 1 : 0);
}
