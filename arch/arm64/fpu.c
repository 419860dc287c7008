/* SPDX-License-Identifier: BSD-2-Clause */
/* FP/SIMD access control: the trap that lets the kernel switch FP registers lazily. */
#include <stdbool.h>
#include <arch/context.h>
#include <arch/sysreg.h>

void fpu_set_access(bool enabled)
{
#ifdef CONFIG_HYP
	/*
	 * At EL2 the trap comes from CPTR_EL2.TFP (it also stops the kernel's own
	 * use, so fpu_save/restore come after enabling). A CPACR_EL1 trap would be
	 * reported as an unknown exception when HCR_EL2.TGE is set.
	 */
	write_sysreg(cptr_el2, CPTR_EL2_NO_TRAPS | (enabled ? 0 : CPTR_EL2_TFP));
#else
	write_sysreg(cpacr_el1, enabled ? CPACR_EL1_FPEN : 0);
#endif
	__asm__ volatile("isb");
}
