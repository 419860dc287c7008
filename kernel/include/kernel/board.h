/* SPDX-License-Identifier: BSD-2-Clause */
/* What a board (boards/<board>/board.c) tells the kernel about itself. */
#ifndef KERNEL_BOARD_H
#define KERNEL_BOARD_H

struct board_info {
	const char *name;		/* directory name under boards/, CONFIG_BOARD */
	const char *description;	/* the human name */
};

extern const struct board_info board_info;

#endif
