/* SPDX-License-Identifier: BSD-2-Clause */
/* Inside the app runtime: what runtime.c needs of console.c. */
#ifndef APP_RUNTIME_H
#define APP_RUNTIME_H

/* Sends kauri_printf output to the console server, a line at a time. */
void kauri_app_console_init(void);
/* Sends what is left of a line that has no newline yet. */
void kauri_app_console_flush(void);

#endif
