/* SPDX-License-Identifier: BSD-2-Clause */
/* Driver apps' MMIO ranges and interrupt lines: made once at boot, granted to the app on each build. */
#ifndef ROOTSERVER_DEVICE_H
#define ROOTSERVER_DEVICE_H

#include <format/manifest.h>
#include <uapi/kauri/types.h>
#include "app.h"

/* Takes every app's device frames and interrupt lines from the kernel: 0, or -1 with the reason printed. */
int device_init(const struct kauri_manifest *m);
/* Maps the devices of APP's manifest entry and puts its IRQHandler and notification caps in its CNode. */
int device_grant(struct app *app);
/* Answer APP's KAURI_MSG_DEVICE / KAURI_MSG_IRQ request (message info INFO). */
void device_request(struct app *app, kauri_word_t info);
void irq_request(struct app *app, kauri_word_t info);

#endif
