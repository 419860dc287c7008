/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The part of <stdio.h> the freestanding library provides: snprintf and vsnprintf, so that code
 * shared with the host tools (lib/format) formats its messages the same way on both.
 */
#ifndef KERNEL_STDIO_H
#define KERNEL_STDIO_H

#include <klib/printf.h>

#endif
