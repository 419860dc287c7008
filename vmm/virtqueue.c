/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Split virtqueue, device side. The guest may rewrite its rings at any moment, so each index and
 * descriptor is read from guest memory exactly once into a local and checked there; nothing is
 * read twice and trusted the second time.
 */
#include <string.h>
#include "virtio.h"
#include "virtqueue.h"

/* Ring offsets inside the avail and used areas. */
#define RING_FLAGS	0u
#define RING_IDX	2u
#define RING_ENTRIES	4u

struct desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static uint16_t load16(const uint8_t *p)
{
	return *(const volatile uint16_t *)p;
}

static void store32(uint8_t *p, uint32_t v)
{
	*(volatile uint32_t *)p = v;
}

static void read_desc(const struct virtqueue *q, uint16_t i, struct desc *d)
{
	const uint8_t *p = q->desc + (size_t)i * VIRTQ_DESC_SIZE;

	d->addr = *(const volatile uint64_t *)p;
	d->len = *(const volatile uint32_t *)(p + 8);
	d->flags = *(const volatile uint16_t *)(p + 12);
	d->next = *(const volatile uint16_t *)(p + 14);
}

void virtqueue_init(struct virtqueue *q, const struct guest_memory *mem, uint16_t num_max,
		    uint32_t max_chain_bytes)
{
	memset(q, 0, sizeof(*q));
	q->mem = mem;
	q->num_max = num_max > VIRTQUEUE_MAX_SIZE ? VIRTQUEUE_MAX_SIZE : num_max;
	q->max_chain_bytes = max_chain_bytes;
}

void virtqueue_reset(struct virtqueue *q)
{
	virtqueue_init(q, q->mem, q->num_max, q->max_chain_bytes);
}

/* A ring area: inside guest RAM, and aligned both as the guest sees it and as we access it. */
static uint8_t *ring_area(const struct virtqueue *q, uint64_t ipa, uint64_t size, uint64_t align)
{
	uint8_t *p = guest_memory_ptr(q->mem, ipa, size);

	if (!p || (ipa & (align - 1)) || ((uintptr_t)p & (align - 1)))
		return NULL;
	return p;
}

int virtqueue_enable(struct virtqueue *q)
{
	uint8_t *desc, *avail, *used;

	/* Split queues have power-of-two sizes (spec 2.7), so idx % num stays right across wrap. */
	if (q->num == 0 || q->num > q->num_max || (q->num & (q->num - 1)))
		return -VIRTIO_ERR_QUEUE_SETUP;
	desc = ring_area(q, q->desc_ipa, (uint64_t)q->num * VIRTQ_DESC_SIZE, VIRTQ_DESC_ALIGN);
	avail = ring_area(q, q->avail_ipa, VIRTQ_AVAIL_SIZE(q->num), VIRTQ_AVAIL_ALIGN);
	used = ring_area(q, q->used_ipa, VIRTQ_USED_SIZE(q->num), VIRTQ_USED_ALIGN);
	if (!desc || !avail || !used)
		return -VIRTIO_ERR_QUEUE_SETUP;
	q->desc = desc;
	q->avail = avail;
	q->used = used;
	q->last_avail = 0;
	q->used_idx = 0;
	q->error = 0;
	q->ready = true;
	return 0;
}

static int refuse(struct virtqueue *q, int err)
{
	q->error = err;
	return err;
}

/* Adds descriptor d to the chain, or says why the chain is refused. */
static int add_segment(const struct virtqueue *q, struct virtq_chain *c, const struct desc *d)
{
	struct virtq_segment *s;
	bool writable = d->flags & VIRTQ_DESC_F_WRITE;

	if (d->flags & VIRTQ_DESC_F_INDIRECT)
		return -VIRTIO_ERR_INDIRECT;
	if (c->count == VIRTQUEUE_MAX_SEGMENTS)
		return -VIRTIO_ERR_SEGMENTS;
	if (!writable && c->count > c->readable)
		return -VIRTIO_ERR_ORDER;
	s = &c->seg[c->count];
	s->ptr = guest_memory_ptr(q->mem, d->addr, d->len);
	if (!s->ptr)
		return -VIRTIO_ERR_BUFFER;
	s->len = d->len;
	s->writable = writable;
	if (writable)
		c->write_bytes += d->len;
	else {
		c->read_bytes += d->len;
		c->readable++;
	}
	c->count++;
	if (c->read_bytes + c->write_bytes > q->max_chain_bytes)
		return -VIRTIO_ERR_CHAIN_BYTES;
	return 0;
}

int virtqueue_pop(struct virtqueue *q, struct virtq_chain *chain)
{
	uint16_t avail_idx, head, i, visited = 0;
	struct desc d;
	int err;

	if (q->error)
		return q->error;
	if (!q->ready)
		return 0;
	/* Acquire: the ring entry and descriptors behind idx are read after idx (spec 2.7.13). */
	avail_idx = __atomic_load_n((const uint16_t *)(q->avail + RING_IDX), __ATOMIC_ACQUIRE);
	if ((uint16_t)(avail_idx - q->last_avail) > q->num)
		return refuse(q, -VIRTIO_ERR_AVAIL_IDX);
	if (avail_idx == q->last_avail)
		return 0;
	head = load16(q->avail + RING_ENTRIES + 2u * (q->last_avail & (q->num - 1)));
	if (head >= q->num)
		return refuse(q, -VIRTIO_ERR_HEAD_RANGE);

	chain->head = head;
	chain->count = chain->readable = 0;
	chain->read_bytes = chain->write_bytes = 0;
	i = head;
	for (;;) {
		/* No chain can have more descriptors than the table: one that does goes round a loop. */
		if (visited++ == q->num)
			return refuse(q, -VIRTIO_ERR_LOOP);
		read_desc(q, i, &d);
		err = add_segment(q, chain, &d);
		if (err)
			return refuse(q, err);
		if (!(d.flags & VIRTQ_DESC_F_NEXT))
			break;
		if (d.next >= q->num)
			return refuse(q, -VIRTIO_ERR_NEXT_RANGE);
		i = d.next;
	}
	q->last_avail++;
	return 1;
}

int virtqueue_push(struct virtqueue *q, uint16_t head, uint32_t len)
{
	uint8_t *entry;

	if (!q->ready)
		return -VIRTIO_ERR_STATE;
	if (head >= q->num)
		return -VIRTIO_ERR_USED_ID;
	entry = q->used + RING_ENTRIES + 8u * (q->used_idx & (q->num - 1));
	store32(entry, head);
	store32(entry + 4, len);
	q->used_idx++;
	/* Release: the driver that sees the new idx sees the entry, and the data written before it. */
	__atomic_store_n((uint16_t *)(q->used + RING_IDX), q->used_idx, __ATOMIC_RELEASE);
	return 0;
}

bool virtqueue_wants_interrupt(const struct virtqueue *q)
{
	if (!q->ready)
		return false;
	/* The used idx store must be visible before we read the driver's flag (spec 2.7.10). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	return !(load16(q->avail + RING_FLAGS) & VIRTQ_AVAIL_F_NO_INTERRUPT);
}

uint8_t *virtq_chain_at(const struct virtq_chain *chain, bool writable, uint64_t offset, uint32_t *len)
{
	uint16_t i = writable ? chain->readable : 0, end = writable ? chain->count : chain->readable;

	for (; i < end; i++) {
		const struct virtq_segment *s = &chain->seg[i];

		if (offset < s->len) {
			*len = s->len - (uint32_t)offset;
			return s->ptr + offset;
		}
		offset -= s->len;
	}
	return NULL;
}

/* Copies len bytes between buf and the chain's bytes of one direction, from byte `offset` on. */
static size_t chain_copy(const struct virtq_chain *c, uint64_t offset, uint8_t *buf, size_t len,
			 bool to_guest)
{
	size_t done = 0;

	while (done < len) {
		uint32_t room;
		uint8_t *p = virtq_chain_at(c, to_guest, offset + done, &room);
		size_t n = room < len - done ? room : len - done;

		if (!p)
			break;
		if (to_guest)
			memcpy(p, buf + done, n);
		else
			memcpy(buf + done, p, n);
		done += n;
	}
	return done;
}

size_t virtq_chain_read(const struct virtq_chain *chain, uint64_t offset, void *dst, size_t len)
{
	return chain_copy(chain, offset, dst, len, false);
}

size_t virtq_chain_write(const struct virtq_chain *chain, uint64_t offset, const void *src, size_t len)
{
	return chain_copy(chain, offset, (uint8_t *)src, len, true);
}
