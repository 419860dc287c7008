/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Fixed-priority preemptive scheduler: one FIFO ready queue per priority and a
 * bitmap to find the highest non-empty one in constant time; round-robin inside
 * a priority by timeslice. The running thread is not in any queue.
 */
#include <stddef.h>
#include <arch/context.h>
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
static struct tcb *running;		/* whose context is current */
static struct tcb *fpu_owner;		/* whose FP/SIMD state is in the registers */

/*
 * A thread runs in the VSpace its TCB's VSpace slot names, as long as that
 * VSpace still owns its ASID. The kernel keeps the result in the TCB for the
 * context switch, stamped with this epoch; deleting any VSpace or ASID pool
 * capability starts a new epoch, so every thread looks at its slot again
 * before it next runs (and the running one at once).
 */
static uint64_t vspace_epoch = 1;

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

struct tcb *current_thread(void)
{
	return running;
}

void sched_make_runnable(struct tcb *thread)
{
	thread->state = THREAD_RUNNABLE;
	if (thread == running)
		return;
	dequeue(thread);
	enqueue(thread, false);
	if (running && thread->priority > running->priority)
		reschedule = PREEMPT_TO_HEAD;
}

void sched_block(struct tcb *thread, enum thread_state state)
{
	thread->state = state;
	dequeue(thread);
}

void sched_set_priority(struct tcb *thread, uint8_t priority)
{
	bool queued = thread != running && thread->state == THREAD_RUNNABLE;

	if (queued)
		dequeue(thread);
	thread->priority = priority;
	if (queued)
		enqueue(thread, false);
	if (thread == running) {
		if (highest_ready_priority() > priority)
			reschedule = PREEMPT_TO_HEAD;
	} else if (queued && running && priority > running->priority) {
		reschedule = PREEMPT_TO_HEAD;
	}
}

void sched_forget(struct tcb *thread)
{
	dequeue(thread);
	if (running == thread) {
		running = NULL;
		arch_set_current_context(NULL);
	}
	if (fpu_owner == thread)
		fpu_owner = NULL;
}

/*
 * Off the context switch's straight line: it runs once per thread after a VSpace went (or
 * its VCPU came or went). A guest's VSpace runs only a thread bound to a VCPU: for any other
 * it is no address space at all, so that its writable and executable memory never runs natively.
 */
static void __attribute__((noinline, cold)) vspace_revalidate(struct tcb *t)
{
	struct cap c = t->slots[TCB_SLOT_VSPACE].cap;
	struct vspace vs = { 0, 0 };

	if (cap_type(c) == CAP_VSPACE && cap_vspace_assigned(c) &&
	    asid_names_vspace(cap_vspace_asid(c), cap_object_pa(c)) &&
	    (t->vcpu || !asid_is_guest(cap_vspace_asid(c))))
		vs = (struct vspace){ cap_object_pa(c), (uint16_t)cap_vspace_asid(c) };
	t->vspace_ttbr = vspace_value(&vs);
	t->vspace_epoch = vspace_epoch;
}

void sched_vspace_refresh(struct tcb *thread)
{
	vspace_revalidate(thread);
	if (thread == running)
		vspace_load(thread->vspace_ttbr);
}

void sched_vspaces_changed(void)
{
	vspace_epoch++;
	if (running)
		sched_vspace_refresh(running);
}

uint64_t sched_vspace_epoch(void)
{
	return vspace_epoch;
}

struct tcb *sched_ready_head(unsigned int priority, bool *bitmap_bit)
{
	*bitmap_bit = ready_bitmap[priority / 64] >> (priority % 64) & 1;
	return ready_queues[priority].head;
}

struct tcb *sched_fpu_owner(void)
{
	return fpu_owner;
}

void sched_yield(void)
{
	reschedule = PREEMPT_TO_TAIL;
}

void sched_tick(void)
{
	if (!running || running->state != THREAD_RUNNABLE)
		return;
	if (running->timeslice_ticks > 1) {
		running->timeslice_ticks--;
		return;
	}
	running->timeslice_ticks = 1;
	reschedule = PREEMPT_TO_TAIL;
}

void sched_fpu_trap(struct tcb *thread)
{
	fpu_set_access(true);
	if (fpu_owner != thread) {
		if (fpu_owner)
			fpu_save(&fpu_owner->fpu);
		fpu_restore(&thread->fpu);
		fpu_owner = thread;
	}
}

static void switch_to(struct tcb *next)
{
	/*
	 * Lazy FP/SIMD switching: the registers stay with their owner, and another
	 * thread's first FP instruction traps (sched_fpu_trap). Most IPC never
	 * touches them, and the kernel itself never does.
	 */
	if (next != running) {
		fpu_set_access(next && next == fpu_owner);
		if (!next) {
			vspace_activate(NULL);
		} else {
			if (next->vspace_epoch != vspace_epoch)
				vspace_revalidate(next);
			if (!running || running->vspace_ttbr != next->vspace_ttbr)
				vspace_load(next->vspace_ttbr);
		}
		running = next;
	}
	/* Outside the test above: binding or unbinding changes what the same thread needs. */
	vcpu_switch(next ? next->vcpu : NULL);
	arch_set_current_context(next ? &next->context : NULL);
}

void sched_switch_direct(struct tcb *next)
{
	if (next->timeslice_ticks == 0)
		next->timeslice_ticks = CONFIG_TIMESLICE_MS;
	switch_to(next);
}

void schedule(void)
{
	struct tcb *cur = running;
	int best = highest_ready_priority();

	if (cur && cur->state == THREAD_RUNNABLE) {
		bool must_go = reschedule == PREEMPT_TO_TAIL ? best >= cur->priority : best > cur->priority;

		if (!must_go) {
			reschedule = KEEP;
			switch_to(cur);
			return;
		}
		if (reschedule == PREEMPT_TO_TAIL)
			cur->timeslice_ticks = 0;
		enqueue(cur, reschedule != PREEMPT_TO_TAIL);
		best = highest_ready_priority();
	}
	reschedule = KEEP;
	if (best < 0) {
		switch_to(NULL);
		return;
	}
	cur = ready_queues[best].head;
	dequeue(cur);
	sched_switch_direct(cur);
}

void thread_set_name(struct tcb *thread, const char *name)
{
	size_t i;

	for (i = 0; name[i] && i < sizeof(thread->name) - 1; i++)
		thread->name[i] = name[i];
	thread->name[i] = '\0';
}
