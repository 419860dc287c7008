/* SPDX-License-Identifier: BSD-2-Clause */
/* Threads (the TCB object's kernel side) and the scheduler. */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <stdbool.h>
#include <stdint.h>
#include <arch/context.h>
#include <arch/vspace.h>

enum thread_state {
	THREAD_INACTIVE,	/* never started, suspended, or stopped by a fault */
	THREAD_RUNNABLE,	/* running or ready to run */
	THREAD_BLOCKED,		/* waiting on an endpoint, notification or reply */
};

struct tcb {
	struct user_context context;	/* first: traps.S saves and restores it */
	struct fpu_context fpu;
	enum thread_state state;
	uint8_t priority;
	uint8_t max_priority;
	uint32_t timeslice_ticks;	/* ticks left of the current timeslice */
	struct vspace *vspace;
	struct tcb *ready_next;		/* ready queue links */
	struct tcb *ready_prev;
	char name[24];
};

/* The thread whose context the next return to user mode restores (NULL: idle). */
struct tcb *current_thread(void);

/* Makes THREAD runnable (it joins the back of its priority's queue). */
void sched_make_runnable(struct tcb *thread);
/* Takes THREAD off the CPU and the ready queues, in STATE. */
void sched_block(struct tcb *thread, enum thread_state state);
/* The current thread gives up the rest of its timeslice. */
void sched_yield(void);
/* A timer tick: charges the current thread's timeslice. */
void sched_tick(void);
/* Picks the thread to run next and makes it current. */
void schedule(void);

void thread_set_name(struct tcb *thread, const char *name);

#endif
