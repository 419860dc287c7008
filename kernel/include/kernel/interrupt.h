/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt dispatch: the kernel timer and IRQ handler objects. */
#ifndef KERNEL_INTERRUPT_H
#define KERNEL_INTERRUPT_H

#include <stdbool.h>
#include <stdint.h>

/* Sets up the interrupt controller and the kernel timer from the platform. Returns 0 or -1. */
int interrupt_init(void);

/* The interrupt controller the device tree names, through its driver (drivers/irq). */
unsigned int irq_line_count(void);
void irq_mask(unsigned int intid);
void irq_unmask(unsigned int intid);
/*
 * A guest borrows a PPI while it runs (CONFIG_HYP: the virtual timer): masked
 * or not as the guest needs, without changing what irq_mask/irq_unmask last
 * said, which irq_give_back restores for native threads.
 */
void irq_borrow(unsigned int intid, bool masked);
void irq_give_back(unsigned int intid);
/* The driver's name ("GICv2"), or what the kernel is built for before interrupt_init. */
const char *irq_controller_name(void);
/* Takes and handles every pending interrupt. */
void handle_interrupt(void);
/* Kernel timer ticks (1 ms) since boot. */
uint64_t kernel_ticks(void);
/* The machine's watchdog (kernel/object/machine.c), at every tick: resets the machine once it expired. */
void machine_watchdog_tick(uint64_t ticks);

#endif
