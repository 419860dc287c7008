/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The data diode's ring (layout in kauri/diode.h). No system calls here, so
 * the host's unit tests run the same code; diode_notify.c adds the signalling.
 *
 * Ordering: the sender clears a slot's stamp, writes the record, then publishes
 * the stamp and the head with release stores. The receiver loads the head and
 * the stamp with acquire, reads the record (in place, or copying it out), and
 * re-reads the stamp after an acquire fence: if it changed, the sender was
 * rewriting the slot under it and what was read is thrown away as lost. The
 * receiver only ever reads the channel.
 */
#include <string.h>
#include <kauri/diode.h>

_Static_assert(sizeof(struct kauri_diode_header) == KAURI_DIODE_HEADER_SIZE, "header is 64 bytes");
_Static_assert(sizeof(struct kauri_diode_slot_header) == KAURI_DIODE_SLOT_HEADER, "slot header is 16 bytes");

/* Whether SLOT_SIZE x SLOTS is a ring that fits a channel of SIZE bytes (never trusted from memory). */
static int shape_fits(uint64_t slot_size, uint64_t slots, size_t size)
{
	return slot_size > KAURI_DIODE_SLOT_HEADER && slot_size % 16 == 0 && slots >= 2 &&
	       size >= KAURI_DIODE_HEADER_SIZE && slots <= (size - KAURI_DIODE_HEADER_SIZE) / slot_size;
}

long kauri_diode_sender_init(struct kauri_diode_sender *tx, const struct kauri_channel *ch, size_t record_max)
{
	struct kauri_diode_header *h = ch->base;
	uint64_t slot_size = (KAURI_DIODE_SLOT_HEADER + (uint64_t)record_max + 15) & ~(uint64_t)15;
	uint64_t slots;
	uint32_t generation = 1;

	if (!(ch->rights & KAURI_CHANNEL_WRITE) || !h)
		return -KAURI_DIODE_NO_RIGHT;
	if (record_max == 0 || record_max > UINT32_MAX || ch->size < KAURI_DIODE_HEADER_SIZE)
		return -KAURI_DIODE_TOO_SMALL;
	slots = (ch->size - KAURI_DIODE_HEADER_SIZE) / slot_size;
	if (!shape_fits(slot_size, slots, ch->size) || slots > UINT32_MAX)
		return -KAURI_DIODE_TOO_SMALL;
	tx->header = h;
	tx->slots = (uint8_t *)h + KAURI_DIODE_HEADER_SIZE;
	tx->slot_size = (uint32_t)slot_size;
	tx->nslots = (uint32_t)slots;
	tx->end = tx->slots + slots * slot_size;
	tx->notification = ch->rights & KAURI_CHANNEL_SIGNAL ? ch->notification : 0;
	if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) == KAURI_DIODE_MAGIC) {
		if (h->slot_size == slot_size && h->slots == slots) {
			tx->seq = h->head;	/* a restarted sender goes on where it stopped */
			tx->slot = tx->slots + (tx->seq % slots) * slot_size;
			return 0;
		}
		generation = h->generation + 1;
	}
	/* A new ring: the receiver ignores the channel until the magic, stored last, says it is set up. */
	__atomic_store_n(&h->magic, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	memset(tx->slots, 0, (size_t)slots * slot_size);
	h->slot_size = (uint32_t)slot_size;
	h->slots = (uint32_t)slots;
	h->generation = generation;
	h->head = 0;
	tx->seq = 0;
	tx->slot = tx->slots;
	__atomic_store_n(&h->magic, KAURI_DIODE_MAGIC, __ATOMIC_RELEASE);
	return 0;
}

/* A word at P, which may be unaligned (the record is the caller's): one load or store. */
static inline uint64_t load_word(const uint8_t *p)
{
	uint64_t w;

	__builtin_memcpy(&w, p, sizeof(w));
	return w;
}

static inline void store_word(uint8_t *p, uint64_t w)
{
	__builtin_memcpy(p, &w, sizeof(w));
}

/*
 * The record into its slot in cache-line pieces: eight words loaded, then eight stored (four
 * load pairs and four store pairs), with no call; then words, then bytes. A record of whole
 * lines pays one test for the rest.
 */
static inline void copy_record(uint8_t *to, const uint8_t *from, size_t len)
{
	if (len >= 64) {
		const uint8_t *lines_end = from + (len & ~(size_t)63);

		do {
			uint64_t w0 = load_word(from), w1 = load_word(from + 8), w2 = load_word(from + 16),
				 w3 = load_word(from + 24), w4 = load_word(from + 32), w5 = load_word(from + 40),
				 w6 = load_word(from + 48), w7 = load_word(from + 56);

			store_word(to, w0);
			store_word(to + 8, w1);
			store_word(to + 16, w2);
			store_word(to + 24, w3);
			store_word(to + 32, w4);
			store_word(to + 40, w5);
			store_word(to + 48, w6);
			store_word(to + 56, w7);
			to += 64;
			from += 64;
		} while (from != lines_end);
		len &= 63;
		if (!len)
			return;
	}
	for (; len >= 8; len -= 8, to += 8, from += 8)
		store_word(to, load_word(from));
	for (; len; len--)
		*to++ = *from++;
}

long kauri_diode_write(struct kauri_diode_sender *tx, const void *record, size_t len)
{
	struct kauri_diode_header *h = tx->header;
	struct kauri_diode_slot_header *s = (struct kauri_diode_slot_header *)tx->slot;
	uint8_t *after = tx->slot + tx->slot_size;
	uint64_t seq = tx->seq + 1;	/* the stamp: this record's sequence number + 1 */

	if (len > tx->slot_size - KAURI_DIODE_SLOT_HEADER)
		return -KAURI_DIODE_TOO_BIG;
	/* The sender's own state first, so that nothing is read again after the record's stores. */
	tx->seq = seq;
	tx->slot = after == tx->end ? tx->slots : after;
	/* The stamp goes to 0 before any byte of the new record can be seen. */
	__atomic_store_n(&s->stamp, 0, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	s->len = (uint32_t)len;
	copy_record((uint8_t *)(s + 1), record, len);
	__atomic_store_n(&s->stamp, seq, __ATOMIC_RELEASE);
	__atomic_store_n(&h->head, seq, __ATOMIC_RELEASE);
	return 0;
}

long kauri_diode_receiver_init(struct kauri_diode_receiver *rx, const struct kauri_channel *ch)
{
	if (!(ch->rights & KAURI_CHANNEL_READ) || !ch->base)
		return -KAURI_DIODE_NO_RIGHT;
	if (ch->size < KAURI_DIODE_HEADER_SIZE)
		return -KAURI_DIODE_TOO_SMALL;
	memset(rx, 0, sizeof(*rx));
	rx->header = ch->base;
	rx->slots = (const uint8_t *)ch->base + KAURI_DIODE_HEADER_SIZE;
	rx->size = ch->size;
	rx->notification = ch->rights & KAURI_CHANNEL_RECV ? ch->notification : 0;
	return 0;
}

/* Reads the ring's shape once the sender has written it: 0, or a negative error. */
static long learn_shape(struct kauri_diode_receiver *rx)
{
	const struct kauri_diode_header *h = rx->header;
	uint32_t slot_size, slots;

	if (__atomic_load_n(&h->magic, __ATOMIC_ACQUIRE) != KAURI_DIODE_MAGIC)
		return -KAURI_DIODE_EMPTY;
	slot_size = h->slot_size;
	slots = h->slots;
	if (!shape_fits(slot_size, slots, rx->size))
		return -KAURI_DIODE_BAD_HEADER;
	if (rx->nslots && h->generation != rx->generation)
		rx->next = 0;	/* a new ring: its records are numbered from 0 */
	rx->slot_size = slot_size;
	rx->nslots = slots;
	rx->generation = h->generation;
	return 0;
}

/* The slot record SEQ goes to. */
static inline const struct kauri_diode_slot_header *slot_of(const struct kauri_diode_receiver *rx, uint64_t seq)
{
	return (const struct kauri_diode_slot_header *)(rx->slots + (seq % rx->nslots) * rx->slot_size);
}

/*
 * Record SEQ's slot when it holds that record whole: a stamp of SEQ + 1 (never 0, which is a
 * slot being written, also when SEQ + 1 wraps) and a length that fits the slot, read once into
 * *LEN (the sender may change the slot meanwhile). NULL otherwise.
 */
static inline const struct kauri_diode_slot_header *whole_record(const struct kauri_diode_receiver *rx, uint64_t seq,
								 uint32_t *len)
{
	const struct kauri_diode_slot_header *s = slot_of(rx, seq);
	uint64_t stamp = __atomic_load_n(&s->stamp, __ATOMIC_ACQUIRE);

	*len = s->len;
	if (stamp != seq + 1 || !stamp || *len > rx->slot_size - KAURI_DIODE_SLOT_HEADER)
		return NULL;
	return s;
}

static inline long hand_out(struct kauri_diode_receiver *rx, const struct kauri_diode_slot_header *s, uint32_t len,
			    const void **record, uint64_t *seq)
{
	rx->peeked = s;
	rx->peeked_count = 1;
	*record = s + 1;
	if (seq)
		*seq = rx->next;
	return (long)len;
}

long kauri_diode_peek(struct kauri_diode_receiver *rx, const void **record, uint64_t *seq)
{
	/*
	 * The common case first: the ring is the one last read and the slot holds record NEXT,
	 * whole (the stamp is stored last, with release), so the head need not be read. Anything
	 * else (nothing new, lapped, a new ring or shape) goes the whole way below.
	 */
	if (rx->nslots && __atomic_load_n(&rx->header->generation, __ATOMIC_ACQUIRE) == rx->generation) {
		uint32_t len;
		const struct kauri_diode_slot_header *s = whole_record(rx, rx->next, &len);

		if (s)
			return hand_out(rx, s, len, record, seq);
	}
	for (;;) {
		uint64_t head;
		const struct kauri_diode_slot_header *s;
		uint32_t len;

		rx->peeked = NULL;
		if (!rx->nslots || __atomic_load_n(&rx->header->generation, __ATOMIC_ACQUIRE) != rx->generation) {
			long err = learn_shape(rx);

			if (err)
				return err;
		}
		head = __atomic_load_n(&rx->header->head, __ATOMIC_ACQUIRE);
		if (rx->next >= head)
			return -KAURI_DIODE_EMPTY;
		if (head - rx->next > rx->nslots) {
			/* Lapped: everything older than the last NSLOTS records is gone. */
			rx->lost += head - rx->nslots - rx->next;
			rx->next = head - rx->nslots;
		}
		s = whole_record(rx, rx->next, &len);
		if (!s) {
			/* Being rewritten for a later record (or never written whole): this one is lost. */
			rx->lost++;
			rx->next++;
			continue;
		}
		return hand_out(rx, s, len, record, seq);
	}
}

/*
 * Up to COUNT records in consecutive slots from AT on (the caller splits a batch where the
 * ring wraps, so the loop has no test for it), the k-th stamped STAMP + k when it is whole:
 * how many there are before the first that is not.
 */
static inline unsigned int whole_records(const uint8_t *at, uint32_t slot_size, uint64_t stamp,
					 struct kauri_diode_record *out, unsigned int count)
{
	uint32_t room = slot_size - KAURI_DIODE_SLOT_HEADER;
	struct kauri_diode_record *r = out, *end = out + count;

	for (; r != end; r++, at += slot_size, stamp++) {
		const struct kauri_diode_slot_header *s = (const struct kauri_diode_slot_header *)at;
		uint32_t len;

		if (__atomic_load_n(&s->stamp, __ATOMIC_ACQUIRE) != stamp)
			break;		/* being rewritten: the batch ends before it */
		len = s->len;		/* after the stamp: the length of the record it stamps */
		if (len > room)
			break;
		r->data = s + 1;
		r->len = len;
	}
	return (unsigned int)(r - out);
}

long kauri_diode_peek_batch(struct kauri_diode_receiver *rx, struct kauri_diode_record *records, unsigned int max)
{
	long len = max ? kauri_diode_peek(rx, &records[0].data, NULL) : -KAURI_DIODE_TOO_SMALL;
	uint64_t head, more, first;
	uint32_t at, to_end;
	unsigned int n;

	if (len < 0)
		return len;
	records[0].len = (uint32_t)len;
	/*
	 * The records below the head are published; each one's stamp says it is whole still (a
	 * stamp is its sequence number + 1, which cannot wrap here: they are all below the head).
	 * Read in at most two runs of slots, up to the ring's end and from its start.
	 */
	head = __atomic_load_n(&rx->header->head, __ATOMIC_ACQUIRE);
	more = head > rx->next + 1 ? head - rx->next - 1 : 0;	/* the head may lag the stamps */
	if (more > max - 1)
		more = max - 1;
	/* Less than a lap, whatever the head says (a sender can write any): both runs stay in the ring. */
	if (more > rx->nslots - 1)
		more = rx->nslots - 1;
	at = (uint32_t)((rx->next + 1) % rx->nslots);
	to_end = rx->nslots - at;
	first = more < to_end ? more : to_end;
	n = 1 + whole_records(rx->slots + (size_t)at * rx->slot_size, rx->slot_size, rx->next + 2, records + 1,
			      (unsigned int)first);
	if (n == 1 + first && more > first)
		n += whole_records(rx->slots, rx->slot_size, rx->next + 2 + first, records + n,
				   (unsigned int)(more - first));
	rx->peeked_count = n;
	return (long)n;
}

long kauri_diode_release_batch(struct kauri_diode_receiver *rx)
{
	const struct kauri_diode_slot_header *s = rx->peeked;
	uint64_t first = rx->next, count = rx->peeked_count, overwritten = 0;

	if (!s)
		return -KAURI_DIODE_EMPTY;
	rx->peeked = NULL;
	/* Every read of the records comes before the stamps' second reading (the seqlock's reader). */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	rx->next = first + count;
	/*
	 * The sender overwrites slots in sequence order: while the oldest record holds its stamp
	 * no later one of the batch can have been touched. Otherwise the overwritten ones are the
	 * first few: counted up to the first that still holds its stamp.
	 */
	if (__atomic_load_n(&s->stamp, __ATOMIC_RELAXED) == first + 1)
		return 0;
	for (overwritten = 1; overwritten < count; overwritten++)
		if (__atomic_load_n(&slot_of(rx, first + overwritten)->stamp, __ATOMIC_RELAXED) == first + overwritten + 1)
			break;
	rx->lost += overwritten;
	return (long)overwritten;
}

long kauri_diode_release(struct kauri_diode_receiver *rx)
{
	long overwritten = kauri_diode_release_batch(rx);

	return overwritten > 0 ? -KAURI_DIODE_OVERWRITTEN : overwritten;
}

long kauri_diode_receive(struct kauri_diode_receiver *rx, void *buf, size_t max, uint64_t *seq)
{
	for (;;) {
		const void *record;
		uint64_t at;
		long len = kauri_diode_peek(rx, &record, &at);

		if (len < 0)
			return len;
		if ((size_t)len > max) {
			rx->peeked = NULL;
			rx->next++;
			return -KAURI_DIODE_TOO_BIG;
		}
		memcpy(buf, record, (size_t)len);
		if (kauri_diode_release(rx) == 0) {
			if (seq)
				*seq = at;
			return len;
		}
		/* Overwritten while it was copied: counted as lost, and the next one is tried. */
	}
}
