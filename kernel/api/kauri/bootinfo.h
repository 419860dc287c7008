/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * BootInfo: what the kernel tells the root server at start. The root server
 * starts at its ELF entry with x0 = the address of this frame and sp = the
 * top of its stack; its IPC buffer is mapped at ipc_buffer.
 */
#ifndef KAURI_BOOTINFO_H
#define KAURI_BOOTINFO_H

#include <stdint.h>

#define KAURI_BOOTINFO_MAGIC	0x4b41555249424931ULL	/* "KAURIBI1" */

/* The root server's fixed addresses (user virtual, 39-bit space). */
#define KAURI_ROOT_BOOTINFO	0x7f00000000ULL
#define KAURI_ROOT_IPC_BUFFER	0x7f00001000ULL
#define KAURI_ROOT_STACK_TOP	0x7f00100000ULL
#define KAURI_ROOT_STACK_PAGES	16

struct kauri_bootinfo {
	uint64_t magic;
	uint32_t version;		/* 1 */
	uint32_t kernel_el;		/* exception level the kernel runs at: 1 or 2 */
	uint64_t ipc_buffer;		/* user address of the IPC buffer */
	uint64_t timer_frequency;	/* Hz of the generic timer */
	char board[32];			/* CONFIG_BOARD */
};

#endif
