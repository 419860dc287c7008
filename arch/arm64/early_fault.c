/* SPDX-License-Identifier: BSD-2-Clause */
/* Reports an exception taken during early boot, then stops with a failure status. */
#include <stdint.h>
#include <arch/sysreg.h>
#include <arch/semihosting.h>
#include <drivers/uart.h>
#include <kernel/printk.h>

void early_exception(unsigned int vector) __attribute__((noreturn));

static const char *const vector_names[4] = {
	"synchronous", "IRQ", "FIQ", "SError",
};

static const char *const vector_origins[4] = {
	"current EL, SP_EL0", "current EL, SP_ELx", "lower EL, AArch64", "lower EL, AArch32",
};

void early_exception(unsigned int vector)
{
	uint64_t esr, elr, far;

	if (current_el() == 2) {
		esr = read_sysreg(esr_el2);
		elr = read_sysreg(elr_el2);
		far = read_sysreg(far_el2);
	} else {
		esr = read_sysreg(esr_el1);
		elr = read_sysreg(elr_el1);
		far = read_sysreg(far_el1);
	}
	printk("\nearly boot: unexpected %s exception (%s) at EL%u\n",
	       vector_names[vector & 3], vector_origins[(vector >> 2) & 3], current_el());
	printk("  ESR 0x%lx (class 0x%lx)  ELR 0x%lx  FAR 0x%lx\n",
	       (unsigned long)esr, (unsigned long)((esr >> ESR_EC_SHIFT) & ESR_EC_MASK),
	       (unsigned long)elr, (unsigned long)far);
	debug_uart_flush();
	platform_exit(2);
}
