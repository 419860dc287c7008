/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Arm semihosting ("Semihosting for AArch32 and AArch64", Arm IHI 0056): SYS_EXIT_EXTENDED, so
 * that QEMU exits with the image's status, and SYS_OPEN/SYS_WRITE/SYS_CLOSE to write a file on
 * the host (the kernel trace). Each call is HLT #0xF000 with the operation in x0 and a
 * parameter block's address in x1; the result comes back in x0.
 */
#include <stdint.h>
#include <arch/semihosting.h>

#define SEMIHOSTING_SYS_OPEN		0x01
#define SEMIHOSTING_SYS_CLOSE		0x02
#define SEMIHOSTING_SYS_WRITE		0x05
#define SEMIHOSTING_SYS_EXIT		0x18
#define ADP_STOPPED_APPLICATION_EXIT	0x20026
#define SEMIHOSTING_OPEN_WB		5	/* fopen() mode "wb" */

#ifdef CONFIG_ARM_SEMIHOSTING
static uint64_t semihosting_call(uint64_t operation, volatile uint64_t *block)
{
	register uint64_t op __asm__("x0") = operation;
	register uint64_t arg __asm__("x1") = (uint64_t)(uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(op) : "r"(arg) : "memory");
	return op;
}

int semihosting_write_file(const char *name, const void *data, uint64_t len)
{
	static volatile uint64_t block[3];
	uint64_t name_len = 0, handle, left;

	while (name[name_len])
		name_len++;
	block[0] = (uint64_t)(uintptr_t)name;
	block[1] = SEMIHOSTING_OPEN_WB;
	block[2] = name_len;
	handle = semihosting_call(SEMIHOSTING_SYS_OPEN, block);
	if ((int64_t)handle == -1)
		return -1;
	block[0] = handle;
	block[1] = (uint64_t)(uintptr_t)data;
	block[2] = len;
	left = semihosting_call(SEMIHOSTING_SYS_WRITE, block);	/* bytes not written */
	block[0] = handle;
	if (semihosting_call(SEMIHOSTING_SYS_CLOSE, block) != 0 || left != 0)
		return -1;
	return 0;
}
#else
int semihosting_write_file(const char *name, const void *data, uint64_t len)
{
	return -1;
}
#endif

void platform_exit(int status)
{
#ifdef CONFIG_ARM_SEMIHOSTING
	/* AArch64 SYS_EXIT takes a block {reason, subcode}; subcode is the status. */
	static volatile uint64_t block[2];

	block[0] = ADP_STOPPED_APPLICATION_EXIT;
	block[1] = (uint64_t)(int64_t)status;
	semihosting_call(SEMIHOSTING_SYS_EXIT, block);
#endif
	for (;;)
		__asm__ volatile("wfi");
}
