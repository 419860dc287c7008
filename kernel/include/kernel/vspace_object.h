/* SPDX-License-Identifier: BSD-2-Clause */
/* ASIDs for VSpace objects. */
#ifndef KERNEL_VSPACE_OBJECT_H
#define KERNEL_VSPACE_OBJECT_H

#include <stdint.h>

/*
 * 256 address spaces: the 8-bit VMID of a kernel at EL2 bounds it, and the
 * same number keeps the EL1 kernel simple. ASID 0 is "none", 1 the root server.
 */
#define KERNEL_ASIDS		256
#define ROOT_ASID		1
#define FIRST_USER_ASID		2

unsigned int asids_free(void);
/* Gives the VSpace at VSPACE_PA a free ASID; -1 when none is left. */
int asid_assign(uint64_t vspace_pa);
/* Records ASID as taken by VSPACE_PA (the root server's, at boot). */
void asid_claim(unsigned int asid, uint64_t vspace_pa);

#endif
