/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel invariant checker (CONFIG_KERNEL_INVARIANTS): a walk over every
 * capability, object, queue and mapping that stops the system, naming the
 * rule, at the first one broken. Without the option these are empty.
 */
#ifndef KERNEL_INVARIANTS_H
#define KERNEL_INVARIANTS_H

#include <stdint.h>
#include <kernel/cap.h>

#ifdef CONFIG_KERNEL_INVARIANTS
#define IS_ENABLED_INVARIANTS 1
/* Boot: the checker's tables, from boot memory; DTB names the reserved memory no untyped may hold. */
int invariants_init(const void *dtb);
/* Boot: an object the kernel made for the root server without an untyped parent. */
void invariants_boot_object(struct cap c);
/* Boot: memory handed out as an original untyped (or device untyped). */
void invariants_boot_untyped(uint64_t base, uint64_t size);
/* KAURI_INVARIANTS_NOW / _EVERY_CALL / _OFF (Machine.CheckInvariants): the capabilities checked. */
unsigned long invariants_set_mode(unsigned int mode);
/* After each entry from user mode: checks everything when asked to every call. */
void invariants_after_entry(void);
#else
#define IS_ENABLED_INVARIANTS 0
static inline int invariants_init(const void *dtb) { (void)dtb; return 0; }
static inline void invariants_boot_object(struct cap c) { (void)c; }
static inline void invariants_boot_untyped(uint64_t base, uint64_t size) { (void)base; (void)size; }
static inline unsigned long invariants_set_mode(unsigned int mode) { (void)mode; return 0; }
static inline void invariants_after_entry(void) { }
#endif

#endif
