/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting calls: how an image under QEMU ends the emulation with a status. */
#ifndef ARCH_SEMIHOSTING_H
#define ARCH_SEMIHOSTING_H

/*
 * Ends QEMU (run with -semihosting) with STATUS as its exit code. On a board
 * without a debugger attached, or with CONFIG_ARM_SEMIHOSTING=n, parks the CPU.
 */
void __attribute__((noreturn)) platform_exit(int status);

#endif
