/* SPDX-License-Identifier: BSD-2-Clause */
/* The VMM's loop: the guest's exits served, host input moved in, interrupts injected. */
#ifndef VMM_EXITS_H
#define VMM_EXITS_H

#include "vm.h"

/*
 * Serves the started guest's exits (kauri/fault.h) until it powers off, resets or does something
 * the VMM cannot serve; a signal on the notification bound to the VMM's thread (host input) wakes
 * it in between. Returns the app's exit status (enum vm_exit_status).
 */
int vm_run(struct vm *vm);

#endif
