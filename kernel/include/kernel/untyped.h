/* SPDX-License-Identifier: BSD-2-Clause */
/* Untyped memory arithmetic, separate so host tests can check it. */
#ifndef KERNEL_UNTYPED_H
#define KERNEL_UNTYPED_H

#include <stdint.h>
#include <uapi/kauri/types.h>

/* log2 of an object's size in bytes; USER_SIZE for untyped (bits) and CNode (radix). -1: invalid. */
int object_size_bits(enum kauri_object_type type, unsigned int user_size);
/* Where the next object of 2^OBJECT_BITS bytes starts, given the free index (aligned up). */
uint64_t untyped_retype_start(uint64_t free_index, unsigned int object_bits);

#endif
