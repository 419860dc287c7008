/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The freestanding C library of kernel/lib, built again with user-space flags:
 * one implementation of string functions and formatting for the kernel and libkauri.
 */
#include "../../kernel/lib/string.c"
#include "../../kernel/lib/format.c"
#include "../../kernel/lib/elf.c"
