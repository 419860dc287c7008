/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Interrupt controllers (GICv2, GICv3): one ops table per driver, a const
 * config (where the registers are mapped) and mutable data per instance. The
 * caller maps the registers and reports what init says went wrong, so a driver
 * needs nothing of the kernel.
 */
#ifndef DRIVERS_IRQ_CONTROLLER_H
#define DRIVERS_IRQ_CONTROLLER_H

#include <stdbool.h>
#include <stdint.h>

/* INTIDs 1020-1023 are special; 1023 means nothing is pending. */
#define IRQ_SPURIOUS		1023
#define IRQ_FIRST_SPI		32

struct irq_controller_config {
	uintptr_t dist;			/* the distributor, mapped */
	uintptr_t cpu;			/* GICv2: the CPU interface; GICv3: the redistributor region */
	bool hypervisor;		/* the caller runs at EL2 (GICv3: ICC_SRE_EL2) */
};

struct irq_controller;

struct irq_controller_api {
	const char *name;
	unsigned int gic_version;	/* the GIC architecture version it drives, as the device tree says */
	/* Brings up the distributor and this CPU's interface: 0, or -1 and *PROBLEM says why. */
	int (*init)(const struct irq_controller *dev, const char **problem);
	/* Number of interrupt lines (INTIDs 0 .. n-1) the controller implements. */
	unsigned int (*line_count)(const struct irq_controller *dev);
	/* The highest-priority pending interrupt, now active; IRQ_SPURIOUS if none. */
	unsigned int (*acknowledge)(const struct irq_controller *dev);
	void (*end)(const struct irq_controller *dev, unsigned int intid);
	void (*unmask)(const struct irq_controller *dev, unsigned int intid);
	void (*mask)(const struct irq_controller *dev, unsigned int intid);
};

/* One controller: its driver, where it is, and the driver's state (struct gic_v2_data, ...). */
struct irq_controller {
	const struct irq_controller_api *api;
	const struct irq_controller_config *config;
	void *data;
};

struct gic_v2_data {
	unsigned int lines;
};

struct gic_v3_data {
	volatile uint8_t *redist;	/* this CPU's RD_base frame */
	unsigned int lines;
};

extern const struct irq_controller_api gic_v2_api;
extern const struct irq_controller_api gic_v3_api;

#endif
