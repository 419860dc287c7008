/* SPDX-License-Identifier: BSD-2-Clause */
/* The benchmarks use the kernel test suite's helpers (threads, objects, mappings). */
#include "../kernel/env.c"
