/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Unit tests for the data diode's ring (core/lib/diode.c, which makes no system
 * calls): order, overruns, torn slots, rights, shapes, and a hostile header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <kauri/diode.h>

#define CHANNEL_SIZE 4096

static _Alignas(64) uint8_t memory[CHANNEL_SIZE];

static struct kauri_channel channel(unsigned int rights)
{
	struct kauri_channel ch = { .base = memory, .size = sizeof(memory), .notification = 7, .rights = rights };

	return ch;
}

static int setup(void **state)
{
	(void)state;
	memset(memory, 0, sizeof(memory));
	return 0;
}

static void send_u32(struct kauri_diode_sender *tx, uint32_t v)
{
	assert_int_equal(kauri_diode_write(tx, &v, sizeof(v)), 0);
}

static void test_records_arrive_whole_and_in_order(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE | KAURI_CHANNEL_SIGNAL), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	char buf[64];
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	/* Before the sender has set the channel up, there is nothing to read. */
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), -KAURI_DIODE_EMPTY);
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 48), 0);
	assert_int_equal(tx.slot_size, 64);	/* 16-byte slot header + 48, a multiple of 16 */
	assert_int_equal(tx.nslots, (CHANNEL_SIZE - 64) / 64);
	assert_int_equal(tx.notification, 7);
	assert_int_equal(kauri_diode_write(&tx, "first", 5), 0);
	assert_int_equal(kauri_diode_write(&tx, "", 0), 0);
	assert_int_equal(kauri_diode_write(&tx, "the third record", 16), 0);

	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 5);
	assert_int_equal(seq, 0);
	assert_memory_equal(buf, "first", 5);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 0);
	assert_int_equal(seq, 1);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 16);
	assert_int_equal(seq, 2);
	assert_memory_equal(buf, "the third record", 16);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), -KAURI_DIODE_EMPTY);
	assert_int_equal(rx.lost, 0);
	assert_int_equal(rx.notification, 0);	/* READ without RECV: it polls */
}

static void test_a_lapped_receiver_counts_what_it_lost(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	uint32_t v;
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	for (uint32_t i = 0; i < tx.nslots + 5; i++)
		send_u32(&tx, i);
	/* The five oldest were overwritten; the rest come in order. */
	for (uint32_t i = 5; i < tx.nslots + 5; i++) {
		assert_int_equal(kauri_diode_receive(&rx, &v, sizeof(v), &seq), 4);
		assert_int_equal(seq, i);
		assert_int_equal(v, i);
	}
	assert_int_equal(rx.lost, 5);
	assert_int_equal(kauri_diode_receive(&rx, &v, sizeof(v), &seq), -KAURI_DIODE_EMPTY);
}

static void test_a_slot_being_rewritten_is_lost_not_returned(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	struct kauri_diode_slot_header *slot0 = (struct kauri_diode_slot_header *)(memory + KAURI_DIODE_HEADER_SIZE);
	uint32_t v;
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	send_u32(&tx, 10);
	send_u32(&tx, 11);
	/* The sender has started over slot 0 for a later record: stamp cleared, head not yet moved. */
	slot0->stamp = 0;
	assert_int_equal(kauri_diode_receive(&rx, &v, sizeof(v), &seq), 4);
	assert_int_equal(seq, 1);
	assert_int_equal(v, 11);
	assert_int_equal(rx.lost, 1);
}

static void test_a_record_read_in_place_is_released_or_found_overwritten(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	const void *record;
	uint32_t v;
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	assert_int_equal(kauri_diode_release(&rx), -KAURI_DIODE_EMPTY);	/* nothing peeked */
	send_u32(&tx, 40);
	send_u32(&tx, 41);
	/* In place: the bytes are the channel's own, and whole when released. */
	assert_int_equal(kauri_diode_peek(&rx, &record, &seq), 4);
	assert_int_equal(seq, 0);
	assert_ptr_equal(record, memory + KAURI_DIODE_HEADER_SIZE + KAURI_DIODE_SLOT_HEADER);
	memcpy(&v, record, sizeof(v));
	assert_int_equal(v, 40);
	assert_int_equal(kauri_diode_release(&rx), 0);
	assert_int_equal(kauri_diode_release(&rx), -KAURI_DIODE_EMPTY);	/* once */
	/* Record 1 peeked, then the sender laps the ring over it while it is being read. */
	assert_int_equal(kauri_diode_peek(&rx, &record, &seq), 4);
	assert_int_equal(seq, 1);
	for (uint32_t i = 0; i < tx.nslots; i++)
		send_u32(&tx, 100 + i);
	assert_int_equal(kauri_diode_release(&rx), -KAURI_DIODE_OVERWRITTEN);
	assert_int_equal(rx.lost, 1);
	/* The receiver goes on with the oldest record still in the ring, and copying receive agrees. */
	assert_int_equal(kauri_diode_receive(&rx, &v, sizeof(v), &seq), 4);
	assert_int_equal(seq, 2);
	assert_int_equal(v, 100);
	assert_int_equal(rx.lost, 1);
}

static void test_rights_and_sizes_are_checked(void **state)
{
	struct kauri_channel ro = channel(KAURI_CHANNEL_READ | KAURI_CHANNEL_RECV);
	struct kauri_channel wo = channel(KAURI_CHANNEL_WRITE | KAURI_CHANNEL_SIGNAL);
	struct kauri_channel small = channel(KAURI_CHANNEL_WRITE);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	char big[200] = { 0 }, tiny[2];
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &ro, 16), -KAURI_DIODE_NO_RIGHT);
	assert_int_equal(kauri_diode_receiver_init(&rx, &wo), -KAURI_DIODE_NO_RIGHT);
	assert_int_equal(kauri_diode_sender_init(&tx, &wo, 0), -KAURI_DIODE_TOO_SMALL);
	/* Two slots at least: a 4 KiB channel holds one slot of 3000 bytes, not two. */
	assert_int_equal(kauri_diode_sender_init(&tx, &wo, 3000), -KAURI_DIODE_TOO_SMALL);
	small.size = 32;
	assert_int_equal(kauri_diode_sender_init(&tx, &small, 4), -KAURI_DIODE_TOO_SMALL);

	assert_int_equal(kauri_diode_sender_init(&tx, &wo, 100), 0);
	assert_int_equal(kauri_diode_write(&tx, big, 113), -KAURI_DIODE_TOO_BIG);	/* slot holds 112 */
	assert_int_equal(kauri_diode_write(&tx, big, 112), 0);
	assert_int_equal(kauri_diode_write(&tx, "ok", 2), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &ro), 0);
	/* A record larger than the caller's buffer is skipped with an error, and the next one read. */
	assert_int_equal(kauri_diode_receive(&rx, tiny, sizeof(tiny), &seq), -KAURI_DIODE_TOO_BIG);
	assert_int_equal(kauri_diode_receive(&rx, tiny, sizeof(tiny), &seq), 2);
	assert_int_equal(seq, 1);
	assert_memory_equal(tiny, "ok", 2);
}

static void test_a_batch_read_in_place_is_released_or_its_overwritten_head_dropped(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	struct kauri_diode_record records[8];
	uint32_t v;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), -KAURI_DIODE_EMPTY);
	assert_int_equal(kauri_diode_release_batch(&rx), -KAURI_DIODE_EMPTY);
	for (uint32_t i = 0; i < 5; i++)
		send_u32(&tx, 50 + i);
	/* At most MAX, in order, in place. */
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 3), 3);
	for (uint32_t i = 0; i < 3; i++) {
		assert_int_equal(records[i].len, 4);
		memcpy(&v, records[i].data, sizeof(v));
		assert_int_equal(v, 50 + i);
	}
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), 2);
	memcpy(&v, records[1].data, sizeof(v));
	assert_int_equal(v, 54);
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), -KAURI_DIODE_EMPTY);
	assert_int_equal(rx.lost, 0);
	/* Records 5..7 peeked; the sender then writes until it has overwritten 5 and 6, not 7. */
	for (uint32_t i = 0; i < 3; i++)
		send_u32(&tx, 100 + i);
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), 3);
	for (uint32_t i = 0; i < tx.nslots - 1; i++)
		send_u32(&tx, 200 + i);
	assert_int_equal(kauri_diode_release_batch(&rx), 2);
	assert_int_equal(rx.lost, 2);
	/* A single peek is released by either call. */
	assert_int_equal(kauri_diode_peek(&rx, &records[0].data, NULL), 4);
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	assert_int_equal(rx.next, 9);
}

/* A batch that runs past the ring's last slot goes on from its first, and ends before a torn slot there. */
static void test_a_batch_goes_on_past_the_rings_end(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	struct kauri_diode_record records[8];
	struct kauri_diode_slot_header *third;
	const void *record;
	uint32_t v;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	for (uint32_t i = 0; i < tx.nslots - 2; i++)
		send_u32(&tx, i);
	for (uint32_t i = 0; i < tx.nslots - 2; i++) {
		assert_int_equal(kauri_diode_peek(&rx, &record, NULL), 4);
		assert_int_equal(kauri_diode_release(&rx), 0);
	}
	/* Five more: the ring's last two slots, then its first three. */
	for (uint32_t i = 0; i < 5; i++)
		send_u32(&tx, 1000 + i);
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), 5);
	for (uint32_t i = 0; i < 5; i++) {
		assert_int_equal(records[i].len, 4);
		memcpy(&v, records[i].data, sizeof(v));
		assert_int_equal(v, 1000 + i);
	}
	assert_ptr_equal(records[2].data, memory + KAURI_DIODE_HEADER_SIZE + KAURI_DIODE_SLOT_HEADER);
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	/* Again across the end, with the third record's slot caught mid-write: the batch is its first two. */
	for (uint32_t i = 0; i < tx.nslots - 5; i++)
		send_u32(&tx, 0);
	for (uint32_t i = 0; i < tx.nslots - 5; i++) {
		assert_int_equal(kauri_diode_peek(&rx, &record, NULL), 4);
		assert_int_equal(kauri_diode_release(&rx), 0);
	}
	for (uint32_t i = 0; i < 4; i++)
		send_u32(&tx, 2000 + i);
	third = (struct kauri_diode_slot_header *)(memory + KAURI_DIODE_HEADER_SIZE);
	third->stamp = 0;
	assert_int_equal(kauri_diode_peek_batch(&rx, records, 8), 2);
	memcpy(&v, records[1].data, sizeof(v));
	assert_int_equal(v, 2001);
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	assert_int_equal(rx.lost, 0);
}

/*
 * A hostile sender's head far ahead of a small ring, with stamps that would match past the
 * ring's end: a batch never reads outside the ring, however large MAX and the head. (Reading
 * past it took a sender racing the reader as well: the bound on a batch is one lap less one.)
 */
static void test_a_batch_stays_in_the_ring_whatever_the_head(void **state)
{
	struct kauri_channel r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_header *h = (struct kauri_diode_header *)memory;
	struct kauri_diode_receiver rx;
	struct kauri_diode_record records[32];
	const uint8_t *ring = memory + KAURI_DIODE_HEADER_SIZE, *ring_end = ring + 2 * 32;
	long n;

	(void)state;
	h->slot_size = 32;
	h->slots = 2;
	h->generation = 1;
	h->head = 1000;
	h->magic = KAURI_DIODE_MAGIC;
	/* Stamps for records 998, 999 in the ring, and for 1000 on in the memory past it. */
	for (uint64_t i = 0; i < 40; i++) {
		struct kauri_diode_slot_header *s = (struct kauri_diode_slot_header *)(ring + i * 32);

		s->stamp = 998 + i + 1;
		s->len = 4;
	}
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	n = kauri_diode_peek_batch(&rx, records, 32);
	assert_int_equal(n, 2);
	for (long i = 0; i < n; i++)
		assert_true((const uint8_t *)records[i].data > ring && (const uint8_t *)records[i].data < ring_end);
	assert_int_equal(kauri_diode_release_batch(&rx), 0);
	assert_int_equal(rx.lost, 998);
	/* The head far ahead again, after the peek's fast path (which reads no head). */
	for (uint64_t i = 0; i < 40; i++)
		((struct kauri_diode_slot_header *)(ring + i * 32))->stamp = 1000 + i + 1;
	h->head = 5000;
	n = kauri_diode_peek_batch(&rx, records, 32);
	assert_true(n >= 1 && n <= 2);
	for (long i = 0; i < n; i++)
		assert_true((const uint8_t *)records[i].data > ring && (const uint8_t *)records[i].data < ring_end);
}

/* At the end of the sequence space the receiver neither wraps to record 0 nor hands out a slot being written. */
static void test_the_last_sequence_number_does_not_wrap(void **state)
{
	struct kauri_channel r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_header *h = (struct kauri_diode_header *)memory;
	struct kauri_diode_receiver rx;
	struct kauri_diode_slot_header *slot;
	const void *record;
	uint64_t seq;
	char buf[16];

	(void)state;
	h->slot_size = 32;
	h->slots = 4;
	h->generation = 1;
	h->head = UINT64_MAX;		/* records up to UINT64_MAX - 1 written */
	h->magic = KAURI_DIODE_MAGIC;
	slot = (struct kauri_diode_slot_header *)(memory + KAURI_DIODE_HEADER_SIZE + ((UINT64_MAX - 1) % 4) * 32);
	slot->stamp = UINT64_MAX;	/* record UINT64_MAX - 1, whole */
	slot->len = 1;
	/* Record UINT64_MAX's slot has stamp 0, which is also UINT64_MAX + 1 wrapped. */
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 1);
	assert_true(seq == UINT64_MAX - 1);
	assert_int_equal(kauri_diode_peek(&rx, &record, &seq), -KAURI_DIODE_EMPTY);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), -KAURI_DIODE_EMPTY);
	assert_true(rx.next == UINT64_MAX);
}

static void test_a_restarted_sender_goes_on_and_a_new_shape_starts_over(void **state)
{
	struct kauri_channel w = channel(KAURI_CHANNEL_WRITE), r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_sender tx;
	struct kauri_diode_receiver rx;
	char buf[64];
	uint64_t seq;

	(void)state;
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	send_u32(&tx, 1);
	send_u32(&tx, 2);
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 4);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 4);
	/* Same shape: the sequence goes on. */
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 4), 0);
	assert_int_equal(tx.seq, 2);
	send_u32(&tx, 3);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 4);
	assert_int_equal(seq, 2);
	/* Another shape: a new ring, and the receiver follows it from its first record. */
	assert_int_equal(kauri_diode_sender_init(&tx, &w, 40), 0);
	assert_int_equal(tx.seq, 0);
	assert_int_equal(((struct kauri_diode_header *)memory)->generation, 2);
	/* More records than the receiver had read from the old ring, so only the generation tells. */
	assert_int_equal(kauri_diode_write(&tx, "0123456789", 10), 0);
	for (int i = 0; i < 4; i++)
		assert_int_equal(kauri_diode_write(&tx, "abc", 3), 0);
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), &seq), 10);
	assert_int_equal(seq, 0);
	assert_memory_equal(buf, "0123456789", 10);
	assert_int_equal(rx.lost, 0);
}

static void test_a_hostile_header_is_refused(void **state)
{
	struct kauri_channel r = channel(KAURI_CHANNEL_READ);
	struct kauri_diode_header *h = (struct kauri_diode_header *)memory;
	struct kauri_diode_receiver rx;
	char buf[64];

	(void)state;
	assert_int_equal(kauri_diode_receiver_init(&rx, &r), 0);
	h->magic = KAURI_DIODE_MAGIC;
	h->slot_size = 64;
	h->slots = 1000;	/* 64000 bytes in a 4 KiB channel */
	h->head = 5;
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), NULL), -KAURI_DIODE_BAD_HEADER);
	h->slots = 10;
	h->slot_size = 24;	/* not a multiple of 16 */
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), NULL), -KAURI_DIODE_BAD_HEADER);
	/* A slot length beyond the slot is never copied: counted lost. */
	h->slot_size = 64;
	((struct kauri_diode_slot_header *)(memory + 64))->stamp = 1;
	((struct kauri_diode_slot_header *)(memory + 64))->len = 1000;
	h->head = 1;
	assert_int_equal(kauri_diode_receive(&rx, buf, sizeof(buf), NULL), -KAURI_DIODE_EMPTY);
	assert_int_equal(rx.lost, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_records_arrive_whole_and_in_order, setup),
		cmocka_unit_test_setup(test_a_lapped_receiver_counts_what_it_lost, setup),
		cmocka_unit_test_setup(test_a_slot_being_rewritten_is_lost_not_returned, setup),
		cmocka_unit_test_setup(test_a_record_read_in_place_is_released_or_found_overwritten, setup),
		cmocka_unit_test_setup(test_a_batch_read_in_place_is_released_or_its_overwritten_head_dropped, setup),
		cmocka_unit_test_setup(test_a_batch_goes_on_past_the_rings_end, setup),
		cmocka_unit_test_setup(test_a_batch_stays_in_the_ring_whatever_the_head, setup),
		cmocka_unit_test_setup(test_the_last_sequence_number_does_not_wrap, setup),
		cmocka_unit_test_setup(test_rights_and_sizes_are_checked, setup),
		cmocka_unit_test_setup(test_a_restarted_sender_goes_on_and_a_new_shape_starts_over, setup),
		cmocka_unit_test_setup(test_a_hostile_header_is_refused, setup),
	};

	return cmocka_run_group_tests_name("diode", tests, NULL, NULL);
}
