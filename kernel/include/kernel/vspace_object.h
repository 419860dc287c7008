/* SPDX-License-Identifier: BSD-2-Clause */
/* ASIDs for VSpace objects, handed out by ASID pools of 64. */
#ifndef KERNEL_VSPACE_OBJECT_H
#define KERNEL_VSPACE_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <kauri/types.h>
#include <kernel/cap.h>

/*
 * 256 address spaces: the 8-bit VMID of a kernel at EL2 bounds it, and the
 * same number keeps the EL1 kernel simple. They come in 4 pools of 64; pool 0
 * is the root server's from boot (ASID 0 is "none", 1 the root server's own),
 * ASIDControl.MakePool makes the others.
 */
#define KERNEL_ASIDS		256
#define ASID_POOLS		(KERNEL_ASIDS / KAURI_ASID_POOL_ASIDS)
#define ROOT_ASID		1

/* Boot: pool 0 at POOL_PA, with ASID 1 taken by the root server's VSpace. */
void asid_boot(uint64_t pool_pa, uint64_t root_vspace_pa);
void asid_pool_destroy(struct cap pool);
/* Whether ASID belongs to the VSpace whose root table is at ROOT. */
bool asid_names_vspace(unsigned int asid, uint64_t root);
/* For the invariant checker: the VSpace owning ASID (0: none), pool N's object (0: none). */
uint64_t asid_owner_of(unsigned int asid);
uint64_t asid_pool_object(unsigned int pool);

#endif
