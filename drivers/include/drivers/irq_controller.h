/* SPDX-License-Identifier: BSD-2-Clause */
/* The interrupt controller the kernel drives (GICv2 or GICv3, chosen by Kconfig). */
#ifndef DRIVERS_IRQ_CONTROLLER_H
#define DRIVERS_IRQ_CONTROLLER_H

#include <stdint.h>

/* INTIDs 1020-1023 are special; 1023 means nothing is pending. */
#define IRQ_SPURIOUS		1023
#define IRQ_FIRST_SPI		32

/*
 * Brings up the distributor and this CPU's interface. DIST is the distributor's
 * physical address; CPU is the GICv2 CPU interface or the GICv3 redistributor
 * region. Returns 0, or a negative error with a message printed.
 */
int irq_controller_init(uint64_t dist, uint64_t cpu);

/* Number of interrupt lines (INTIDs 0 .. n-1) the controller implements. */
unsigned int irq_line_count(void);

/* The highest-priority pending interrupt, now active; IRQ_SPURIOUS if none. */
unsigned int irq_acknowledge(void);
void irq_end(unsigned int intid);
void irq_unmask(unsigned int intid);
void irq_mask(unsigned int intid);
const char *irq_controller_name(void);

#endif
