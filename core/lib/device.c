/* SPDX-License-Identifier: BSD-2-Clause */
/* libkauri: asking the root server for the app's devices and interrupt lines. */
#include <string.h>
#include <kauri/app.h>
#include <kauri/device.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

long kauri_device_open(const char *name, struct kauri_device *dev)
{
	long err = kauri_request_by_name(KAURI_MSG_DEVICE, name);

	if (err)
		return err;
	dev->base = (volatile void *)kauri_get_mr(0);
	dev->size = kauri_get_mr(1);
	dev->phys = kauri_get_mr(2);
	return 0;
}

long kauri_irq_open(unsigned int intid, struct kauri_irq *irq)
{
	kauri_word_t info;

	kauri_set_mr(0, intid);
	info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_IRQ, 0, 0, 1));
	if (kauri_msginfo_label(info) != 0)
		return -(long)kauri_msginfo_label(info);
	irq->handler = kauri_get_mr(0);
	irq->notification = kauri_get_mr(1);
	irq->badge = kauri_get_mr(2);
	return 0;
}
