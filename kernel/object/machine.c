/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The machine capability: the kernel console, the power switch, the reset and the watchdog. Only the
 * root server is given it at boot, so no app can write raw bytes to the UART,
 * forge console lines or stop the system; it can hand copies on as it sees fit.
 */
#include <stddef.h>
#include <arch/psci.h>
#include <arch/semihosting.h>
#include <kernel/debug_uart.h>
#include <uapi/kauri/invocation.h>
#include <kernel/interrupt.h>
#include <kernel/invariants.h>
#include <kernel/invocation.h>
#include <kernel/object_type.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/trace.h>

static enum kauri_error decode_machine_write(struct invocation *inv, uint64_t *length)
{
	if (inv->length < 1)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	*length = get_mr(inv->thread, 0);
	if (*length > KAURI_MACHINE_WRITE_MAX)
		return fail(KAURI_RANGE_ERROR, 0, KAURI_MACHINE_WRITE_MAX);
	if (inv->length < 1 + (*length + 7) / 8)
		return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
	return KAURI_OK;
}

/* One uninterrupted write (the kernel runs with interrupts off), so lines never mix. */
static void invoke_machine_write(struct tcb *writer, uint64_t length)
{
	for (uint64_t i = 0; i < length; i += 8) {
		uint64_t word = get_mr(writer, 1 + (unsigned int)(i / 8));

		for (uint64_t b = i; b < length && b < i + 8; b++, word >>= 8)
			debug_uart_putc((char)word);
	}
}

/* The reply's MR0: how many capabilities the check walked. */
static void invoke_machine_check_invariants(struct invocation *inv, unsigned int mode)
{
	set_mr(inv->thread, 0, invariants_set_mode(mode));
	inv->reply_length = 1;
}

static void __attribute__((noreturn)) invoke_machine_power_off(struct tcb *caller, int status)
{
	printk("kernel: %s powered the machine off with status %d after %lu timer ticks\n", caller->name, status,
	       (unsigned long)kernel_ticks());
	trace_dump();
	debug_uart_flush();
	platform_exit(status);
}

static void __attribute__((noreturn)) invoke_machine_reset(struct tcb *caller)
{
	printk("kernel: %s reset the machine after %lu timer ticks\n", caller->name, (unsigned long)kernel_ticks());
	trace_dump();
	debug_uart_flush();
	psci_system_reset(platform.psci);
	/* The firmware refused: nothing more runs. */
	printk("kernel: PSCI SYSTEM_RESET returned; stopped\n");
	debug_uart_flush();
	for (;;)
		__asm__ volatile("wfi");
}

/* The watchdog's deadline in kernel ticks (1 ms), or 0: disarmed. */
static uint64_t watchdog_deadline;

static void invoke_machine_watchdog(uint64_t timeout_ms)
{
	watchdog_deadline = timeout_ms ? kernel_ticks() + timeout_ms : 0;
}

void machine_watchdog_tick(uint64_t ticks)
{
	if (!watchdog_deadline || ticks < watchdog_deadline)
		return;
	printk("kernel: the watchdog was not petted in time: resetting the machine after %lu timer ticks\n",
	       (unsigned long)ticks);
	trace_dump();
	debug_uart_flush();
	psci_system_reset(platform.psci);
	printk("kernel: PSCI SYSTEM_RESET returned; the watchdog is disarmed\n");
	watchdog_deadline = 0;
}

enum kauri_error decode_machine_invocation(struct invocation *inv)
{
	uint64_t value = 0;
	enum kauri_error err;

	switch (inv->label) {
	case KAURI_MACHINE_WRITE:
		err = decode_machine_write(inv, &value);
		if (err)
			return err;
		invoke_machine_write(inv->thread, value);
		return KAURI_OK;
	case KAURI_MACHINE_POWER_OFF:
		if (inv->length < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		invoke_machine_power_off(inv->thread, (int)get_mr(inv->thread, 0));
	case KAURI_MACHINE_RESET:
		if (!psci_can_reset(platform.psci))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		invoke_machine_reset(inv->thread);
	case KAURI_MACHINE_WATCHDOG:
		if (!psci_can_reset(platform.psci))
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		if (inv->length < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		value = get_mr(inv->thread, 0);
		if (value > KAURI_WATCHDOG_MAX_MS)
			return fail(KAURI_RANGE_ERROR, 0, KAURI_WATCHDOG_MAX_MS);
		invoke_machine_watchdog(value);
		return KAURI_OK;
	case KAURI_MACHINE_CHECK_INVARIANTS:
		if (!IS_ENABLED_INVARIANTS)
			return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
		if (inv->length < 1)
			return fail(KAURI_TRUNCATED_MESSAGE, 0, 0);
		value = get_mr(inv->thread, 0);
		if (value > KAURI_INVARIANTS_OFF)
			return fail(KAURI_INVALID_ARGUMENT, 0, 0);
		invoke_machine_check_invariants(inv, (unsigned int)value);
		return KAURI_OK;
	default:
		return fail(KAURI_ILLEGAL_OPERATION, 0, 0);
	}
}
