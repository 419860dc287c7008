/* SPDX-License-Identifier: BSD-2-Clause */
/* Board description of the Arduino Portenta X8 (i.MX 8M Mini). */
#include <kernel/board.h>

const struct board_info board_info = {
	.name = "portenta_x8",
	.description = "Arduino Portenta X8 (i.MX 8M Mini)",
};
