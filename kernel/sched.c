/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fixed-priority preemptive scheduler: one FIFO ready queue per priority and a
 * bitmap to find the highest non-empty one in constant time; round-robin inside
 * a priority by timeslice. The running thread is not in any queue.
 */
#include <stddef.h>
#include <arch/context.h>
#include <kernel/context_switch.h>
#include <kernel/thread.h>
#include <kernel/vcpu.h>
#include <kernel/vspace_object.h>

#define BITMAP_WORDS	((CONFIG_NUM_PRIORITIES + 63) / 64)

struct ready_queue {
	struct tcb *head;
	struct tcb *tail;
};

static struct ready_queue ready_queues[CONFIG_NUM_PRIORITIES];
static uint64_t ready_bitmap[BITMAP_WORDS];
struct sched_cpu sched_cpu = { .vspace_epoch = 1, .fpu_access = -1 };

/* Why the running thread may lose the CPU at the next schedule(). */
static enum { KEEP, PREEMPT_TO_HEAD, PREEMPT_TO_TAIL } reschedule;

static void enqueue(struct tcb *t, bool at_head)
{
	struct ready_queue *q = &ready_queues[t->priority];

	t->ready_next = t->ready_prev = NULL;
	if (!q->head) {
		q->head = q->tail = t;
	} else if (at_head) {
		t->ready_next = q->head;
		q->head->ready_prev = t;
		q->head = t;
	} else {
		t->ready_prev = q->tail;
		q->tail->ready_next = t;
		q->tail = t;
	}
	ready_bitmap[t->priority / 64] |= 1UL << (t->priority % 64);
}

static void dequeue(struct tcb *t)
{
	struct ready_queue *q = &ready_queues[t->priority];

	if (t->ready_prev)
		t->ready_prev->ready_next = t->ready_next;
	else if (q->head == t)
		q->head = t->ready_next;
	else
		return;		/* not queued */
	if (t->ready_next)
		t->ready_next->ready_prev = t->ready_prev;
	else
		q->tail = t->ready_prev;
	t->ready_next = t->ready_prev = NULL;
	if (!q->head)
		ready_bitmap[t->priority / 64] &= ~(1UL << (t->priority % 64));
}

/* The highest priority with a ready thread, or -1. */
static int highest_ready_priority(void)
{
	for (int w = BITMAP_WORDS - 1; w >= 0; w--)
		if (ready_bitmap[w])
			return w * 64 + 63 - __builtin_clzl(ready_bitmap[w]);
	return -1;
}

void sched_make_runnable(struct tcb *thread)
{
	thread->state = THREAD_RUNNABLE;
	if (thread == sched_cpu.running)
		return;
	dequeue(thread);
	enqueue(thread, false);
	if (sched_cpu.running && thread->priority > sched_cpu.running->priority)
		reschedule = PREEMPT_TO_HEAD;
}

void sched_block(struct tcb *thread, enum thread_state state)
{
	thread->state = state;
	dequeue(thread);
}

void sched_set_priority(struct tcb *thread, uint8_t priority)
{
	bool queued = thread != sched_cpu.running && thread->state == THREAD_RUNNABLE;

	if (queued)
		dequeue(thread);
	thread->priority = priority;
	if (queued)
		enqueue(thread, false);
	if (thread == sched_cpu.running) {
		if (highest_ready_priority() > priority)
			reschedule = PREEMPT_TO_HEAD;
	} else if (queued && sched_cpu.running && priority > sched_cpu.running->priority) {
		reschedule = PREEMPT_TO_HEAD;
	}
}

void sched_forget(struct tcb *thread)
{
	dequeue(thread);
	if (sched_cpu.running == thread) {
		sched_cpu.running = NULL;
		arch_set_current_context(NULL);
	}
	if (sched_cpu.fpu_owner == thread)
		sched_cpu.fpu_owner = NULL;
}

/*
 * Off the context switch's straight line: it runs once per thread after a VSpace went (or
 * its VCPU came or went). A guest's VSpace runs only a thread bound to a VCPU: for any other
 * it is no address space at all, so that its writable and executable memory never runs natively.
 */
void sched_vspace_revalidate(struct tcb *t)
{
	struct cap c = t->slots[TCB_SLOT_VSPACE].cap;
	struct vspace vs = { 0, 0 };

	if (cap_type(c) == CAP_VSPACE && cap_vspace_assigned(c) &&
	    asid_names_vspace(cap_vspace_asid(c), cap_object_pa(c)) &&
	    (t->vcpu || !asid_is_guest(cap_vspace_asid(c))))
		vs = (struct vspace){ cap_object_pa(c), (uint16_t)cap_vspace_asid(c) };
	t->vspace_ttbr = vspace_value(&vs);
	t->vspace_epoch = sched_cpu.vspace_epoch;
}

void sched_vspace_refresh(struct tcb *thread)
{
	sched_vspace_revalidate(thread);
	if (thread == sched_cpu.running)
		vspace_load(thread->vspace_ttbr);
}

void sched_vspaces_changed(void)
{
	sched_cpu.vspace_epoch++;
	if (sched_cpu.running)
		sched_vspace_refresh(sched_cpu.running);
}

uint64_t sched_vspace_epoch(void)
{
	return sched_cpu.vspace_epoch;
}

struct tcb *sched_ready_head(unsigned int priority, bool *bitmap_bit)
{
	*bitmap_bit = ready_bitmap[priority / 64] >> (priority % 64) & 1;
	return ready_queues[priority].head;
}

void sched_fpu_disown(struct tcb *thread)
{
	if (sched_cpu.fpu_owner == thread)
		sched_cpu.fpu_owner = NULL;
}

struct tcb *sched_fpu_owner(void)
{
	return sched_cpu.fpu_owner;
}

void sched_yield(void)
{
	reschedule = PREEMPT_TO_TAIL;
}

void sched_tick(void)
{
	if (!sched_cpu.running || sched_cpu.running->state != THREAD_RUNNABLE)
		return;
	if (sched_cpu.running->timeslice_ticks > 1) {
		sched_cpu.running->timeslice_ticks--;
		return;
	}
	sched_cpu.running->timeslice_ticks = 1;
	reschedule = PREEMPT_TO_TAIL;
}

void sched_fpu_trap(struct tcb *thread)
{
	sched_set_fpu_access(true);
	if (sched_cpu.fpu_owner != thread) {
		if (sched_cpu.fpu_owner)
			fpu_save(&sched_cpu.fpu_owner->fpu);
		fpu_restore(&thread->fpu);
		sched_cpu.fpu_owner = thread;
	}
}

/*
 * The Signal and Wait fast paths' switches: sched_switch_fast() plus the ready-queue work
 * schedule() would do, with no decision left to make. NEXT passed sched_may_switch_fast().
 */
void sched_preempt_fast(struct tcb *next)
{
	/* As sched_make_runnable(NEXT) then schedule(): the preempted thread goes first in its queue. */
	enqueue(sched_cpu.running, true);
	reschedule = KEEP;
	sched_switch_fast(next);
}

struct tcb *sched_best_ready(void)
{
	int best = highest_ready_priority();

	return best < 0 ? NULL : ready_queues[best].head;
}

void sched_switch_to_ready_fast(struct tcb *next)
{
	/* As schedule() after the running thread blocked: NEXT is sched_best_ready(). */
	dequeue(next);
	reschedule = KEEP;
	sched_switch_fast(next);
}

void schedule(void)
{
	struct tcb *cur = sched_cpu.running;
	int best = highest_ready_priority();

	if (cur && cur->state == THREAD_RUNNABLE) {
		bool must_go = reschedule == PREEMPT_TO_TAIL ? best >= cur->priority : best > cur->priority;

		if (!must_go) {
			reschedule = KEEP;
			sched_switch_to(cur);
			return;
		}
		if (reschedule == PREEMPT_TO_TAIL)
			cur->timeslice_ticks = 0;
		enqueue(cur, reschedule != PREEMPT_TO_TAIL);
		best = highest_ready_priority();
	}
	reschedule = KEEP;
	if (best < 0) {
		sched_switch_to(NULL);
		return;
	}
	cur = ready_queues[best].head;
	dequeue(cur);
	sched_refill_timeslice(cur);
	sched_switch_to(cur);
}

void thread_set_name(struct tcb *thread, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < sizeof(thread->name) - 1; i++)
		thread->name[i] = name[i];
	thread->name[i] = '\0';
}
