/* SPDX-License-Identifier: BSD-2-Clause */
/* The TCB object (a thread) and the scheduler. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>
#include <arch/vspace.h>
#include <uapi/kauri/fault.h>
#include <uapi/kauri/syscall.h>
#include <kernel/cte.h>

enum thread_state {
	THREAD_INACTIVE,		/* never started, suspended, or stopped after a fault */
	THREAD_RUNNABLE,		/* running or ready to run */
	THREAD_BLOCKED_ON_SEND,		/* in an endpoint's send queue */
	THREAD_BLOCKED_ON_RECEIVE,	/* in an endpoint's receive queue */
	THREAD_BLOCKED_ON_REPLY,	/* called, or faulted, and waits for the reply */
	THREAD_BLOCKED_ON_NOTIFICATION,	/* waiting on a notification */
};

/* The capabilities a TCB holds, in its own slots. */
enum tcb_slot {
	TCB_SLOT_CSPACE,		/* the root CNode of its CSpace */
	TCB_SLOT_VSPACE,		/* its address space */
	TCB_SLOT_IPC_BUFFER,		/* the frame holding its IPC buffer */
	TCB_SLOT_CALLER,		/* the reply capability to the thread that called it */
	TCB_NUM_SLOTS
};

/* What kind of fault a thread took (the fault message's label). */
enum fault_kind {
	FAULT_NONE,
	FAULT_CAP,
	FAULT_UNKNOWN_SYSCALL,
	FAULT_USER_EXCEPTION,
	FAULT_VM,
	FAULT_VCPU_HVC,			/* guest exits (kernel/object/vcpu.c, arch/arm64/vcpu.c) */
	FAULT_VCPU_SMC,
	FAULT_VCPU_WFX,
	FAULT_VCPU_DATA_ABORT,
	FAULT_VCPU_INSTRUCTION_ABORT,
	FAULT_VCPU_VGIC_MAINTENANCE,
	FAULT_VCPU_VPPI,
	FAULT_VCPU_SYSREG,
	FAULT_NUM_KINDS
};

/* The message label of a fault is its kind. */
_Static_assert((int)FAULT_VCPU_HVC == (int)KAURI_FAULT_VCPU_HVC && (int)FAULT_VCPU_INSTRUCTION_ABORT ==
	       (int)KAURI_FAULT_VCPU_INSTRUCTION_ABORT && (int)FAULT_VCPU_VPPI == (int)KAURI_FAULT_VCPU_VPPI &&
	       (int)FAULT_VCPU_SYSREG == (int)KAURI_FAULT_VCPU_SYSREG, "fault kinds are the API's labels");

struct endpoint;
struct notification;
struct vcpu;

/*
 * A TCB object, 2^KAURI_TCB_SIZE_BITS bytes of retyped memory (or of boot
 * memory for the root server).
 */
struct tcb {
	struct user_context context;	/* first: traps.S saves and restores it */
	struct fpu_context fpu;
	struct cte slots[TCB_NUM_SLOTS];
	enum thread_state state;
	uint8_t priority;
	uint8_t max_priority;		/* highest priority it may give itself or others */
	uint32_t timeslice_ticks;
	struct tcb *ready_next;		/* ready queue */
	struct tcb *ready_prev;

	/* Blocking: which object, and the details of a pending send. */
	void *blocked_on;		/* endpoint or notification */
	struct tcb *queue_next;		/* endpoint/notification queue */
	struct tcb *queue_prev;
	uint64_t send_badge;
	bool send_is_call;
	bool send_can_grant;
	bool send_can_grant_reply;
	bool receive_can_grant;
	struct tcb *reply_to;		/* BLOCKED_ON_REPLY: who will reply (for cleanup) */

	uint64_t vspace_ttbr;		/* its VSpace's table base value (vspace_value), from its slot: sched.c */
	uint64_t vspace_epoch;		/* when vspace_ttbr was last taken from the slot */
	struct notification *bound_notification;
	uint64_t fault_endpoint;	/* cptr in its CSpace, looked up when it faults */
	uint64_t ipc_buffer;		/* user address of its IPC buffer */
	struct vcpu *vcpu;		/* bound VCPU: the thread is a guest at EL1 (CONFIG_HYP) */

	/*
	 * A Retype of its that stopped for an interrupt had zeroed [retype_zeroed_from,
	 * retype_zeroed_to), as long as no Retype has finished since (untyped.c, retype_epoch).
	 */
	uint64_t retype_zeroed_from, retype_zeroed_to, retype_epoch;

	/* The fault being delivered or waiting for a reply. */
	enum fault_kind fault;
	unsigned int fault_length;	/* words of fault_data in the message */
	uint64_t fault_data[KAURI_FAULT_MAX_WORDS];

	char name[KAURI_THREAD_NAME_MAX + 1];
};

_Static_assert(sizeof(struct tcb) <= 2048, "struct tcb must fit a TCB object");

/*
 * A thread runs in the VSpace its TCB's VSpace slot names, as long as that VSpace still owns
 * its ASID. The kernel keeps the result in the TCB for the context switch, stamped with
 * vspace_epoch; deleting any VSpace or ASID pool capability starts a new epoch, so every
 * thread looks at its slot again before it next runs (and the running one at once).
 */
/* The scheduler's state on this CPU (kernel/sched.c and context_switch.h write it). */
struct sched_cpu {
	struct tcb *running;		/* whose context is current (current_thread()) */
	struct tcb *fpu_owner;		/* whose FP/SIMD state is in the registers */
	uint64_t vspace_epoch;
	int fpu_access;			/* the FP/SIMD trap as last set; -1 at boot (FP/SIMD on) */
};

extern struct sched_cpu sched_cpu;

/* The thread whose context the next return to user mode restores (NULL: idle). */
static inline struct tcb *current_thread(void)
{
	return sched_cpu.running;
}

/* Makes THREAD runnable (it joins the back of its priority's queue). */
void sched_make_runnable(struct tcb *thread);
/* Takes THREAD off the CPU and the ready queues, in STATE. */
void sched_block(struct tcb *thread, enum thread_state state);
/* The current thread gives up the rest of its timeslice. */
void sched_yield(void);
/* A timer tick: charges the current thread's timeslice. */
void sched_tick(void);
/* Moves THREAD to PRIORITY, requeueing it and preempting as needed. */
void sched_set_priority(struct tcb *thread, uint8_t priority);
/* Picks the thread to run next and makes it current. */
void schedule(void);
/* THREAD used FP/SIMD while they were off: switches the FP registers to it. */
void sched_fpu_trap(struct tcb *thread);
/* Forgets THREAD entirely (its object is being destroyed). */
void sched_forget(struct tcb *thread);

/* Copies NAME, cut to fit; it reads no further, so NAME need not end within. */
void thread_set_name(struct tcb *thread, const char *name);

/* THREAD's VSpace slot changed: it takes its address space from there now. */
void sched_vspace_refresh(struct tcb *thread);
/* A VSpace or ASID pool capability went: every thread looks at its VSpace slot again. */
void sched_vspaces_changed(void);

/* For the invariant checker. */
uint64_t sched_vspace_epoch(void);
struct tcb *sched_ready_head(unsigned int priority, bool *bitmap_bit);
struct tcb *sched_fpu_owner(void);
/* THREAD's FP/SIMD registers are of no more use (it is being destroyed): nobody owns them. */
void sched_fpu_disown(struct tcb *thread);

#endif
