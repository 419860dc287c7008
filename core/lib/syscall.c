/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri system-call stubs (ABI in kauri/syscall.h). */
#include <stdint.h>
#include <kauri/debug.h>
#include <kauri/syscall.h>

static inline uint64_t syscall1(uint64_t number, uint64_t arg0)
{
	register uint64_t x0 __asm__("x0") = arg0;
	register uint64_t x7 __asm__("x7") = number;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "memory");
	return x0;
}

void kauri_debug_putchar(char c)
{
	syscall1(KAURI_SYS_DEBUG_PUTCHAR, (uint8_t)c);
}

void kauri_debug_puts(const char *s)
{
	while (*s)
		kauri_debug_putchar(*s++);
}

void kauri_debug_exit(int status)
{
	syscall1(KAURI_SYS_DEBUG_EXIT, (uint64_t)(int64_t)status);
	for (;;)
		;
}

void kauri_yield(void)
{
	syscall1(KAURI_SYS_YIELD, 0);
}
