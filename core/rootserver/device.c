/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Devices for driver apps. Each MMIO range a manifest entry lists becomes
 * device frames at boot (cut from the kernel's device untypeds at exactly
 * those addresses), mapped into the app read-write and never executable;
 * each interrupt line an IRQHandler bound to a notification of the app's,
 * with one badge bit per line. Apps get copies, so a restart takes them away
 * and the next build gives them again; the lines stay bound meanwhile.
 */
#include <string.h>
#include <klib/printf.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "alloc.h"
#include "device.h"
#include "request.h"

#define PAGE			4096UL
#define MAX_DEVICE_PAGES	1024	/* 4 MiB of MMIO across all apps */

/* By app index in the manifest (struct app's index). */
static kauri_cptr_t frames[MAX_DEVICE_PAGES];	/* root slots, device by device in manifest order */
static unsigned int first_frame[MANIFEST_MAX_APPS][MANIFEST_MAX_DEVICES];
static kauri_cptr_t handlers[MANIFEST_MAX_APPS][MANIFEST_MAX_IRQS];
static kauri_cptr_t notifications[MANIFEST_MAX_APPS];	/* per app with interrupt lines */

/* App A's (manifest entry MA) MMIO ranges as device frames, from frames[*USED] on. */
static int take_devices(const struct manifest_app *ma, unsigned int a, unsigned int *used)
{

	for (uint32_t d = 0; d < ma->ndevices; d++) {
		const struct manifest_device *dev = &ma->devices[d];
		uint64_t pages = dev->size / PAGE;

		if (pages > MAX_DEVICE_PAGES - *used) {
			kauri_printf("rootserver: manifest: /apps/%s/resources/devices/%s: devices take more than %u "
				     "pages in all\n", ma->name, dev->name, MAX_DEVICE_PAGES);
			return -1;
		}
		first_frame[a][d] = *used;
		for (uint64_t i = 0; i < pages; i++) {
			frames[*used] = device_frame_alloc(dev->base + i * PAGE);
			if (!frames[*used]) {
				kauri_printf("rootserver: manifest: /apps/%s/resources/devices/%s: 0x%lx is not device "
					     "memory the kernel hands out (RAM, the kernel's own, or not on this board)\n",
					     ma->name, dev->name, (unsigned long)(dev->base + i * PAGE));
				return -1;
			}
			(*used)++;
		}
	}
	return 0;
}

/* App A's (manifest entry MA) interrupt lines, each bound to the app's notification with its own badge bit. */
static int take_irqs(const struct manifest_app *ma, unsigned int a)
{
	if (!ma->nirqs)
		return 0;
	notifications[a] = object_alloc(KAURI_NOTIFICATION, 0);
	if (!notifications[a])
		goto no_memory;
	for (uint32_t k = 0; k < ma->nirqs; k++) {
		kauri_cptr_t handler = slot_alloc(), badged = slot_alloc();
		enum kauri_error err;

		if (!handler || !badged)
			goto no_memory;
		err = kauri_irq_control_get(KAURI_CAP_IRQ_CONTROL, ma->irqs[k], ROOT_CNODE, handler, ROOT_DEPTH);
		if (err != KAURI_OK) {
			kauri_printf("rootserver: manifest: /apps/%s/resources/irqs: irq %u: the kernel refuses it "
				     "(%s: not a line of this interrupt controller, or the kernel's timer)\n",
				     ma->name, ma->irqs[k], kauri_kernel_strerror(err));
			return -1;
		}
		/* The line signals with bit K, so one wait tells the app which lines fired. */
		if (kauri_cnode_mint(ROOT_CNODE, badged, ROOT_DEPTH, ROOT_CNODE, notifications[a], ROOT_DEPTH,
				     KAURI_RIGHT_WRITE, 1UL << k) != KAURI_OK ||
		    kauri_irq_set_notification(handler, badged) != KAURI_OK)
			goto no_memory;
		handlers[a][k] = handler;
	}
	return 0;
no_memory:
	kauri_printf("rootserver: out of memory for the interrupt lines of app %s\n", ma->name);
	return -1;
}

int device_init(const struct kauri_manifest *m)
{
	unsigned int used = 0;

	for (uint32_t a = 0; a < m->napps; a++)
		if (take_devices(&m->apps[a], a, &used) != 0 || take_irqs(&m->apps[a], a) != 0)
			return -1;
	return 0;
}

/* Where app A's device D is mapped: one after the other, an unmapped page between. */
static kauri_word_t device_address(const struct manifest_app *ma, uint32_t d)
{
	kauri_word_t at = KAURI_APP_DEVICES;

	for (uint32_t i = 0; i < d; i++)
		at += ma->devices[i].size + PAGE;
	return at;
}

int device_grant(struct app *app)
{
	const struct manifest_app *ma = app->entry;
	unsigned int a = app->index;

	for (uint32_t d = 0; d < ma->ndevices; d++) {
		kauri_word_t at = device_address(ma, d);

		for (uint64_t i = 0; i < ma->devices[d].size / PAGE; i++)
			if (pool_map_shared(&app->pool, app->vspace, ROOT_CNODE, ROOT_DEPTH, frames[first_frame[a][d] + i],
					    KAURI_RIGHT_READ | KAURI_RIGHT_WRITE, at + i * PAGE,
					    KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK)
				goto fail;
	}
	if (ma->nirqs) {
		if (kauri_cnode_copy(app->cnode, app->next_cap_slot, app->cnode_radix, ROOT_CNODE, notifications[a],
				     ROOT_DEPTH, KAURI_RIGHT_READ) != KAURI_OK)
			goto fail;
		app->irq_notification_slot = app->next_cap_slot++;
	}
	for (uint32_t k = 0; k < ma->nirqs; k++) {
		if (kauri_cnode_copy(app->cnode, app->next_cap_slot, app->cnode_radix, ROOT_CNODE, handlers[a][k],
				     ROOT_DEPTH, KAURI_ALL_RIGHTS) != KAURI_OK)
			goto fail;
		app->irq_slot[k] = app->next_cap_slot++;
	}
	return 0;
fail:
	kauri_printf("rootserver: app %s: cannot give it its devices (out of memory or CNode slots)\n", ma->name);
	return -1;
}

void device_request(struct app *app, kauri_word_t info)
{
	const struct manifest_app *ma = app->entry;
	char name[KAURI_PROTOCOL_NAME_MAX + 1], what[KAURI_PROTOCOL_NAME_MAX + 16];

	if (!request_name(info, name))
		return;
	for (uint32_t d = 0; d < ma->ndevices; d++) {
		if (strcmp(ma->devices[d].name, name))
			continue;
		kauri_set_mr(0, device_address(ma, d));
		kauri_set_mr(1, ma->devices[d].size);
		kauri_set_mr(2, ma->devices[d].base);
		kauri_reply(kauri_msginfo(0, 0, 0, 3));
		return;
	}
	snprintf(what, sizeof(what), "device %s", name);
	request_refused(app, what);
}

void irq_request(struct app *app, kauri_word_t info)
{
	const struct manifest_app *ma = app->entry;
	kauri_word_t intid = kauri_msginfo_length(info) >= 1 ? kauri_get_mr(0) : ~0UL;
	char what[32];

	for (uint32_t k = 0; k < ma->nirqs; k++) {
		if (ma->irqs[k] != intid)
			continue;
		kauri_set_mr(0, app->irq_slot[k]);
		kauri_set_mr(1, app->irq_notification_slot);
		kauri_set_mr(2, 1UL << k);
		kauri_reply(kauri_msginfo(0, 0, 0, 3));
		return;
	}
	snprintf(what, sizeof(what), "irq %lu", (unsigned long)intid);
	request_refused(app, what);
}
