/* SPDX-License-Identifier: BSD-2-Clause */
/* The admin service's card: the slots, the state area and the data partition, over kos_block_protocol. */
#include <string.h>
#include <kauri/debug.h>
#include <kauri/protocol.h>
#include "admin.h"

static const char *const slot_names[2] = { "kauri_a", "kauri_b" };

static int open_one(struct admin_card *card, const char *name, struct kauri_block_partition *part)
{
	long err = kauri_block_open(card->ep, name, part);

	if (err) {
		kauri_printf("cannot open partition %s: %s\n", name, kauri_block_strerror(err));
		return -1;
	}
	if ((part->rights & (KAURI_BLOCK_READ_RIGHT | KAURI_BLOCK_WRITE_RIGHT)) !=
	    (KAURI_BLOCK_READ_RIGHT | KAURI_BLOCK_WRITE_RIGHT)) {
		kauri_printf("partition %s: the manifest must give it READ and WRITE\n", name);
		return -1;
	}
	return 0;
}

long card_read(struct admin_card *card, const struct kauri_block_partition *part, uint64_t block, uint64_t count,
	       void *buf)
{
	for (uint64_t i = 0; i < count; i++) {
		long err = kauri_block_read(card->ep, part, block + i, (uint8_t *)buf + i * KAURI_BLOCK_SIZE);

		if (err)
			return err;
	}
	return 0;
}

long card_write(struct admin_card *card, const struct kauri_block_partition *part, uint64_t block, uint64_t count,
		const void *buf)
{
	for (uint64_t i = 0; i < count; i++) {
		long err = kauri_block_write(card->ep, part, block + i, (const uint8_t *)buf + i * KAURI_BLOCK_SIZE);

		if (err)
			return err;
	}
	return kauri_block_flush(card->ep);
}

int card_open(struct admin_card *card)
{
	long ep = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL);
	unsigned int copy;
	long err;

	if (ep < 0) {
		kauri_printf("cannot connect to %s: %s\n", KAURI_BLOCK_PROTOCOL, kauri_lib_strerror(ep));
		return -1;
	}
	card->ep = (kauri_cptr_t)ep;
	if (open_one(card, slot_names[0], &card->slot[0]) || open_one(card, slot_names[1], &card->slot[1]) ||
	    open_one(card, "kauri_state", &card->state_part) || open_one(card, "data", &card->data))
		return -1;
	err = card_read(card, &card->state_part, 0, CARD_STATE_AREA_SIZE / KAURI_BLOCK_SIZE, card->state_area);
	if (err) {
		kauri_printf("cannot read the state area: %s\n", kauri_block_strerror(err));
		return -1;
	}
	card->has_state = card_state_read(card->state_area, sizeof(card->state_area), &card->state, &copy) == 0;
	return 0;
}

int card_write_state(struct admin_card *card, struct card_state *state)
{
	int copy = card_state_write_next(card->state_area, sizeof(card->state_area), state);
	uint64_t blocks = CARD_STATE_COPY_SIZE / KAURI_BLOCK_SIZE;
	long err;

	if (copy < 0) {
		kauri_printf("cannot encode the state\n");
		return -1;
	}
	err = card_write(card, &card->state_part, (uint64_t)copy * blocks, blocks,
			 card->state_area + (size_t)copy * CARD_STATE_COPY_SIZE);
	if (err) {
		kauri_printf("cannot write the state area: %s\n", kauri_block_strerror(err));
		return -1;
	}
	card->state = *state;
	card->has_state = true;
	return 0;
}
