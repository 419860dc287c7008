/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel test suite, run as the root server (like sel4test): one line per
 * test case, then "N passed, N failed"; the run's exit status is the verdict.
 */
#include <string.h>
#include "kernel_test.h"

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

/* With KERNEL_TESTS (make kernel-test KERNEL_TESTS="a b"), only the tests it names run. */
static bool selected(const char *name)
{
#ifdef KERNEL_TESTS
	const char *list = KERNEL_TESTS;
	size_t len = strlen(name);

	for (const char *p = list; *p; p++)
		if ((p == list || p[-1] == ' ') && !strncmp(p, name, len) && (p[len] == ' ' || !p[len]))
			return true;
	return false;
#else
	(void)name;
	return true;
#endif
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
	env.device_frame = 0;
	env.next_vaddr = 0x10000000UL;
	kauri_tcb_set_priority(ROOT_TCB, ROOT_TCB, 255);
}

void kauri_start(const struct kauri_bootinfo *bootinfo)
{
	unsigned int passed = 0, failed = 0;

	env_init(bootinfo);
	/*
	 * The kernel checks its own invariants after every test and every cleanup
	 * (the fuzzer after every system call): a violation stops the run, naming it.
	 */
	if (kauri_machine_check_invariants(KAURI_CAP_MACHINE, KAURI_INVARIANTS_NOW) != KAURI_OK) {
		kauri_printf("FAIL kernel tests: this kernel has no invariant checker (CONFIG_KERNEL_INVARIANTS=n);\n"
			     "  make kernel-test builds the test kernel with it\n");
		kauri_machine_power_off(KAURI_CAP_MACHINE, 1);
	}

	kauri_printf("kernel tests: %u cases, untyped %u bits for tests\n",
		     (unsigned int)(sizeof(tests) / sizeof(tests[0])), env.untyped_bits);
	for (unsigned int i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		if (!selected(tests[i].name))
			continue;
		env.failure = 0;
		tests[i].fn();
		kauri_machine_check_invariants(KAURI_CAP_MACHINE, KAURI_INVARIANTS_NOW);
		if (env.failure) {
			kauri_printf("FAIL %s: line %d: %s\n", tests[i].name, env.failure_line, env.failure);
			failed++;
		} else {
			kauri_printf("PASS %s\n", tests[i].name);
			passed++;
		}
		cleanup();
		kauri_machine_check_invariants(KAURI_CAP_MACHINE, KAURI_INVARIANTS_NOW);
	}
	kauri_printf("%u passed, %u failed\n", passed, failed);
	kauri_machine_power_off(KAURI_CAP_MACHINE, failed ? 1 : 0);
}
