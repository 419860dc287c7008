/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server's side of the console: every line (its own and the apps')
 * goes whole to the console server app through a data diode on the manifest's
 * "console" channel, or, without one, to the kernel's debug console.
 */
#ifndef ROOTSERVER_CONSOLE_H
#define ROOTSERVER_CONSOLE_H

#include <stddef.h>
#include <uapi/kauri/types.h>
#include "app.h"

#define CONSOLE_CHANNEL	"console"

/* From now on, lines go through the console channel if the manifest has one. 0, or -1 (no memory). */
int console_attach(uint64_t timer_frequency);
/* The console server app ended: lines go to the kernel's console again. */
void console_detach(void);
/* Boot stops: lines the console server never got are printed on the kernel's console. */
void console_stop(void);
/* APP's KAURI_MSG_CONSOLE line (message info INFO): timestamped, named, written whole; replies. */
void console_app_line(struct app *app, kauri_word_t info);

#endif
