/* SPDX-License-Identifier: BSD-2-Clause */
/* Board description of the Raspberry Pi 4 Model B (BCM2711). */
#include <kernel/board.h>

const struct board_info board_info = {
	.name = "rpi4",
	.description = "Raspberry Pi 4 Model B (BCM2711)",
};
