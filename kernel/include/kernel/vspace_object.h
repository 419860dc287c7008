/* SPDX-License-Identifier: BSD-2-Clause */
/* ASIDs for VSpace objects, handed out by ASID pools of 64. */
#ifndef KERNEL_VSPACE_OBJECT_H
#define KERNEL_VSPACE_OBJECT_H

#include <stdbool.h>
#include <stdint.h>

#include <uapi/kauri/types.h>
#include <arch/vspace.h>
#include <uapi/kauri/errors.h>
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
/* The VSpace that ASID names now; false for ASID 0 and for one no VSpace holds. */
bool vspace_of_asid(unsigned int asid, struct vspace *out);
/* ASID belongs to no VSpace any more (if ROOT's it was). */
void asid_release(unsigned int asid, uint64_t root);
/* A number for a new pool, or -1 when all exist; the pool at PA takes it. */
int asid_free_pool(void);
void asid_pool_install(unsigned int number, uint64_t pa);

struct invocation;
/* The VSpace a Map invocation names (cap0): assigned, and still owning its ASID. */
enum kauri_error vspace_of_map_target(struct invocation *inv, struct vspace *vs);
/* Whether ASID belongs to the VSpace whose root table is at ROOT. */
bool asid_names_vspace(unsigned int asid, uint64_t root);
/*
 * Whether ASID's VSpace is a guest's (ASIDPool.Assign with KAURI_ASID_GUEST): writable and
 * executable mappings are allowed in it, and only threads bound to a VCPU run in it.
 */
bool asid_is_guest(unsigned int asid);
/* For the invariant checker: the VSpace owning ASID (0: none), pool N's object (0: none). */
uint64_t asid_owner_of(unsigned int asid);
uint64_t asid_pool_object(unsigned int pool);

#endif
