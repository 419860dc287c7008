/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Devices and interrupts for driver apps, as their manifest entry lists them
 * (resources/devices, resources/irqs). The root server maps each MMIO range
 * into the app (device memory, read-write, never executable) and gives it, for
 * each interrupt line, the IRQHandler capability (to acknowledge) and a
 * wait-only capability to the notification the line signals.
 *
 * Requests (Call on KAURI_APP_CAP_SUPERVISOR):
 *   KAURI_MSG_DEVICE, MR0 the name's length, MR1.. its bytes; reply: label 0,
 *   MR0 the address, MR1 the size, MR2 the physical address (for a driver that programs
 *   addresses into its device, as a PCI host bridge's BARs).
 *   KAURI_MSG_IRQ, MR0 the interrupt ID; reply: label 0, MR0 the IRQHandler's
 *   slot, MR1 the notification's slot, MR2 the badge the line signals with.
 * Errors: the reply's label is a KAURI_PROTOCOL_* code.
 */
#ifndef KAURI_DEVICE_H
#define KAURI_DEVICE_H

#include <stddef.h>
#include <kauri/lib_error.h>
#include <uapi/kauri/types.h>

#define KAURI_MSG_DEVICE	0x203
#define KAURI_MSG_IRQ		0x204

struct kauri_device {
	volatile void *base;		/* where the app sees it */
	size_t size;
	uint64_t phys;			/* the physical address, as the manifest gives it */
};

struct kauri_irq {
	kauri_cptr_t handler;		/* kauri_irq_ack() it once the device is quiet again */
	kauri_cptr_t notification;	/* kauri_wait() on it; the app's lines share it */
	kauri_word_t badge;		/* the bit this line sets in the badge kauri_wait returns */
};

/* The MMIO range NAME of the app's manifest entry: 0, or -KAURI_PROTOCOL_* (enum kauri_lib_error). */
long kauri_device_open(const char *name, struct kauri_device *dev);
/* The interrupt line INTID of the app's manifest entry: 0, or -KAURI_PROTOCOL_* (enum kauri_lib_error). */
long kauri_irq_open(unsigned int intid, struct kauri_irq *irq);

#endif
