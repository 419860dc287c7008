/* SPDX-License-Identifier: BSD-2-Clause */
/* Interrupt dispatch: the kernel timer and IRQ handler objects. */
#ifndef KERNEL_INTERRUPT_H
#define KERNEL_INTERRUPT_H

#include <stdint.h>

/* Sets up the interrupt controller and the kernel timer from the platform. Returns 0 or -1. */
int interrupt_init(void);

/* The interrupt controller the device tree names, through its driver (drivers/irq). */
unsigned int irq_line_count(void);
void irq_mask(unsigned int intid);
void irq_unmask(unsigned int intid);
/* The driver's name ("GICv2"), or what the kernel is built for before interrupt_init. */
const char *irq_controller_name(void);
/* Takes and handles every pending interrupt. */
void handle_interrupt(void);
/* Kernel timer ticks (1 ms) since boot. */
uint64_t kernel_ticks(void);

#endif
