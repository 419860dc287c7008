/* SPDX-License-Identifier: BSD-2-Clause */
/* Board description of the NXP i.MX 8M Mini EVK. */
#include <kernel/board.h>

const struct board_info board_info = {
	.name = "imx8mm_evk",
	.description = "NXP i.MX 8M Mini EVK",
};
