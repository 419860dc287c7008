/* SPDX-License-Identifier: BSD-2-Clause */
/* Object types, rights and the message-info word of the kernel API. */
#ifndef KAURI_TYPES_H
#define KAURI_TYPES_H

#include <stdint.h>

typedef uint64_t kauri_word_t;
typedef uint64_t kauri_cptr_t;		/* capability address in a CSpace */

/* Object types Untyped.Retype creates. Sizes: kauri_object_size_bits(). */
enum kauri_object_type {
	KAURI_UNTYPED = 0,		/* size given by the caller */
	KAURI_TCB = 1,
	KAURI_ENDPOINT = 2,
	KAURI_NOTIFICATION = 3,
	KAURI_CNODE = 4,		/* 2^n slots; size_bits = n */
	KAURI_FRAME_4K = 5,
	KAURI_FRAME_2M = 6,
	KAURI_PAGE_TABLE = 7,		/* an intermediate translation table */
	KAURI_VSPACE = 8,		/* a root translation table */
	KAURI_VCPU = 9,			/* a virtual CPU (kernel at EL2 only; elsewhere Retype refuses it) */
	KAURI_NUM_OBJECT_TYPES
};

#define KAURI_TCB_SIZE_BITS		11
#define KAURI_ENDPOINT_SIZE_BITS	4
#define KAURI_NOTIFICATION_SIZE_BITS	5
#define KAURI_SLOT_SIZE_BITS		5	/* one CNode slot */
#define KAURI_FRAME_4K_SIZE_BITS	12
#define KAURI_FRAME_2M_SIZE_BITS	21
#define KAURI_PAGE_TABLE_SIZE_BITS	12
#define KAURI_VSPACE_SIZE_BITS		12
#define KAURI_VCPU_SIZE_BITS		12
#define KAURI_ASID_POOL_SIZE_BITS	12	/* ASIDControl.MakePool takes an untyped of this size */
#define KAURI_ASID_POOL_ASIDS		64
#define KAURI_MIN_UNTYPED_BITS		4
#define KAURI_MAX_UNTYPED_BITS		47
#define KAURI_MAX_CNODE_RADIX		28

/* Capability rights (Mint and Map masks). */
#define KAURI_RIGHT_WRITE		(1u << 0)
#define KAURI_RIGHT_READ		(1u << 1)
#define KAURI_RIGHT_GRANT		(1u << 2)
#define KAURI_RIGHT_GRANT_REPLY		(1u << 3)
#define KAURI_ALL_RIGHTS		0xfu

/*
 * Message info: label[63:12] | caps_unwrapped[11:9] | extra_caps[8:7] | length[6:0].
 * length counts message registers (at most KAURI_MSG_MAX_LENGTH).
 */
#define KAURI_MSG_MAX_LENGTH		120
#define KAURI_MSG_MAX_EXTRA_CAPS	3

static inline kauri_word_t kauri_msginfo(kauri_word_t label, unsigned int caps_unwrapped,
					 unsigned int extra_caps, unsigned int length)
{
	return label << 12 | (kauri_word_t)(caps_unwrapped & 7) << 9 |
	       (kauri_word_t)(extra_caps & 3) << 7 | (length & 0x7f);
}

static inline kauri_word_t kauri_msginfo_label(kauri_word_t info) { return info >> 12; }
static inline unsigned int kauri_msginfo_caps_unwrapped(kauri_word_t info) { return (info >> 9) & 7; }
static inline unsigned int kauri_msginfo_extra_caps(kauri_word_t info) { return (info >> 7) & 3; }
static inline unsigned int kauri_msginfo_length(kauri_word_t info) { return info & 0x7f; }

/*
 * The IPC buffer: one page per thread, mapped where TCB.Configure says.
 * Message registers 0-3 travel in x2-x5; the rest are msg[4..].
 */
struct kauri_ipc_buffer {
	kauri_word_t tag;
	kauri_word_t msg[KAURI_MSG_MAX_LENGTH];
	kauri_word_t user_data;
	kauri_word_t caps_or_badges[KAURI_MSG_MAX_EXTRA_CAPS];
	kauri_cptr_t receive_cnode;
	kauri_cptr_t receive_index;
	kauri_word_t receive_depth;
};

#define KAURI_MSG_REGISTERS_IN_CPU	4

#endif
