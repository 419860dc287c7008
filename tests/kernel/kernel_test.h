/* SPDX-License-Identifier: BSD-2-Clause */
/* The kernel test suite: the root-server helpers (tests/rootserver/env.h) and the tests. */
#ifndef KERNEL_TEST_H
#define KERNEL_TEST_H

#include "../rootserver/env.h"

/* The tests: each a void function, listed in tests.def. */
#define KERNEL_TEST(name) void test_##name(void)
#define TEST_ENTRY(name) KERNEL_TEST(name);
#include "tests.def"
#undef TEST_ENTRY

#endif
