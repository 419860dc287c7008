/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The guest's exits, one handler per kind (a table from the exit's label), and after each one the
 * host input and the interrupts the distributor model says are due. An exit is answered with a
 * reply (label 0, MR0 KAURI_VCPU_REPLY_* flags, MR1 the value of an emulated load or MRS); a
 * wake-up by the bound notification is no exit, and nothing is answered for it.
 */
#include <stdarg.h>
#include <uapi/kauri/fault.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <kauri/lib_error.h>
#include <kauri/syscalls.h>
#include "exits.h"
#include "psci.h"

/* A handler's answer: the guest goes on (with the reply), or the app ends with a status >= 0. */
#define VM_RUNNING	(-1)

/* Words of the exits fault.h lays out without an enum of their own. */
#define CALL_X0		2	/* HVC, SMC: MR2-MR9 x0-x7 */
#define EOI_INTID	2	/* VGIC_MAINTENANCE: the virtual INTID EOI'd */
#define FETCH_PC	0	/* INSTRUCTION_ABORT */
#define FETCH_IPA	1
#define EXCEPTION_PC	0	/* USER_EXCEPTION */
#define EXCEPTION_CLASS	2
#define EXCEPTION_ESR	3

/* ESR_EL2 of a data abort: WnR, valid even where the kernel gives no access syndrome. */
#define ESR_WNR		(1ull << 6)
/* The IPA the kernel reports when the guest's own translation of the address failed. */
#define IPA_UNKNOWN	(~0ull)

/* ICC_SGI1R_EL1 (op0 3, op1 0, CRn 12, CRm 11, op2 5): a GICv3 guest's SGIs, always trapped. */
#define SGI1R_TARGETS(v)	((v) & 0xffffull)
#define SGI1R_AFF1(v)		(((v) >> 16) & 0xffull)
#define SGI1R_INTID(v)		(((v) >> 24) & 0xfull)
#define SGI1R_AFF2(v)		(((v) >> 32) & 0xffull)
#define SGI1R_IRM		(1ull << 40)
#define SGI1R_RS(v)		(((v) >> 44) & 0xfull)
#define SGI1R_AFF3(v)		(((v) >> 48) & 0xffull)
#define MPIDR_AFF0(m)		((m) & 0xffull)
#define MPIDR_AFF1(m)		(((m) >> 8) & 0xffull)
#define MPIDR_AFF2(m)		(((m) >> 16) & 0xffull)
#define MPIDR_AFF3(m)		(((m) >> 32) & 0xffull)

struct vm_reply {
	kauri_word_t flags;
	kauri_word_t value;
};

typedef int (*exit_handler)(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply);

/* The guest is done: its last console line first, then the VMM's line saying why. */
static int guest_ends(struct vm *vm, enum vm_exit_status status, const char *fmt, ...)
{
	va_list ap;

	devices_stop(&vm->devices);
	va_start(ap, fmt);
	kauri_vprintf(fmt, ap);
	va_end(ap);
	kauri_printf("vm: %llu exits to the VMM; the guest touched %llu of its %u MiB of RAM\n",
		     (unsigned long long)vm->exits, (unsigned long long)(guest_memory_made(&vm->ram) >> 20),
		     vm->info->ram_mb);
	return status;
}

/* The return value of a guest's call: x0 of its thread, which waits in the exit. */
static enum kauri_error set_guest_x0(kauri_word_t value)
{
	kauri_word_t regs[KAURI_TCB_REG_X0 + 1];
	enum kauri_error err = kauri_tcb_read_registers(KAURI_VM_CAP_GUEST_TCB, 0, KAURI_TCB_REG_X0 + 1, regs);

	if (err != KAURI_OK)
		return err;
	regs[KAURI_TCB_REG_X0] = value;
	return kauri_tcb_write_registers(KAURI_VM_CAP_GUEST_TCB, 0, KAURI_TCB_REG_X0 + 1, regs);
}

/* HVC and SMC: SMCCC calls, of which the VMM serves PSCI (everything else: NOT_SUPPORTED). */
static int smccc_call(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	const uint64_t x[4] = { w[CALL_X0], w[CALL_X0 + 1], w[CALL_X0 + 2], w[CALL_X0 + 3] };
	struct psci_result r = psci_call(x, vm->mpidr);
	enum kauri_error err;

	switch (r.action) {
	case PSCI_ACTION_SYSTEM_OFF:
		return guest_ends(vm, VM_EXIT_POWERED_OFF, "vm: guest powered off\n");
	case PSCI_ACTION_SYSTEM_RESET:
		return guest_ends(vm, VM_EXIT_RESET, "vm: guest reset (PSCI SYSTEM_RESET): ending for the restart policy\n");
	case PSCI_ACTION_CPU_OFF:
		return guest_ends(vm, VM_EXIT_GUEST_FAULT, "vm: guest stopped: it turned its only CPU off (PSCI CPU_OFF)\n");
	case PSCI_ACTION_NONE:
		break;
	}
	err = set_guest_x0(r.x0);
	if (err != KAURI_OK)
		return guest_ends(vm, VM_EXIT_VMM_ERROR, "vm: cannot answer the guest's call: %s\n",
				  kauri_kernel_strerror(err));
	reply->flags = KAURI_VCPU_REPLY_ADVANCE;
	return VM_RUNNING;
}

/* WFI and WFE do not exit in the modes the VMM sets; should one come, it is a hint to step over. */
static int step_over(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	reply->flags = KAURI_VCPU_REPLY_ADVANCE;
	return VM_RUNNING;
}

/* The distributor's (and GICv3 redistributor's) frame and offset IPA lies in, if any. */
static bool gic_window(const struct vm *vm, uint64_t ipa, enum vgic_frame *frame, uint64_t *offset)
{
	uint64_t gicd_size = vm->gic.version == 2 ? VGIC_V2_GICD_SIZE : VGIC_V3_GICD_SIZE;

	if (ipa >= GUEST_GICD_IPA && ipa - GUEST_GICD_IPA < gicd_size) {
		*frame = VGIC_FRAME_GICD;
		*offset = ipa - GUEST_GICD_IPA;
		return true;
	}
	if (vm->gic.version == 3 && ipa >= GUEST_GICR_IPA && ipa - GUEST_GICR_IPA < VGIC_V3_GICR_SIZE) {
		*frame = VGIC_FRAME_GICR;
		*offset = ipa - GUEST_GICR_IPA;
		return true;
	}
	return false;
}

/* A guest access to the GIC model, if IPA is in its frames; a refused one reads as zero. */
static bool gic_mmio(struct vm *vm, uint64_t ipa, bool write, unsigned int size, uint64_t *value)
{
	enum vgic_frame frame;
	uint64_t offset;
	int err;

	if (!gic_window(vm, ipa, &frame, &offset))
		return false;
	err = write ? vgic_mmio_write(&vm->gic, frame, offset, size, *value) :
		      vgic_mmio_read(&vm->gic, frame, offset, size, value);
	if (err && !vm->gic_refusal_reported) {
		kauri_printf("vm: GIC: refused the guest's %u-byte %s at %s offset 0x%llx: %s (further ones not shown)\n",
			     size, write ? "write" : "read", frame == VGIC_FRAME_GICD ? "GICD" : "GICR",
			     (unsigned long long)offset, vmm_strerror(err));
		vm->gic_refusal_reported = true;
	}
	if (err && !write)
		*value = 0;
	return true;
}

/*
 * A stage-2 fault in RAM: the guest's first touch of that page, which is made now (guest_ram.c)
 * and the access run again. A fault in a page that is there already would only come again.
 */
static int first_touch(struct vm *vm, uint64_t ipa, uint64_t pc)
{
	if (guest_memory_present(&vm->ram, ipa))
		return guest_ends(vm, VM_EXIT_GUEST_FAULT,
				  "vm: guest fault: its access to RAM at IPA 0x%llx faulted at pc 0x%llx\n",
				  (unsigned long long)ipa, (unsigned long long)pc);
	if (!guest_memory_ptr(&vm->ram, ipa, 1))
		return guest_ends(vm, VM_EXIT_VMM_ERROR, "vm: the guest's RAM at IPA 0x%llx could not be made\n",
				  (unsigned long long)ipa);
	return VM_RUNNING;
}

/* Stage-2 data aborts: RAM's first touch, the GIC's frames and the devices' windows; anything else ends the guest. */
static int data_abort(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	uint64_t ipa = w[KAURI_ABORT_IPA], value = w[KAURI_ABORT_VALUE];
	bool syndrome = w[KAURI_ABORT_VALID] != 0;
	bool write = syndrome ? w[KAURI_ABORT_WRITE] != 0 : (w[KAURI_ABORT_ESR] & ESR_WNR) != 0;
	unsigned int size = (unsigned int)w[KAURI_ABORT_SIZE];
	enum vgic_frame frame;
	uint64_t offset;

	if (ipa == IPA_UNKNOWN)
		return guest_ends(vm, VM_EXIT_GUEST_FAULT,
				  "vm: guest fault: %s of virtual address 0x%llx, which its own page tables do not map, at pc 0x%llx\n",
				  write ? "write" : "read", (unsigned long long)w[KAURI_ABORT_FAR],
				  (unsigned long long)w[KAURI_ABORT_PC]);
	if (guest_memory_contains(&vm->ram, ipa))
		return first_touch(vm, ipa, w[KAURI_ABORT_PC]);
	if (!syndrome && (gic_window(vm, ipa, &frame, &offset) || devices_claims(&vm->devices, ipa)))
		return guest_ends(vm, VM_EXIT_GUEST_FAULT,
				  "vm: guest fault: %s of device IPA 0x%llx at pc 0x%llx by an instruction the VMM cannot "
				  "emulate (not a single load or store)\n", write ? "write" : "read",
				  (unsigned long long)ipa, (unsigned long long)w[KAURI_ABORT_PC]);
	if (!syndrome || (!gic_mmio(vm, ipa, write, size, &value) &&
			  !devices_mmio(&vm->devices, ipa, write, size, &value)))
		return guest_ends(vm, VM_EXIT_GUEST_FAULT,
				  "vm: guest fault: %s of IPA 0x%llx outside its RAM and devices at pc 0x%llx\n",
				  write ? "write" : "read", (unsigned long long)ipa,
				  (unsigned long long)w[KAURI_ABORT_PC]);
	reply->flags = KAURI_VCPU_REPLY_ADVANCE;
	reply->value = value;
	return VM_RUNNING;
}

static int instruction_abort(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	if (guest_memory_contains(&vm->ram, w[FETCH_IPA]))
		return first_touch(vm, w[FETCH_IPA], w[FETCH_PC]);
	return guest_ends(vm, VM_EXIT_GUEST_FAULT,
			  "vm: guest fault: instruction fetch from IPA 0x%llx outside its RAM at pc 0x%llx\n",
			  (unsigned long long)w[FETCH_IPA], (unsigned long long)w[FETCH_PC]);
}

/*
 * The guest EOI'd an interrupt injected with the EOI exit: it leaves the list register. The
 * virtual timer's line drops first (a timer still firing says so again once acknowledged), so
 * the distributor does not take it for pending again.
 */
static int end_of_interrupt(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	unsigned int intid = (unsigned int)w[EOI_INTID];
	enum kauri_error err;

	if (intid != KAURI_VCPU_VTIMER_PPI) {
		vgic_eoi(&vm->gic, intid);
		return VM_RUNNING;
	}
	vgic_set_line(&vm->gic, intid, false);
	vgic_eoi(&vm->gic, intid);
	err = kauri_vcpu_ack_vppi(KAURI_VM_CAP_GUEST_VCPU, KAURI_VCPU_VTIMER_PPI);
	if (err != KAURI_OK)
		return guest_ends(vm, VM_EXIT_VMM_ERROR, "vm: cannot unmask the guest's timer: %s\n",
				  kauri_kernel_strerror(err));
	return VM_RUNNING;
}

/* The guest's virtual timer fired: its line rises in the distributor, which injects it when due. */
static int virtual_timer(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	vgic_set_line(&vm->gic, KAURI_VCPU_VTIMER_PPI, true);
	return VM_RUNNING;
}

static bool is_sgi1r(const kauri_word_t *w)
{
	return w[KAURI_SYSREG_OP0] == 3 && w[KAURI_SYSREG_OP1] == 0 && w[KAURI_SYSREG_CRN] == 12 &&
	       w[KAURI_SYSREG_CRM] == 11 && w[KAURI_SYSREG_OP2] == 5;
}

/*
 * A GICv3 guest's SGI to itself (Linux sends itself one for irq_work even on one CPU) becomes pending
 * through the redistributor; one to any other CPU goes nowhere: there is none.
 */
static void send_sgi(struct vm *vm, uint64_t value)
{
	uint64_t m = vm->mpidr;

	if ((value & SGI1R_IRM) || SGI1R_AFF3(value) != MPIDR_AFF3(m) || SGI1R_AFF2(value) != MPIDR_AFF2(m) ||
	    SGI1R_AFF1(value) != MPIDR_AFF1(m) || SGI1R_RS(value) != MPIDR_AFF0(m) / 16 ||
	    !(SGI1R_TARGETS(value) & (1ull << (MPIDR_AFF0(m) % 16))))
		return;
	vgic_mmio_write(&vm->gic, VGIC_FRAME_GICR, VGIC_V3_GICR_SGI_BASE + GICD_ISPENDR, 4,
			1ull << SGI1R_INTID(value));
}

/* Trapped system registers (PMU, debug, the physical timer): read as zero, writes ignored. */
static int sysreg(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	if (vm->gic.version == 3 && !w[KAURI_SYSREG_READ] && is_sgi1r(w))
		send_sgi(vm, w[KAURI_SYSREG_VALUE]);
	reply->flags = KAURI_VCPU_REPLY_ADVANCE;
	reply->value = 0;
	return VM_RUNNING;
}

/* An SError or another exception the kernel passes on as it is. */
static int guest_exception(struct vm *vm, const kauri_word_t *w, struct vm_reply *reply)
{
	return guest_ends(vm, VM_EXIT_GUEST_FAULT,
			  "vm: guest crashed: exception class 0x%llx (syndrome 0x%llx) at pc 0x%llx\n",
			  (unsigned long long)w[EXCEPTION_CLASS], (unsigned long long)w[EXCEPTION_ESR],
			  (unsigned long long)w[EXCEPTION_PC]);
}

static const exit_handler handlers[] = {
	[KAURI_FAULT_USER_EXCEPTION] = guest_exception,
	[KAURI_FAULT_VCPU_HVC] = smccc_call,
	[KAURI_FAULT_VCPU_SMC] = smccc_call,
	[KAURI_FAULT_VCPU_WFX] = step_over,
	[KAURI_FAULT_VCPU_DATA_ABORT] = data_abort,
	[KAURI_FAULT_VCPU_INSTRUCTION_ABORT] = instruction_abort,
	[KAURI_FAULT_VCPU_VGIC_MAINTENANCE] = end_of_interrupt,
	[KAURI_FAULT_VCPU_VPPI] = virtual_timer,
	[KAURI_FAULT_VCPU_SYSREG] = sysreg,
};

/* Everything the distributor says is due, into the vCPU until its list registers and queue are full. */
static void inject_pending(struct vm *vm)
{
	struct vgic_injection irq;

	while (vgic_next_injection(&vm->gic, &irq))
		if (kauri_vcpu_inject_irq(KAURI_VM_CAP_GUEST_VCPU, irq.intid, irq.priority, irq.group,
					  KAURI_VCPU_LR_ANY, KAURI_VCPU_IRQ_EOI_EXIT) != KAURI_OK) {
			vgic_cancel_injection(&vm->gic, irq.intid);	/* again after the next EOI */
			return;
		}
}

/* The exit's words out of the IPC buffer, before the handler's own calls overwrite them. */
static void read_exit(kauri_word_t info, kauri_word_t *w)
{
	unsigned int length = kauri_msginfo_length(info);

	for (unsigned int i = 0; i < KAURI_FAULT_MAX_WORDS; i++)
		w[i] = i < length ? kauri_get_mr(i) : 0;
}

static int serve_exit(struct vm *vm, kauri_word_t label, const kauri_word_t *w, struct vm_reply *reply)
{
	if (label >= sizeof(handlers) / sizeof(handlers[0]) || !handlers[label])
		return guest_ends(vm, VM_EXIT_GUEST_FAULT,
				  "vm: the guest's thread stopped with fault %llu at pc 0x%llx\n",
				  (unsigned long long)label, (unsigned long long)w[0]);
	return handlers[label](vm, w, reply);
}

int vm_run(struct vm *vm)
{
	kauri_word_t info = kauri_recv(KAURI_VM_CAP_GUEST_EXITS, NULL);

	for (;;) {
		kauri_word_t label = kauri_msginfo_label(info);
		kauri_word_t w[KAURI_FAULT_MAX_WORDS];
		struct vm_reply reply = { 0, 0 };
		int status;

		if (label == 0) {
			/* A signal on the bound notification while the guest ran: host input, no exit. */
			devices_poll(&vm->devices);
			inject_pending(vm);
			info = kauri_recv(KAURI_VM_CAP_GUEST_EXITS, NULL);
			continue;
		}
		vm->exits++;
		read_exit(info, w);
		status = serve_exit(vm, label, w, &reply);
		if (status != VM_RUNNING)
			return status;
		devices_poll(&vm->devices);
		inject_pending(vm);
		kauri_set_mr(0, reply.flags);
		kauri_set_mr(1, reply.value);
		info = kauri_reply_recv(KAURI_VM_CAP_GUEST_EXITS, kauri_msginfo(0, 0, 0, 2), NULL);
	}
}
