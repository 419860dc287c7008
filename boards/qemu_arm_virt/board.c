/* SPDX-License-Identifier: BSD-2-Clause */
/* Board description of the QEMU arm64 'virt' machine. */
#include <kernel/board.h>

const struct board_info board_info = {
	.name = "qemu_arm_virt",
	.description = "QEMU arm64 'virt' machine",
};
