/* SPDX-License-Identifier: BSD-2-Clause */
/* Stack-protector hooks: the prebuilt libfdt.a is compiled with -fstack-protector. */
#include <stdint.h>
#include <arch/semihosting.h>
#include <kernel/printk.h>

void __stack_chk_fail(void) __attribute__((noreturn));

/* A fixed canary; the kernel has no entropy this early, and libfdt only reads the DTB at boot. */
uintptr_t __stack_chk_guard = 0x595e9fbd94fda766ULL;

void __stack_chk_fail(void)
{
	printk("kernel: stack smashing detected in %p\n", __builtin_return_address(0));
	platform_exit(3);
}
