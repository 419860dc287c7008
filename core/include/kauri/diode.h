/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data diode: a one-way ring of records over a channel. The sender holds
 * WRITE (and SIGNAL) on the channel, the receiver READ (and RECV), so the
 * kernel makes sure data only flows one way: the receiver cannot write the
 * shared memory, and nothing it does can block or slow the sender.
 *
 * Layout of the channel (all little-endian, written by the sender only):
 *   0   struct kauri_diode_header (64 bytes): magic, slot size, slot count,
 *       generation, head = the number of records written so far
 *   64  slots: each a u64 stamp (sequence number + 1 once the record is
 *       complete, 0 while it is being written), a u32 length, a u32 reserved,
 *       then the record's bytes
 * Record N goes to slot N mod slots. The sender never waits: when it laps a
 * slow receiver, old records are overwritten, and the receiver sees that from
 * the head and the stamps and counts them as lost (overruns). Each record the
 * receiver returns is whole and in order: stamps are checked before and after
 * the copy (or, read in place, before and after the reading: peek and release).
 */
#ifndef KAURI_DIODE_H
#define KAURI_DIODE_H

#include <stddef.h>
#include <stdint.h>
#include <kauri/channel.h>
#include <kauri/lib_error.h>

#define KAURI_DIODE_MAGIC	0x646f6964u	/* "diod" */
#define KAURI_DIODE_HEADER_SIZE	64u
#define KAURI_DIODE_SLOT_HEADER	16u

/* Each slot starts with this: the record's sequence stamp and length, then the record. */
struct kauri_diode_slot_header {
	uint64_t stamp;
	uint32_t len;
	uint32_t reserved;
};

struct kauri_diode_header {
	uint32_t magic;
	uint32_t slot_size;	/* bytes per slot including its 16-byte header, a multiple of 16 */
	uint32_t slots;
	uint32_t generation;	/* counts the rings set up in this channel */
	uint64_t head;		/* records written; the next record's sequence number */
	uint64_t unused[5];
};

struct kauri_diode_sender {
	struct kauri_diode_header *header;
	uint8_t *slots;
	uint8_t *slot;			/* record SEQ's slot: kept, so that a write divides nothing */
	uint8_t *end;			/* the byte after the last slot */
	uint64_t seq;
	uint32_t slot_size, nslots;
	kauri_cptr_t notification;	/* 0: the receiver is not told, it polls */
};

struct kauri_diode_receiver {
	const struct kauri_diode_header *header;
	const uint8_t *slots;
	size_t size;
	uint32_t slot_size, nslots;	/* 0 until the sender has set the channel up */
	uint32_t generation;		/* of the ring being read */
	uint64_t next;			/* sequence number of the next record to read */
	uint64_t lost;			/* records overwritten before they were read */
	kauri_cptr_t notification;	/* 0: receive_wait yields instead of waiting */
	const struct kauri_diode_slot_header *peeked;	/* kauri_diode_peek's slot, until released */
	uint32_t peeked_count;		/* records from NEXT on that the peek handed out */
};

/* A record read in place: its bytes in the channel, and its length. */
struct kauri_diode_record {
	const void *data;
	uint32_t len;
};

/*
 * Sets the channel up for records of up to RECORD_MAX bytes. A channel that
 * already holds a ring of that shape (the sender restarted) is continued:
 * sequence numbers go on from its head. Otherwise a new ring (a new
 * generation) starts, and receivers start over from its first record.
 * 0 or -KAURI_DIODE_* (enum kauri_lib_error).
 */
long kauri_diode_sender_init(struct kauri_diode_sender *tx, const struct kauri_channel *ch, size_t record_max);
/* Writes one record without telling the receiver (see kauri_diode_signal). */
long kauri_diode_write(struct kauri_diode_sender *tx, const void *record, size_t len);
/* Tells the receiver there is something to read (if the channel has SIGNAL). */
void kauri_diode_signal(const struct kauri_diode_sender *tx);
/* kauri_diode_write, then kauri_diode_signal. Never blocks. */
long kauri_diode_send(struct kauri_diode_sender *tx, const void *record, size_t len);

/* 0 or -KAURI_DIODE_* (enum kauri_lib_error). The sender may set the channel up later. */
long kauri_diode_receiver_init(struct kauri_diode_receiver *rx, const struct kauri_channel *ch);
/*
 * The next record into BUF (MAX bytes): its length, with its sequence number
 * in *SEQ (if SEQ is not NULL); -KAURI_DIODE_EMPTY when there is none yet;
 * -KAURI_DIODE_TOO_BIG when it does not fit MAX (it is skipped).
 */
long kauri_diode_receive(struct kauri_diode_receiver *rx, void *buf, size_t max, uint64_t *seq);
/*
 * The next record in place, for a receiver that reads it once where it lies instead of copying
 * it out: *RECORD points at its bytes in the channel, its length is returned and its sequence
 * number put in *SEQ (if not NULL); -KAURI_DIODE_EMPTY when there is none yet. The sender may
 * overwrite it meanwhile (it never waits), so nothing read may be acted on before
 * kauri_diode_release() has said it was whole all along.
 */
long kauri_diode_peek(struct kauri_diode_receiver *rx, const void **record, uint64_t *seq);
/*
 * Done with the peeked record: 0 when it was not overwritten while it was read, or
 * -KAURI_DIODE_OVERWRITTEN (counted in lost: throw away what was read of it). The next
 * peek or receive goes on with the record after it. -KAURI_DIODE_EMPTY without a peek.
 */
long kauri_diode_release(struct kauri_diode_receiver *rx);
/*
 * Up to MAX (at least 1) records from the next one on, in place, into RECORDS: how many (at
 * least 1), or -KAURI_DIODE_EMPTY (-KAURI_DIODE_TOO_SMALL for a MAX of 0). One look at the ring for them all, so a receiver that drains the ring
 * pays per batch what kauri_diode_peek pays per record. Nothing read may be acted on before
 * kauri_diode_release_batch().
 */
long kauri_diode_peek_batch(struct kauri_diode_receiver *rx, struct kauri_diode_record *records, unsigned int max);
/*
 * Done with the peeked batch: 0 when none of it was overwritten while it was read, or how
 * many of its first records were (the sender overwrites in sequence order, so they are the
 * oldest; counted in lost): throw away what was read of those. -KAURI_DIODE_EMPTY without a
 * peek. kauri_diode_release() ends a batch too, and kauri_diode_release_batch() a single peek.
 */
long kauri_diode_release_batch(struct kauri_diode_receiver *rx);
/* As kauri_diode_receive, but waits for a record (on the notification, with RECV). */
long kauri_diode_receive_wait(struct kauri_diode_receiver *rx, void *buf, size_t max, uint64_t *seq);
/* As kauri_diode_peek, but waits for a record. */
long kauri_diode_peek_wait(struct kauri_diode_receiver *rx, const void **record, uint64_t *seq);

#endif
