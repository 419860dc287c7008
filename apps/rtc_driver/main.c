/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rtc_driver: a driver app for the ARM PL031 real-time clock (QEMU virt:
 * 0x9010000, interrupt 34). It maps the device its manifest entry lists,
 * checks the PrimeCell ID, arms the match interrupt one second ahead, waits
 * for the line on its notification, clears and acknowledges it. It also asks
 * for a device and a line it was not given, which must be refused.
 * Usage: rtc_driver DEVICE-NAME INTID
 */
#include <stdint.h>
#include <stdlib.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/invoke.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

/* PL031 registers (ARM DDI 0224), 32-bit at these offsets. */
#define RTCDR		0x000	/* data: seconds */
#define RTCMR		0x004	/* match */
#define RTCIMSC		0x010	/* interrupt mask: 1 enables */
#define RTCMIS		0x018	/* masked interrupt status */
#define RTCICR		0x01c	/* interrupt clear */
#define PERIPH_ID0	0xfe0	/* four registers, one byte each: part 0x031, designer 0x41 (ARM), revision */
#define PL031_PART	0x00041031u	/* the id without its revision (bits 23:20) */

static volatile uint32_t *reg(const struct kauri_device *dev, unsigned int offset)
{
	return (volatile uint32_t *)((volatile uint8_t *)dev->base + offset);
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_device rtc, other;
	struct kauri_irq irq, other_irq;
	uint32_t id = 0, now, status;
	unsigned int intid = argc > 2 ? (unsigned int)strtoul(argv[2], NULL, 0) : 0;
	kauri_word_t badge;
	long err;

	(void)envp;
	if (argc < 3) {
		kauri_printf("usage: rtc_driver DEVICE-NAME INTID\n");
		return 2;
	}
	err = kauri_device_open(argv[1], &rtc);
	if (!err)
		err = kauri_irq_open(intid, &irq);
	if (err) {
		kauri_printf("cannot open device %s and irq %u: %s\n", argv[1], intid, kauri_lib_strerror(err));
		return 1;
	}
	for (unsigned int i = 0; i < 4; i++)
		id |= (*reg(&rtc, PERIPH_ID0 + 4 * i) & 0xff) << (8 * i);
	kauri_printf("%s at %p (%lu bytes): peripheral id 0x%08x%s\n", argv[1], (void *)rtc.base,
		     (unsigned long)rtc.size, id, (id & 0xfffff) == PL031_PART ? ", a PL031" : ", not a PL031");
	if ((id & 0xfffff) != PL031_PART)
		return 1;

	now = *reg(&rtc, RTCDR);
	*reg(&rtc, RTCICR) = 1;
	*reg(&rtc, RTCMR) = now + 1;
	*reg(&rtc, RTCIMSC) = 1;
	badge = kauri_wait(irq.notification);
	status = *reg(&rtc, RTCMIS);
	*reg(&rtc, RTCICR) = 1;
	*reg(&rtc, RTCIMSC) = 0;
	err = kauri_irq_ack(irq.handler);
	kauri_printf("interrupt %u: badge 0x%lx, match status %u, %lu s after arming, acknowledged: %s\n", intid,
		     (unsigned long)badge, status, (unsigned long)(*reg(&rtc, RTCDR) - now),
		     err == KAURI_OK ? "yes" : "no");

	/* What the manifest did not give is refused. */
	err = kauri_device_open("uart0", &other);
	kauri_printf("device uart0: %s\n", err ? kauri_lib_strerror(err) : "opened");
	err = kauri_irq_open(intid + 1, &other_irq);
	kauri_printf("irq %u: %s\n", intid + 1, err ? kauri_lib_strerror(err) : "opened");
	return badge == irq.badge && status == 1 ? 0 : 1;
}
