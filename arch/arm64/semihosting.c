/* SPDX-License-Identifier: BSD-2-Clause */
/* Arm semihosting SYS_EXIT_EXTENDED, so that QEMU exits with the image's status. */
#include <stdint.h>
#include <arch/semihosting.h>

#define SEMIHOSTING_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026

void platform_exit(int status)
{
#ifdef CONFIG_ARM_SEMIHOSTING
	/* AArch64 SYS_EXIT takes a block {reason, subcode}; subcode is the status. */
	static volatile uint64_t block[2];
	register uint64_t op __asm__("x0") = SEMIHOSTING_SYS_EXIT;
	register uint64_t arg __asm__("x1") = (uint64_t)(uintptr_t)block;

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint64_t)(int64_t)status;
	__asm__ volatile("hlt #0xf000" : : "r"(op), "r"(arg) : "memory");
#endif
	for (;;)
		__asm__ volatile("wfi");
}
