/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Every per-type decision about capabilities and kernel objects, in two tables
 * (kernel/object/types.c): one row per capability type, one per object type
 * Untyped.Retype makes. A new object type is one row here, one file in
 * kernel/object/ with its decode/invoke pairs, and its numbers (the capability
 * type in cap.h, the API's object type and labels).
 */
#ifndef KERNEL_OBJECT_TYPE_H
#define KERNEL_OBJECT_TYPE_H

#include <stdbool.h>
#include <stdint.h>
#include <uapi/kauri/errors.h>
#include <uapi/kauri/types.h>
#include <kernel/cap.h>

struct cte;
struct invocation;

struct object_type {
	const char *name;
	/* The object's memory: 2^size_bits bytes, or size(cap) when the capability says; 0: none. */
	unsigned int size_bits;
	uint64_t (*size)(struct cap c);
	/* The fields besides the type that two capabilities to one object share. */
	uint64_t identity_w0;
	uint64_t identity_w1;
	/* What Copy or Mint makes of SRC's capability: NULL copies it as it is. */
	struct cap (*derive)(const struct cte *src, enum kauri_error *err);
	/* A copy of it went in (untyped: the original is used up until the copy goes). */
	void (*copied)(struct cte *src);
	/* Copies are revocable children of the original (untyped memory). */
	bool copies_are_children;
	/* Mint sets a badge, and a copy with a new badge is a revocable child. */
	bool badged;
	/* Checks an invocation of the capability and performs it; NULL: it takes none. */
	enum kauri_error (*decode)(struct invocation *inv);
	/* Its last capability is going: undo everything the object takes part in. NULL: nothing. */
	void (*finalise)(struct cap c);
	/* Any capability of this type has left SLOT, the last or not (its mapping, its caller, ...). */
	void (*removed)(struct cte *slot, struct cap c);
	/* Capabilities of this type are the parents of those of type PARENTS (IRQ control: handlers). */
	enum cap_type parents;
	/* Objects with slots of their own (CNode, TCB): emptied through a zombie before it goes. */
	uint64_t (*slot_count)(struct cap c);
	struct cte *(*slots)(struct cap c);
	/* Once its slots are empty and its zombie gone (TCB: the scheduler forgets it). */
	void (*gone)(struct cap zombie);
};

extern const struct object_type object_types[CAP_NUM_TYPES];

static inline const struct object_type *object_type_of(struct cap c)
{
	return &object_types[cap_type(c)];
}

/* What Untyped.Retype makes of each type the API names. */
struct retype_type {
	/* log2 of the object's size; USER_SIZE is the size of an untyped, a CNode's radix. -1: out of range. */
	int (*size_bits)(unsigned int user_size);
	/* The new object's capability; its memory is zeroed already (device memory is not). */
	struct cap (*make)(uint64_t pa, unsigned int user_size, bool device);
	bool from_device_memory;	/* frames and untypeds only */
};

extern const struct retype_type retype_types[KAURI_NUM_OBJECT_TYPES];

/* Each object file's part of the table. */
enum kauri_error decode_untyped_invocation(struct invocation *inv);
enum kauri_error decode_cnode_invocation(struct invocation *inv);
enum kauri_error decode_tcb_invocation(struct invocation *inv);
enum kauri_error decode_irq_control_invocation(struct invocation *inv);
enum kauri_error decode_irq_handler_invocation(struct invocation *inv);
enum kauri_error decode_frame_invocation(struct invocation *inv);
enum kauri_error decode_page_table_invocation(struct invocation *inv);
enum kauri_error decode_asid_control_invocation(struct invocation *inv);
enum kauri_error decode_asid_pool_invocation(struct invocation *inv);
enum kauri_error decode_machine_invocation(struct invocation *inv);
enum kauri_error decode_vcpu_invocation(struct invocation *inv);

void finalise_endpoint(struct cap c);
void finalise_notification(struct cap c);
void finalise_tcb(struct cap c);
void finalise_page_table(struct cap c);
void finalise_vspace(struct cap c);
void finalise_asid_pool(struct cap c);
void finalise_irq_handler(struct cap c);
void finalise_vcpu(struct cap c);

void removed_reply(struct cte *slot, struct cap c);
void removed_frame(struct cte *slot, struct cap c);
void removed_address_space(struct cte *slot, struct cap c);

#endif
