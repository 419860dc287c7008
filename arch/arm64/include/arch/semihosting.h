/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting calls: how an image under QEMU ends the emulation with a status and writes a host file. */
#ifndef ARCH_SEMIHOSTING_H
#define ARCH_SEMIHOSTING_H

#include <stdint.h>

/*
 * Ends QEMU (run with -semihosting) with STATUS as its exit code. On a board
 * without a debugger attached, or with CONFIG_ARM_SEMIHOSTING=n, parks the CPU.
 */
void __attribute__((noreturn)) platform_exit(int status);

/*
 * Creates (or truncates) the host file NAME, relative to QEMU's working directory, and writes
 * LEN bytes of DATA (a kernel virtual address) to it: 0, or -1 when the host refused or
 * CONFIG_ARM_SEMIHOSTING is off.
 */
int semihosting_write_file(const char *name, const void *data, uint64_t len);

#endif
