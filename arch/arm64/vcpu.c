/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Guests at EL1 (CONFIG_HYP): their system registers in and out of the CPU,
 * HCR_EL2 for a guest or for native threads, and exits to EL2 turned into
 * fault messages (kauri/fault.h) for the thread's VMM.
 */
#include <stddef.h>
#include <arch/context.h>
#include <arch/esr.h>
#include <arch/sysreg.h>
#include <uapi/kauri/fault.h>
#include <kernel/fault.h>
#include <kernel/interrupt.h>
#include <kernel/ipc.h>
#include <kernel/platform.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>

/* ESR_EL2 ISS of a data abort (Arm ARM D17.2.40). */
#define ISS_ISV			(UL(1) << 24)
#define ISS_SAS_SHIFT		22
#define ISS_SSE			(UL(1) << 21)
#define ISS_SRT_SHIFT		16
#define ISS_SF			(UL(1) << 15)
#define ISS_S1PTW		(UL(1) << 7)
#define ISS_WNR			(UL(1) << 6)
#define ISS_FSC_TYPE_MASK	UL(0x3c)
#define ISS_FSC_PERMISSION	UL(0x0c)
#define ISS_IMM16_MASK		UL(0xffff)
#define ISS_WFX_WFE		UL(1)

/* ESR_EL2 ISS of a trapped MSR/MRS (Arm ARM D17.2.37, EC 0x18). */
#define ISS_SYS_OP0(esr)	(((esr) >> 20) & 3)
#define ISS_SYS_OP2(esr)	(((esr) >> 17) & 7)
#define ISS_SYS_OP1(esr)	(((esr) >> 14) & 7)
#define ISS_SYS_CRN(esr)	(((esr) >> 10) & 15)
#define ISS_SYS_RT(esr)		(((esr) >> 5) & 31)
#define ISS_SYS_CRM(esr)	(((esr) >> 1) & 15)
#define ISS_SYS_READ		UL(1)
#define XZR			31

/* HPFAR_EL2.FIPA, bits [43:4], holds IPA[51:12]; FAR gives the offset in the page. */
#define HPFAR_FIPA_MASK		UL(0x00000ffffffffff0)
#define PAR_F			UL(1)
#define PAR_PA_MASK		UL(0x0000fffffffff000)
#define PAGE_OFFSET_MASK	UL(0xfff)

#define SPSR_GUEST_FLAGS	UL(0xf00003c0)	/* NZCV and DAIF */

static struct vcpu *loaded;		/* whose registers are in the CPU */

/* The GIC's virtual CPU interface (drivers/irq/vgic_v*.c); no list registers: none to drive. */
static const struct vgic_api *const vgic_drivers[] = {
#ifdef CONFIG_GIC_V2
	&vgic_v2_api,
#endif
#ifdef CONFIG_GIC_V3
	&vgic_v3_api,
#endif
};
static const struct vgic_api *vgic;
static unsigned int lr_count;

/* What native threads find in the registers a guest may change and EL0 still obeys or reads. */
static uint64_t native_sctlr, native_cpacr, native_cntkctl, native_cntv_ctl, native_cntv_cval;

void vcpu_init(void)
{
	write_sysreg(vpidr_el2, read_sysreg(midr_el1));
	write_sysreg(mdcr_el2, read_sysreg(mdcr_el2) | MDCR_EL2_DEBUG_TRAPS);
}

void vgic_init(void)
{
	struct vgic_config config = {
		.hyp = platform.gic.hyp_base ? (uintptr_t)phys_to_virt(platform.gic.hyp_base) : 0,
	};

	for (unsigned int i = 0; i < sizeof(vgic_drivers) / sizeof(vgic_drivers[0]); i++)
		if (vgic_drivers[i]->gic_version == platform.gic.version)
			vgic = vgic_drivers[i];
	if (!vgic)
		return;
	lr_count = vgic->init(&config);
	if (lr_count)
		irq_unmask(VGIC_MAINTENANCE_PPI);	/* asserted only while a guest's interface is enabled */
}

unsigned int vgic_lr_count(void)
{
	return lr_count;
}

uint64_t vgic_lr_make(unsigned int virq, unsigned int priority, unsigned int group, bool eoi_exit)
{
	return VGIC_LR_PENDING | (group ? VGIC_LR_GROUP1 : 0) | (uint64_t)priority << VGIC_LR_PRIORITY_SHIFT |
	       (eoi_exit ? VGIC_LR_EOI : 0) | virq;
}

bool vgic_lr_free(uint64_t lr)
{
	return !(lr & VGIC_LR_STATE_MASK) && ((lr & VGIC_LR_HW) || !(lr & VGIC_LR_EOI));
}

unsigned int vgic_lr_virq(uint64_t lr)
{
	return (unsigned int)(lr & VGIC_LR_VINTID_MASK);
}

/* Queued interrupts into free list registers, oldest first; UIE asks for room while some wait. */
static void vgic_refill(struct vgic_state *s)
{
	for (unsigned int i = 0; i < lr_count && s->queued; i++) {
		if (!vgic_lr_free(s->cpu.lr[i]))
			continue;
		s->cpu.lr[i] = s->queue[0];
		s->queued--;
		for (unsigned int q = 0; q < s->queued; q++)
			s->queue[q] = s->queue[q + 1];
		s->queue[s->queued] = 0;
	}
	s->cpu.hcr = VGIC_HCR_EN | (s->queued && lr_count > 1 ? VGIC_HCR_UIE : 0);
}

/* The interface is off while no guest runs: nothing of this guest reaches the next thread. */
static void vgic_save(struct vgic_state *s)
{
	if (lr_count)
		vgic->save(&s->cpu);
}

static void vgic_restore(struct vgic_state *s)
{
	if (!lr_count)
		return;
	vgic_refill(s);
	vgic->restore(&s->cpu);
}

/* Whether THREAD, interrupted in its guest, can take an asynchronous exit now. */
static bool can_exit(const struct tcb *t)
{
	return t && t->state == THREAD_RUNNABLE && t->fault == FAULT_NONE;
}

/*
 * The maintenance interrupt: a list register with EOI set was EOI'd (the EOI status),
 * or LRs have room for queued interrupts (UIE). One EOI per exit; another still
 * in the EOI status raises the interrupt again when the guest next runs.
 */
static void vgic_maintenance(struct vcpu *v)
{
	struct vgic_state *s = &v->vgic;
	uint64_t eisr = vgic->eoi_status();
	uint64_t w[3];

	vgic_save(s);
	if (eisr && can_exit(v->tcb)) {
		unsigned int i = (unsigned int)__builtin_ctzl(eisr);

		w[0] = v->tcb->context.pc;
		w[1] = i;
		w[2] = vgic_lr_virq(s->cpu.lr[i]);
		s->cpu.lr[i] = 0;
		vgic_restore(s);
		deliver_fault_words(v->tcb, FAULT_VCPU_VGIC_MAINTENANCE, w, 3);
		return;
	}
	vgic_restore(s);
	/* An EOI that cannot be reported yet: the interface stays off until the guest runs again. */
	if (eisr)
		vgic->set_hcr(0);
}

/* The guest's virtual timer fired: masked until VCPU.AckVPPI, and the VMM told. */
static void vtimer_fired(struct vcpu *v)
{
	uint64_t w[2];

	irq_borrow(KAURI_VCPU_VTIMER_PPI, true);
	if (!can_exit(v->tcb))
		return;		/* unmasked as the guest comes back; the timer, still firing, says it again */
	v->vgic.vtimer_masked = true;
	w[0] = v->tcb->context.pc;
	w[1] = KAURI_VCPU_VTIMER_PPI;
	deliver_fault_words(v->tcb, FAULT_VCPU_VPPI, w, 2);
}

bool vgic_owns_irq(unsigned int intid)
{
	return intid == VGIC_MAINTENANCE_PPI && lr_count;
}

bool vcpu_handle_irq(unsigned int intid)
{
	if (intid == VGIC_MAINTENANCE_PPI && lr_count) {
		if (loaded)
			vgic_maintenance(loaded);
		else
			vgic->set_hcr(0);
		return true;
	}
	if (intid == KAURI_VCPU_VTIMER_PPI && loaded) {
		vtimer_fired(loaded);
		return true;
	}
	return false;
}

struct vcpu *vcpu_loaded(void)
{
	return loaded;
}

/*
 * A guest's registers come in two groups. Those native threads also use or
 * obey at EL0 (SCTLR_EL1's EL0 controls, CPACR_EL1, CNTKCTL_EL1, TPIDRRO_EL0,
 * the virtual timer and its offset) and the GIC's virtual interface go in and
 * out with every switch. The rest, EL1's translation and exception registers,
 * which native threads (EL0 with HCR_EL2.TGE) never see, stay in the CPU while
 * native threads run: the last guest stays "resident", and only another
 * guest, or a VMM's invocation on its registers, takes them out.
 */
static struct vcpu *resident;		/* whose EL1-only registers are in the CPU, or NULL */

static void save_shared(struct vcpu *v)
{
	uint64_t *r = v->regs;

	r[KAURI_VCPU_REG_SCTLR] = read_sysreg(sctlr_el1);
	r[KAURI_VCPU_REG_TPIDRRO_EL0] = read_sysreg(tpidrro_el0);
	r[KAURI_VCPU_REG_CPACR] = read_sysreg(cpacr_el1);
	r[KAURI_VCPU_REG_CNTKCTL] = read_sysreg(cntkctl_el1);
	r[KAURI_VCPU_REG_CNTV_CTL] = read_sysreg(cntv_ctl_el0);
	r[KAURI_VCPU_REG_CNTV_CVAL] = read_sysreg(cntv_cval_el0);
	r[KAURI_VCPU_REG_CNTVOFF] = read_sysreg(cntvoff_el2);
	vgic_save(&v->vgic);
}

static void save_resident(struct vcpu *v)
{
	uint64_t *r = v->regs;

	r[KAURI_VCPU_REG_TTBR0] = read_sysreg(ttbr0_el1);
	r[KAURI_VCPU_REG_TTBR1] = read_sysreg(ttbr1_el1);
	r[KAURI_VCPU_REG_TCR] = read_sysreg(tcr_el1);
	r[KAURI_VCPU_REG_MAIR] = read_sysreg(mair_el1);
	r[KAURI_VCPU_REG_AMAIR] = read_sysreg(amair_el1);
	r[KAURI_VCPU_REG_VBAR] = read_sysreg(vbar_el1);
	r[KAURI_VCPU_REG_CONTEXTIDR] = read_sysreg(contextidr_el1);
	r[KAURI_VCPU_REG_TPIDR_EL1] = read_sysreg(tpidr_el1);
	r[KAURI_VCPU_REG_SP_EL1] = read_sysreg(sp_el1);
	r[KAURI_VCPU_REG_ELR_EL1] = read_sysreg(elr_el1);
	r[KAURI_VCPU_REG_SPSR_EL1] = read_sysreg(spsr_el1);
	r[KAURI_VCPU_REG_ESR_EL1] = read_sysreg(esr_el1);
	r[KAURI_VCPU_REG_FAR_EL1] = read_sysreg(far_el1);
	r[KAURI_VCPU_REG_AFSR0] = read_sysreg(afsr0_el1);
	r[KAURI_VCPU_REG_AFSR1] = read_sysreg(afsr1_el1);
	r[KAURI_VCPU_REG_PAR] = read_sysreg(par_el1);
	r[KAURI_VCPU_REG_VMPIDR] = read_sysreg(vmpidr_el2);
}

static void restore_resident(const struct vcpu *v)
{
	const uint64_t *r = v->regs;

	write_sysreg(ttbr0_el1, r[KAURI_VCPU_REG_TTBR0]);
	write_sysreg(ttbr1_el1, r[KAURI_VCPU_REG_TTBR1]);
	write_sysreg(tcr_el1, r[KAURI_VCPU_REG_TCR]);
	write_sysreg(mair_el1, r[KAURI_VCPU_REG_MAIR]);
	write_sysreg(amair_el1, r[KAURI_VCPU_REG_AMAIR]);
	write_sysreg(vbar_el1, r[KAURI_VCPU_REG_VBAR]);
	write_sysreg(contextidr_el1, r[KAURI_VCPU_REG_CONTEXTIDR]);
	write_sysreg(tpidr_el1, r[KAURI_VCPU_REG_TPIDR_EL1]);
	write_sysreg(sp_el1, r[KAURI_VCPU_REG_SP_EL1]);
	write_sysreg(elr_el1, r[KAURI_VCPU_REG_ELR_EL1]);
	write_sysreg(spsr_el1, r[KAURI_VCPU_REG_SPSR_EL1]);
	write_sysreg(esr_el1, r[KAURI_VCPU_REG_ESR_EL1]);
	write_sysreg(far_el1, r[KAURI_VCPU_REG_FAR_EL1]);
	write_sysreg(afsr0_el1, r[KAURI_VCPU_REG_AFSR0]);
	write_sysreg(afsr1_el1, r[KAURI_VCPU_REG_AFSR1]);
	write_sysreg(par_el1, r[KAURI_VCPU_REG_PAR]);
	write_sysreg(vmpidr_el2, r[KAURI_VCPU_REG_VMPIDR]);
}

/* HCR_EL2 for V: a WFI or WFE in WAIT mode is not trapped. */
static uint64_t guest_hcr(const struct vcpu *v)
{
	return HCR_GUEST & ~(v->wfi_mode == KAURI_VCPU_WFX_WAIT ? HCR_TWI : 0) &
	       ~(v->wfe_mode == KAURI_VCPU_WFX_WAIT ? HCR_TWE : 0);
}

static void restore_shared(struct vcpu *v)
{
	const uint64_t *r = v->regs;

	write_sysreg(hcr_el2, guest_hcr(v));
	write_sysreg(sctlr_el1, r[KAURI_VCPU_REG_SCTLR]);
	write_sysreg(tpidrro_el0, r[KAURI_VCPU_REG_TPIDRRO_EL0]);
	write_sysreg(cpacr_el1, r[KAURI_VCPU_REG_CPACR]);
	write_sysreg(cntkctl_el1, r[KAURI_VCPU_REG_CNTKCTL]);
	write_sysreg(cntvoff_el2, r[KAURI_VCPU_REG_CNTVOFF]);
	write_sysreg(cntv_cval_el0, r[KAURI_VCPU_REG_CNTV_CVAL]);
	write_sysreg(cntv_ctl_el0, r[KAURI_VCPU_REG_CNTV_CTL]);
	vgic_restore(&v->vgic);
	irq_borrow(KAURI_VCPU_VTIMER_PPI, v->vgic.vtimer_masked);
}

/*
 * Native threads (EL0, HCR_EL2.TGE) never see EL1's translation registers,
 * but EL0 still obeys SCTLR_EL1's and CPACR_EL1's EL0 controls and reads
 * TPIDRRO_EL0, the virtual timer and counter: those get native values back.
 * They are taken as the first guest comes in, so later boot settings count.
 */
static void enter_guest_mode(void)
{
	native_sctlr = read_sysreg(sctlr_el1);
	native_cpacr = read_sysreg(cpacr_el1);
	native_cntkctl = read_sysreg(cntkctl_el1);
	native_cntv_ctl = read_sysreg(cntv_ctl_el0);
	native_cntv_cval = read_sysreg(cntv_cval_el0);
	write_sysreg(cnthctl_el2, CNTHCTL_EL2_GUEST);
	write_sysreg(mdcr_el2, read_sysreg(mdcr_el2) | MDCR_EL2_PMU_TRAPS);
}

static void enter_native_mode(void)
{
	write_sysreg(hcr_el2, HCR_NATIVE);
	write_sysreg(cnthctl_el2, CNTHCTL_EL2_EL1_ACCESS);
	write_sysreg(mdcr_el2, read_sysreg(mdcr_el2) & ~MDCR_EL2_PMU_TRAPS);
	write_sysreg(sctlr_el1, native_sctlr);
	write_sysreg(cpacr_el1, native_cpacr);
	write_sysreg(cntkctl_el1, native_cntkctl);
	write_sysreg(tpidrro_el0, 0);
	write_sysreg(cntvoff_el2, 0);
	write_sysreg(cntv_cval_el0, native_cntv_cval);
	write_sysreg(cntv_ctl_el0, native_cntv_ctl);
	irq_give_back(KAURI_VCPU_VTIMER_PPI);
}

void vcpu_switch(struct vcpu *next)
{
	if (next == loaded)
		return;
	if (loaded)
		save_shared(loaded);
	else
		enter_guest_mode();
	if (next) {
		if (resident != next) {
			if (resident)
				save_resident(resident);
			restore_resident(next);
			resident = next;
		}
		restore_shared(next);
	} else {
		enter_native_mode();
	}
	loaded = next;
	__asm__ volatile("isb");
}

void vcpu_flush(struct vcpu *v)
{
	if (v == resident && v != loaded) {
		save_resident(v);
		resident = NULL;
	}
}

void vcpu_unload(struct vcpu *v)
{
	if (v == loaded)
		vcpu_switch(NULL);
	vcpu_flush(v);
}

struct vcpu *vcpu_resident(void)
{
	return resident;
}

uint64_t vcpu_spsr(uint64_t requested)
{
	uint64_t mode = requested & SPSR_MODE_BITS;

	/* Never EL2 (an eret there would run guest code as the kernel), never AArch32. */
	if (mode != SPSR_MODE_EL0T && mode != SPSR_MODE_EL1T && mode != SPSR_MODE_EL1H)
		mode = SPSR_MODE_EL1H;
	return (requested & SPSR_GUEST_FLAGS) | mode;
}

/*
 * The faulting IPA. HPFAR_EL2 holds it for stage-2 translation and access
 * flag faults; for a permission fault outside a stage-1 walk it may not, and
 * the guest's own stage 1 translates FAR (its PAR_EL1 is kept).
 */
static uint64_t fault_ipa(uint64_t esr, uint64_t far)
{
	uint64_t par, guest_par;

	if ((esr & ISS_S1PTW) || (esr & ISS_FSC_TYPE_MASK) != ISS_FSC_PERMISSION)
		return (read_sysreg(hpfar_el2) & HPFAR_FIPA_MASK) << 8 | (far & PAGE_OFFSET_MASK);
	guest_par = read_sysreg(par_el1);
	__asm__ volatile("at s1e1r, %0; isb" : : "r"(far));
	par = read_sysreg(par_el1);
	write_sysreg(par_el1, guest_par);
	if (par & PAR_F)
		return ~0UL;
	return (par & PAR_PA_MASK) | (far & PAGE_OFFSET_MASK);
}

static uint64_t register_value(const struct tcb *t, unsigned int r)
{
	return r == XZR ? 0 : t->context.x[r];
}

/* The low SIZE bytes of VALUE. */
static uint64_t truncate(uint64_t value, unsigned int size)
{
	return size >= 8 ? value : value & ((UL(1) << (8 * size)) - 1);
}

static void data_abort(struct tcb *t, uint64_t esr)
{
	uint64_t far = read_sysreg(far_el2);
	uint64_t w[KAURI_FAULT_MAX_WORDS] = { 0 };

	w[KAURI_ABORT_PC] = t->context.pc;
	w[KAURI_ABORT_IPA] = fault_ipa(esr, far);
	w[KAURI_ABORT_FAR] = far;
	w[KAURI_ABORT_ESR] = esr;
	if (esr & ISS_ISV) {
		unsigned int size = 1u << ((esr >> ISS_SAS_SHIFT) & 3);
		unsigned int srt = (esr >> ISS_SRT_SHIFT) & 31;

		w[KAURI_ABORT_VALID] = 1;
		w[KAURI_ABORT_WRITE] = (esr & ISS_WNR) != 0;
		w[KAURI_ABORT_SIZE] = size;
		w[KAURI_ABORT_REGISTER] = srt;
		w[KAURI_ABORT_SIGN_EXTEND] = (esr & ISS_SSE) != 0;
		w[KAURI_ABORT_64BIT] = (esr & ISS_SF) != 0;
		if (esr & ISS_WNR)
			w[KAURI_ABORT_VALUE] = truncate(register_value(t, srt), size);
	}
	deliver_fault_words(t, FAULT_VCPU_DATA_ABORT, w, KAURI_FAULT_MAX_WORDS);
}

/* HVC and a trapped SMC: the immediate and x0-x7, where PSCI and hypercalls pass arguments. */
static void call_exit(struct tcb *t, enum fault_kind kind, uint64_t esr)
{
	uint64_t w[2 + 8];

	w[0] = t->context.pc;
	w[1] = esr & ISS_IMM16_MASK;
	for (unsigned int i = 0; i < 8; i++)
		w[2 + i] = t->context.x[i];
	deliver_fault_words(t, kind, w, 2 + 8);
}

/* A trapped WFI or WFE (a mode other than WAIT): to the VMM, or stepped over with a yield. */
static void wfx_exit(struct tcb *t, uint64_t esr)
{
	bool wfe = esr & ISS_WFX_WFE;
	uint64_t w[3] = { t->context.pc, wfe, esr };

	if ((wfe ? t->vcpu->wfe_mode : t->vcpu->wfi_mode) == KAURI_VCPU_WFX_YIELD) {
		t->context.pc += 4;
		sched_yield();
		return;
	}
	deliver_fault_words(t, FAULT_VCPU_WFX, w, 3);
}

/* A trapped MRS or MSR: which register, which way, and for an MSR the value. */
static void sysreg_exit(struct tcb *t, uint64_t esr)
{
	uint64_t w[KAURI_SYSREG_WORDS];
	unsigned int rt = ISS_SYS_RT(esr);
	bool read = esr & ISS_SYS_READ;

	w[KAURI_SYSREG_PC] = t->context.pc;
	w[KAURI_SYSREG_OP0] = ISS_SYS_OP0(esr);
	w[KAURI_SYSREG_OP1] = ISS_SYS_OP1(esr);
	w[KAURI_SYSREG_CRN] = ISS_SYS_CRN(esr);
	w[KAURI_SYSREG_CRM] = ISS_SYS_CRM(esr);
	w[KAURI_SYSREG_OP2] = ISS_SYS_OP2(esr);
	w[KAURI_SYSREG_READ] = read;
	w[KAURI_SYSREG_REGISTER] = rt;
	w[KAURI_SYSREG_VALUE] = read ? 0 : register_value(t, rt);
	w[KAURI_SYSREG_ESR] = esr;
	deliver_fault_words(t, FAULT_VCPU_SYSREG, w, KAURI_SYSREG_WORDS);
}

void vcpu_handle_exit(struct tcb *t, uint64_t esr)
{
	switch (ESR_EC(esr)) {
	case ESR_EC_HVC64:
		/* Its return address is the next instruction; the VMM's reply says whether to go there. */
		t->context.pc -= 4;
		call_exit(t, FAULT_VCPU_HVC, esr);
		break;
	case ESR_EC_SMC64:
		call_exit(t, FAULT_VCPU_SMC, esr);
		break;
	case ESR_EC_WFX:
		wfx_exit(t, esr);
		break;
	case ESR_EC_SYSREG:
		sysreg_exit(t, esr);
		break;
	case ESR_EC_DABT_LOWER:
		data_abort(t, esr);
		break;
	case ESR_EC_IABT_LOWER: {
		uint64_t far = read_sysreg(far_el2);
		uint64_t w[4] = { t->context.pc, fault_ipa(esr, far), far, esr };

		deliver_fault_words(t, FAULT_VCPU_INSTRUCTION_ABORT, w, 4);
		break;
	}
	default:
		/* SError, ...: the VMM sees the syndrome. */
		handle_user_exception(t, ESR_EC(esr), esr);
		break;
	}
}

/* An emulated load: VALUE cut to the access size, sign-extended to 32 or 64 bits as the instruction says. */
static uint64_t loaded_value(uint64_t value, unsigned int size, bool sign_extend, bool is_64bit)
{
	value = truncate(value, size);
	if (sign_extend && size < 8 && (value >> (8 * size - 1)) & 1)
		value |= ~0UL << (8 * size);
	return is_64bit ? value : value & 0xffffffffUL;
}

void vcpu_reply_to_exit(struct tcb *t, enum fault_kind kind, uint64_t flags, uint64_t value, unsigned int length)
{
	const uint64_t *w = t->fault_data;

	/* Asynchronous exits: the guest executed nothing that exited. */
	if (kind == FAULT_VCPU_VGIC_MAINTENANCE || kind == FAULT_VCPU_VPPI)
		return;
	if (!(flags & KAURI_VCPU_REPLY_ADVANCE))
		return;		/* the instruction runs again */
	t->context.pc += 4;
	if (kind == FAULT_VCPU_SYSREG && length >= 2 && w[KAURI_SYSREG_READ] && w[KAURI_SYSREG_REGISTER] != XZR)
		t->context.x[w[KAURI_SYSREG_REGISTER]] = value;
	if (kind == FAULT_VCPU_DATA_ABORT && length >= 2 && w[KAURI_ABORT_VALID] && !w[KAURI_ABORT_WRITE] &&
	    w[KAURI_ABORT_REGISTER] != XZR)
		t->context.x[w[KAURI_ABORT_REGISTER]] = loaded_value(value, (unsigned int)w[KAURI_ABORT_SIZE],
								     w[KAURI_ABORT_SIGN_EXTEND], w[KAURI_ABORT_64BIT]);
}
