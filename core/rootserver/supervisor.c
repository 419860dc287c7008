/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The supervisor. Every message from an app arrives on one endpoint, badged with
 * the app's index + 1, and its label picks a handler in one table: a request
 * (console line, protocol, channel, device, budget, initrd) is answered and the
 * app goes on; an exit or a fault ends it, and its restart policy decides what
 * comes next, for it and for the apps that list it in restart-deps.
 */
#include <stdbool.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/channel.h>
#include <kauri/console.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <uapi/kauri/fault.h>
#include <kauri/invoke.h>
#include <kauri/block.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>
#include "channel.h"
#include "console.h"
#include "device.h"
#include "msgserver.h"
#include "partition.h"
#include "release.h"
#include "request.h"
#include "supervisor.h"

#define MAX_RESTARTS	3	/* then the supervisor gives up on an app */

/* The supervisor the requests about other apps look in (there is one). */
static const struct supervisor *the_supervisor;

int supervisor_start(struct supervisor *sv)
{
	const struct kauri_manifest *m = sv->manifest;

	the_supervisor = sv;

	for (uint32_t k = 0; k < m->napps; k++) {
		struct app *app = &sv->apps[m->start_order[k]];

		if (app_start(app, sv->endpoint) != 0)
			return -1;
		kauri_printf("rootserver: started app %s (priority %u)\n", app->entry->name, app->entry->priority);
		sv->running++;
	}
	return 0;
}

static void restart(struct supervisor *sv, struct app *app)
{
	if (!app->running)
		sv->running++;
	if (app_restart(app, sv->endpoint) != 0) {
		app_destroy(app);
		sv->running--;
	}
}

/* Whether APP is the console server: it reads the console channel. */
static bool is_console_server(const struct supervisor *sv, const struct app *app)
{
	const struct manifest_app *ma = app->entry;

	for (uint32_t k = 0; k < ma->nchannels; k++)
		if (!strcmp(sv->manifest->channels[ma->channels[k].channel].name, CONSOLE_CHANNEL))
			return true;
	return false;
}

/* APP ended (FAILED: a fault or a non-zero exit): its restart policy decides, its dependents follow. */
static void app_ended(struct supervisor *sv, struct app *app, bool failed)
{
	const struct kauri_manifest *m = sv->manifest;
	enum manifest_restart policy = app->entry->restart;
	bool again = policy == MANIFEST_RESTART_ALWAYS || (policy == MANIFEST_RESTART_ON_FAILURE && failed);

	/* Lines it had not printed are gone with it; a restarted one would print old ones again. */
	if (is_console_server(sv, app))
		console_detach();

	if (again && app->restarts >= MAX_RESTARTS) {
		kauri_printf("rootserver: app %s: giving up after %u restarts\n", app->entry->name, app->restarts);
		again = false;
	}
	if (!again) {
		app_destroy(app);
		sv->running--;
		return;
	}
	kauri_printf("rootserver: restarting app %s (restart %u of %u, policy %s)\n", app->entry->name,
		     app->restarts + 1, MAX_RESTARTS, manifest_restart_name(policy));
	restart(sv, app);
	/* The apps that list it in restart-deps start again with it, in start order. */
	for (uint32_t k = 0; k < m->napps; k++) {
		struct app *dependent = &sv->apps[m->start_order[k]];

		for (uint32_t d = 0; d < dependent->entry->nrestart_deps; d++) {
			if (dependent->entry->restart_deps[d] != app->index)
				continue;
			kauri_printf("rootserver: restarting app %s with %s\n", dependent->entry->name, app->entry->name);
			restart(sv, dependent);
		}
	}
}

/* An end: says how APP ended (WHAT names a fault) and whether that was a failure. */
static bool exited(const struct app *app, const char *what)
{
	long status = (long)kauri_get_mr(0);

	(void)what;
	kauri_printf("rootserver: app %s exited with status %ld\n", app->entry->name, status);
	return status != 0;
}

static bool faulted(const struct app *app, const char *what)
{
	kauri_printf("rootserver: app %s: %s at pc 0x%lx\n", app->entry->name, what, (unsigned long)kauri_get_mr(0));
	return true;
}

static bool vm_faulted(const struct app *app, const char *what)
{
	kauri_printf("rootserver: app %s: %s at 0x%lx pc 0x%lx\n", app->entry->name, what,
		     (unsigned long)kauri_get_mr(1), (unsigned long)kauri_get_mr(0));
	return true;
}

/*
 * KAURI_MSG_RESET: the board reset for an app whose entry has resources/machine-reset, the
 * console's lines out first; refused otherwise, and when the kernel has no PSCI to call.
 */
static void reset_request(struct app *app, kauri_word_t info)
{
	enum kauri_error err;

	(void)info;
	if (!app->entry->machine_reset) {
		request_refused(app, "machine reset");
		return;
	}
	kauri_printf("rootserver: app %s resets the board\n", app->entry->name);
	console_stop();
	err = kauri_machine_reset(KAURI_CAP_MACHINE);
	kauri_printf("rootserver: app %s: the board cannot be reset: %s\n", app->entry->name, kauri_kernel_strerror(err));
	request_error(KAURI_PROTOCOL_UNAVAILABLE);
}

/*
 * KAURI_MSG_APP_STATE: how the app named in the message ended last, for a release-admin app (the
 * admin service commits a trial once the apps it watches have passed); refused for others.
 */
static void app_state_request(struct app *app, kauri_word_t info)
{
	char name[KAURI_PROTOCOL_NAME_MAX + 1];
	int index;

	if (!app->entry->release_admin) {
		request_refused(app, "app state");
		return;
	}
	if (!request_name(info, name))
		return;
	index = manifest_find_app(the_supervisor->manifest, name);
	if (index < 0) {
		request_error(KAURI_PROTOCOL_NO_SUCH_APP);
		return;
	}
	kauri_set_mr(0, (kauri_word_t)the_supervisor->apps[index].last_end);
	kauri_set_mr(1, (kauri_word_t)the_supervisor->apps[index].exit_status);
	kauri_reply(kauri_msginfo(0, 0, 0, 2));
}

/* What a message with one label is: a request answered while the app goes on, or the app's end. */
struct handler {
	kauri_word_t label;
	void (*request)(struct app *app, kauri_word_t info);
	bool (*end)(const struct app *app, const char *what);
	const char *what;	/* the fault's name, for end */
};

static const struct handler handlers[] = {
	{ .label = KAURI_MSG_CONSOLE, .request = console_app_line },
	{ .label = KAURI_MSG_PUBLISH, .request = msgserver_request },
	{ .label = KAURI_MSG_CONNECT, .request = msgserver_request },
	{ .label = KAURI_MSG_CHANNEL, .request = channel_request },
	{ .label = KAURI_MSG_DEVICE, .request = device_request },
	{ .label = KAURI_MSG_IRQ, .request = irq_request },
	{ .label = KAURI_MSG_PARTITION, .request = partition_request },
	{ .label = KAURI_MSG_UNTYPED, .request = app_budget_request },
	{ .label = KAURI_MSG_INITRD, .request = app_initrd_request },
	{ .label = KAURI_MSG_RESET, .request = reset_request },
	{ .label = KAURI_MSG_RELEASE, .request = release_request },
	{ .label = KAURI_MSG_APP_STATE, .request = app_state_request },
	{ .label = KAURI_MSG_WATCHDOG, .request = release_watchdog_request },
	{ .label = KAURI_APP_EXIT, .end = exited },
	{ .label = KAURI_FAULT_CAP, .end = faulted, .what = "capability fault" },
	{ .label = KAURI_FAULT_UNKNOWN_SYSCALL, .end = faulted, .what = "unknown system call" },
	{ .label = KAURI_FAULT_USER_EXCEPTION, .end = faulted, .what = "user exception" },
	{ .label = KAURI_FAULT_VM, .end = vm_faulted, .what = "VM fault" },
};

static const struct handler *handler_for(kauri_word_t label)
{
	for (size_t i = 0; i < sizeof(handlers) / sizeof(handlers[0]); i++)
		if (handlers[i].label == label)
			return &handlers[i];
	return 0;
}

void supervise(struct supervisor *sv)
{
	while (sv->running) {
		kauri_word_t badge;
		kauri_word_t info = kauri_recv(sv->endpoint, &badge);
		struct app *app = badge >= 1 && badge <= sv->manifest->napps ? &sv->apps[badge - 1] : 0;
		const struct handler *h = handler_for(kauri_msginfo_label(info));

		/*
		 * A message from no running app, or with a label nobody handles, gets no
		 * answer: its sender, if it called, waits for ever, and nothing else changes.
		 */
		if (!app || !app->running || !h)
			continue;
		if (h->request) {
			h->request(app, info);
			continue;
		}
		app->last_end = h->label == KAURI_APP_EXIT ? KAURI_APP_EXITED : KAURI_APP_FAULTED;
		app->exit_status = h->label == KAURI_APP_EXIT ? (long)kauri_get_mr(0) : 0;
		app_ended(sv, app, h->end(app, h->what));
	}
	kauri_printf("rootserver: all apps have ended\n");
#ifdef CONFIG_ARM_SEMIHOSTING
	kauri_machine_power_off(KAURI_CAP_MACHINE, 0);	/* under QEMU: end the run, for the system tests */
#endif
	for (;;)
		kauri_wait(sv->endpoint);	/* nothing left to do */
}
