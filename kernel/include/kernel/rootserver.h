/* SPDX-License-Identifier: BSD-2-Clause */
/* Building the root server: the first user thread, from the ELF image the kernel carries. */
#ifndef KERNEL_ROOTSERVER_H
#define KERNEL_ROOTSERVER_H

/* Loads the root server and makes it runnable. Returns 0, or -1 with a message printed. */
int rootserver_create(void);

#endif
