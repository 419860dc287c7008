/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The kernel test suite's environment: it runs as the root server, gives each
 * test fresh objects from one large untyped (revoked after every test), and
 * helps make threads that share its CSpace and VSpace.
 */
#ifndef KERNEL_TEST_ENV_H
#define KERNEL_TEST_ENV_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/bootinfo.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <uapi/kauri/errors.h>
#include <kauri/invoke.h>
#include <kauri/syscalls.h>
#include <uapi/kauri/types.h>

#define ROOT_CNODE	KAURI_CAP_INIT_CNODE
#define ROOT_TCB	KAURI_CAP_INIT_TCB
#define ROOT_VSPACE	KAURI_CAP_INIT_VSPACE
#define DEPTH		64

struct test_env {
	const struct kauri_bootinfo *bootinfo;
	kauri_cptr_t untyped;		/* the tests' memory; revoked after each test */
	unsigned int untyped_bits;
	kauri_cptr_t spare_untyped;	/* a second, smaller RAM untyped for exhaustion tests */
	unsigned int spare_bits;
	kauri_cptr_t keep_untyped;	/* never revoked: objects that outlive the tests */
	kauri_cptr_t device_untyped;	/* 0 if the board gave none */
	kauri_word_t device_paddr;
	kauri_cptr_t device_frame;	/* the last device_frame_at() of this test, and its page */
	kauri_word_t device_frame_paddr;
	kauri_word_t first_slot;	/* slots from here on are the tests' */
	kauri_word_t next_slot;
	kauri_word_t next_vaddr;	/* where helpers map frames */
	const char *failure;		/* set by CHECK; the test failed */
	int failure_line;
};

extern struct test_env env;

/* Records the first failed condition of a test (the test goes on, and fails). */
#define CHECK(cond)	do { if (!(cond) && !env.failure) { env.failure = #cond; env.failure_line = __LINE__; } } while (0)
#define CHECK_OK(expr)	CHECK((expr) == KAURI_OK)
#define CHECK_ERR(expr, err)	CHECK((expr) == (err))

/* Finds the untypeds and makes the park notification; call first. */
void env_init(const struct kauri_bootinfo *bootinfo);

kauri_cptr_t slot_alloc(void);
/* A new object of TYPE (SIZE_BITS for untyped/CNode) in a fresh slot; 0 on failure. */
kauri_cptr_t object_new(enum kauri_object_type type, unsigned int size_bits);
/* A fresh frame mapped read-write at a fresh address in the root VSpace; returns the address. */
void *frame_new_mapped(kauri_cptr_t *frame_out);
/* A frame of the device page at PADDR, split out of the device untyped that holds it; 0 if none does. */
kauri_cptr_t device_frame_at(kauri_word_t paddr);
/* Maps FRAME at VADDR in VSPACE, creating page tables as needed. */
enum kauri_error map_frame(kauri_cptr_t vspace, kauri_cptr_t frame, kauri_word_t vaddr, unsigned int rights);

struct thread {
	kauri_cptr_t tcb;
	kauri_cptr_t ipc_frame;
	void *ipc_buffer;
	void *stack_top;
};

typedef void (*thread_fn)(kauri_word_t arg0, kauri_word_t arg1);

/*
 * A thread in the root CSpace and VSpace at PRIORITY, with FAULT_EP as its
 * fault endpoint (0: none), started at FN(arg0, arg1) unless START is false.
 * When FN returns the thread stops by waiting forever.
 */
bool thread_new(struct thread *t, thread_fn fn, kauri_word_t arg0, kauri_word_t arg1, unsigned int priority,
		kauri_cptr_t fault_ep, bool start);
/*
 * An attacker: a thread with the authority of an app and no more. Its CSpace is
 * a CNode of its own (guarded, so slot numbers are depth-64 addresses) holding
 * only what the test gives it; its code runs in the root VSpace. Several
 * attackers may share one CSpace.
 */
#define ATTACKER_RADIX	6
enum attacker_slot {
	A_CSPACE = 1,		/* the attackers' CNode itself */
	A_PARK = 2,		/* where an attacker waits when its function returns */
	A_FAULT = 3,		/* a badged copy of the test's fault endpoint, if it passed one */
	A_FREE = 4,		/* the test fills slots from here on; the attacker uses the rest */
};
struct attacker_space {
	kauri_cptr_t cnode;		/* in the root CNode */
	kauri_cptr_t guarded;
};
/* A fresh attacker CSpace; FAULT_EP (0: none) receives the attackers' faults. */
bool attacker_space_new(struct attacker_space *s, kauri_cptr_t fault_ep);
/* Copies (RIGHTS) or, with MOVE, moves root CNode slot ROOT_SLOT into attacker slot SLOT. */
bool attacker_give(struct attacker_space *s, kauri_word_t slot, kauri_cptr_t root_slot, unsigned int rights, bool move);
/* A thread in space S at PRIORITY running FN(arg0, arg1), faulting to A_FAULT; started unless START is false. */
bool attacker_new(struct thread *t, struct attacker_space *s, thread_fn fn, kauri_word_t arg0, kauri_word_t arg1,
		  unsigned int priority, bool start);

/* Waits forever on a notification nobody signals: where a thread goes when it is done. */
void park_forever(void);
/* True when SLOT holds no capability (a copy into it succeeds; the copy is deleted again). */
bool slot_empty(kauri_word_t slot);
/* True when a signal through a badged copy of FROM arrives once on TO (both notifications). */
#define SIGNAL_REACHES_BADGE	0x5a
bool signal_reaches(kauri_cptr_t from, kauri_cptr_t to);
/* Lets threads of lower priority than the root server run until they block. */
void run_others(void);
/*
 * Runs at PRIORITY, yielding once (so each thread ready there gets a turn), then for MS
 * milliseconds of counter time, round-robin with them.
 */
void share_cpu(unsigned int priority, unsigned int ms);
/* Spins for MS milliseconds of counter time. */
void spin_ms(unsigned int ms);

#endif
