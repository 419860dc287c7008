/* SPDX-License-Identifier: BSD-2-Clause */
/* make bench, HYP part: guest exits to the VMM and back (vcpu.c). */
#ifndef BENCH_VCPU_H
#define BENCH_VCPU_H

#include <uapi/kauri/bootinfo.h>

/* Prints the "VCPU exits" table and the wall-time line; needs the kernel at EL2. */
void bench_vcpu_exits(const struct kauri_bootinfo *bootinfo);

#endif
