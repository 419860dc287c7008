/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri debug system calls (present when the kernel has CONFIG_DEBUG_SYSCALLS). */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <klib/format.h>
#include <kauri/debug.h>
#include <kauri/syscalls.h>

static inline uint64_t debug_syscall(uint64_t number, uint64_t arg0)
{
	register uint64_t x0 __asm__("x0") = arg0;
	register uint64_t x7 __asm__("x7") = number;

	__asm__ volatile("svc #0" : "+r"(x0) : "r"(x7) : "memory");
	return x0;
}

void kauri_debug_putchar(char c)
{
	debug_syscall(KAURI_SYS_DEBUG_PUTCHAR, (uint8_t)c);
}

void kauri_debug_puts(const char *s)
{
	while (*s)
		kauri_debug_putchar(*s++);
}

void kauri_debug_exit(int status)
{
	debug_syscall(KAURI_SYS_DEBUG_EXIT, (uint64_t)(int64_t)status);
	for (;;)
		;
}

void kauri_debug_write(const char *text, size_t len)
{
	if (len > sizeof(kauri_ipc_buffer()->msg))
		len = sizeof(kauri_ipc_buffer()->msg);
	memcpy(kauri_ipc_buffer()->msg, text, len);
	debug_syscall(KAURI_SYS_DEBUG_WRITE, len);
}

void kauri_debug_name_thread(kauri_cptr_t thread, const char *name)
{
	char *dst = (char *)kauri_ipc_buffer()->msg;
	unsigned int i;

	for (i = 0; name[i] && i < KAURI_DEBUG_NAME_MAX; i++)
		dst[i] = name[i];
	dst[i] = '\0';
	debug_syscall(KAURI_SYS_DEBUG_NAME_THREAD, thread);
}

/* Where kauri_printf's characters go: the kernel's debug console, or (apps) the console server. */
void (*kauri_console_putchar)(char c) = kauri_debug_putchar;

static void emit_debug(void *ctx, char c)
{
	(void)ctx;
	kauri_console_putchar(c);
}

int kauri_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vformat(emit_debug, NULL, fmt, ap);
	va_end(ap);
	return n;
}
