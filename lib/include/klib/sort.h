/* SPDX-License-Identifier: BSD-2-Clause */
/* In-place sorting without recursion or allocation (heapsort), for code that may not allocate. */
#ifndef KLIB_SORT_H
#define KLIB_SORT_H

#include <stddef.h>

/* Sorts COUNT elements of SIZE bytes at BASE by COMPARE (negative, 0, positive as qsort's). */
void sort(void *base, size_t count, size_t size, int (*compare)(const void *a, const void *b));

#endif
