/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The release on the card (card.h): the storage controller driven with the same SD/MMC stack the
 * storage server runs (drivers/sdmmc_attach.h), on the same ranges of the same manifest entry,
 * before that server exists; the GPT and state area read with the host tools' code
 * (lib/format/gpt.c, card_state.c). The controller's frames go back once the card is read, so
 * the storage server gets them as its manifest entry says; the release stays in the root
 * server's frames, which a microVM's large files are shared from as from the built-in bootfs.
 */
#include <stdio.h>
#include <string.h>
#include <drivers/sdmmc_attach.h>
#include <format/bootfs.h>
#include <format/byteorder.h>
#include <format/card_state.h>
#include <format/gpt.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/invoke.h>
#include <format/trust_chain.h>
#include "alloc.h"
#include "card.h"
#include "signature.h"

#define PAGE		4096UL
#define LARGE_PAGE	(2UL << 20)
#define CARD_DEVICE_VADDR	0x7d00000000UL	/* the controller's ranges, while the card is read */
#define CARD_DMA_VADDR		0x7d80000000UL	/* the SDMA bounce buffer */
#define CARD_DMA_BITS		16		/* 64 KiB: 128 blocks a command */
#define CARD_RELEASE_VADDR	0x7c00000000UL	/* the release read from a slot (up to 4 GiB) */
#define CARD_RELEASE_MAX	(CARD_DEVICE_VADDR - CARD_RELEASE_VADDR)
#define MAX_DEVICE_PAGES	1024		/* 4 MiB of the controller's ranges */
#define READ_CHUNK_BLOCKS	2048		/* 1 MiB a transfer: a retry repeats no more */

static const char *const slot_partition[2] = { "kauri_a", "kauri_b" };

static struct sdmmc_controller controller;
static struct gpt gpt;
static uint8_t table[34 * GPT_BLOCK_SIZE];
static uint8_t state_area[CARD_STATE_AREA_SIZE];
static uint8_t first_block[SDMMC_BLOCK_SIZE];
static uint8_t overlay_package[CARD_OVERLAY_AREA_SIZE];
static uint8_t trust_chain[TRUST_CHAIN_MAX_SIZE];

/* The controller's pages, mapped while the card is read. */
static struct {
	uint64_t paddr;
	kauri_cptr_t frame;
} device_pages[MAX_DEVICE_PAGES];
static unsigned int device_page_count;

static uint64_t ticks(void)
{
	return kauri_counter();
}

static uint64_t ms_since(uint64_t start)
{
	return (kauri_counter() - start) / kauri_counter_per_ms();
}

/* The app that publishes the block protocol: the one whose devices are the storage controller. */
static const struct manifest_app *storage_app(const struct kauri_manifest *m)
{
	for (uint32_t i = 0; i < m->napps; i++)
		for (uint32_t p = 0; p < m->apps[i].npublishes; p++)
			if (strcmp(m->apps[i].publishes[p], MANIFEST_BLOCK_PROTOCOL) == 0)
				return &m->apps[i];
	return NULL;
}

/* APP's MMIO ranges mapped into the root server, one after the other: 0, or -1 said. */
static int map_devices(const struct manifest_app *app, struct sdmmc_mmio *mmio, unsigned int *n)
{
	uint64_t vaddr = CARD_DEVICE_VADDR;

	*n = 0;
	for (uint32_t d = 0; d < app->ndevices; d++) {
		const struct manifest_device *dev = &app->devices[d];

		if (dev->size / PAGE > MAX_DEVICE_PAGES - device_page_count) {
			kauri_printf("rootserver: card: /apps/%s's devices take more than %u pages\n", app->name,
				     MAX_DEVICE_PAGES);
			return -1;
		}
		mmio[(*n)++] = (struct sdmmc_mmio){ dev->name, (volatile void *)vaddr, dev->base, dev->size };
		for (uint64_t off = 0; off < dev->size; off += PAGE, vaddr += PAGE) {
			kauri_cptr_t frame = device_frame_alloc(dev->base + off);

			if (!frame || root_map(frame, vaddr, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK) {
				kauri_printf("rootserver: card: /apps/%s/resources/devices/%s: cannot map 0x%lx\n",
					     app->name, dev->name, (unsigned long)(dev->base + off));
				return -1;
			}
			device_pages[device_page_count].paddr = dev->base + off;
			device_pages[device_page_count++].frame = frame;
		}
	}
	return 0;
}

/* The controller's pages unmapped and given back, for the storage server's manifest entry. */
static void unmap_devices(void)
{
	for (unsigned int i = 0; i < device_page_count; i++) {
		kauri_frame_unmap(device_pages[i].frame);
		device_frame_return(device_pages[i].paddr, device_pages[i].frame);
	}
	device_page_count = 0;
}

/*
 * A bounce buffer for the controller's SDMA: an untyped of its size retyped into frames, so they
 * are one physical run aligned to it. NULL (PIO) when it cannot be made.
 */
static uint64_t dma_bytes;	/* RAM the buffer took */

static const struct sdhci_dma_buffer *make_dma_buffer(void)
{
	static struct sdhci_dma_buffer dma;
	kauri_cptr_t untyped = object_alloc(KAURI_UNTYPED, CARD_DMA_BITS);
	kauri_word_t phys;

	if (!untyped)
		return NULL;
	dma_bytes = 1u << CARD_DMA_BITS;
	for (uint64_t off = 0; off < 1u << CARD_DMA_BITS; off += PAGE) {
		kauri_cptr_t frame = slot_alloc();

		if (!frame || kauri_untyped_retype(untyped, KAURI_FRAME_4K, 0, ROOT_CNODE, 0, 0, frame, 1) != KAURI_OK ||
		    root_map(frame, CARD_DMA_VADDR + off, KAURI_VM_READ | KAURI_VM_WRITE) != KAURI_OK ||
		    kauri_frame_get_address(frame, &phys) != KAURI_OK)
			return NULL;
		if (off == 0)
			dma.phys = phys;
	}
	dma.virt = (void *)CARD_DMA_VADDR;
	dma.size = 1u << CARD_DMA_BITS;
	return &dma;
}

/* COUNT blocks from LBA into BUF: 0, or -1 said (WHAT was being read). */
static int read_card(uint64_t lba, uint64_t count, void *buf, const char *what)
{
	for (uint64_t done = 0; done < count;) {
		uint32_t n = count - done > READ_CHUNK_BLOCKS ? READ_CHUNK_BLOCKS : (uint32_t)(count - done);
		int err = sdmmc_read_blocks(&controller.card, lba + done, n, (uint8_t *)buf + done * SDMMC_BLOCK_SIZE);

		if (err) {
			kauri_printf("rootserver: card: reading %s (block %lu): %s\n", what,
				     (unsigned long)(lba + done), sdmmc_strerror(err));
			return -1;
		}
		done += n;
	}
	return 0;
}

static uint64_t state_lba;	/* kauri_state's first block */

/*
 * STATE written as the card's next state (into the copy not holding the current one, so a power
 * cut half-way leaves that one standing): 0, or -1 said.
 */
static int write_state(struct card_state *state)
{
	int copy = card_state_write_next(state_area, sizeof(state_area), state);
	uint32_t blocks = CARD_STATE_COPY_SIZE / SDMMC_BLOCK_SIZE;
	int err;

	if (copy < 0) {
		kauri_printf("rootserver: card: cannot encode the state\n");
		return -1;
	}
	err = sdmmc_write_blocks(&controller.card, state_lba + (uint64_t)copy * blocks, blocks,
				 state_area + copy * CARD_STATE_COPY_SIZE);
	if (err) {
		kauri_printf("rootserver: card: writing the state area: %s\n", sdmmc_strerror(err));
		return -1;
	}
	return 0;
}

/* The layout's partitions and the state area: 0 with *STATE (valid or not: *HAS_STATE), or -1 said. */
static int read_layout(struct card_state *state, bool *has_state)
{
	const struct gpt_partition *state_part;
	const char *why;
	unsigned int copy;

	if (read_card(0, sizeof(table) / SDMMC_BLOCK_SIZE, table, "the partition table"))
		return -1;
	if (gpt_read(table, sizeof(table), controller.card.blocks, &gpt, &why)) {
		kauri_printf("rootserver: card: no partition table: %s\n", why);
		return -1;
	}
	state_part = gpt_find(&gpt, "kauri_state");
	if (!gpt_find(&gpt, slot_partition[0]) || !gpt_find(&gpt, slot_partition[1]) || !state_part) {
		kauri_printf("rootserver: card: not Kauri's layout (no partitions kauri_a, kauri_b and kauri_state)\n");
		return -1;
	}
	if ((state_part->last_lba - state_part->first_lba + 1) * GPT_BLOCK_SIZE < sizeof(state_area)) {
		kauri_printf("rootserver: card: kauri_state is smaller than the state area's %u bytes\n",
			     CARD_STATE_AREA_SIZE);
		return -1;
	}
	state_lba = state_part->first_lba;
	if (read_card(state_lba, sizeof(state_area) / SDMMC_BLOCK_SIZE, state_area, "the state area"))
		return -1;
	*has_state = card_state_read(state_area, sizeof(state_area), state, &copy) == 0;
	if (*has_state)
		kauri_printf("rootserver: card: state: slot %c active (sequence %lu, copy %u)\n",
			     card_slot_letter(state->active_slot), (unsigned long)state->sequence, copy);
	else
		kauri_printf("rootserver: card: state: neither copy of the state area is valid; trying slot A, then B\n");
	return 0;
}

/*
 * Frames for SIZE bytes of release at CARD_RELEASE_VADDR, all made before any is mapped: a map
 * may make page tables, whose slots would come between the frames, which must be one run of
 * slots (a region, as the kernel gives the built-in bootfs's). 0, or -1 said.
 */
static int hold(struct release_place *place, uint64_t size)
{
	uint64_t want = (size + LARGE_PAGE - 1) / LARGE_PAGE;

	for (uint64_t i = 0; i < want; i++) {
		kauri_cptr_t frame = object_alloc(KAURI_FRAME_2M, 0);

		if (!frame || (i && frame != place->frames.end))
			goto no_ram;
		if (!i)
			place->frames.start = frame;
		place->frames.end = frame + 1;
		place->ram_bytes = (i + 1) * LARGE_PAGE;
	}
	for (uint64_t i = 0; i < want; i++)
		if (root_map(place->frames.start + i, CARD_RELEASE_VADDR + i * LARGE_PAGE, KAURI_VM_READ | KAURI_VM_WRITE) !=
		    KAURI_OK)
			goto no_ram;
	return 0;
no_ram:
	kauri_printf("rootserver: card: no RAM left to hold a release of %lu KiB\n", (unsigned long)(size >> 10));
	return -1;
}

/* Slot SLOT's release size from its bootfs header: 0 with *SIZE, or -1 (said unless QUIET). */
static int slot_header(unsigned int slot, uint64_t *size, bool quiet)
{
	const struct gpt_partition *part = gpt_find(&gpt, slot_partition[slot]);
	uint64_t room = (part->last_lba - part->first_lba + 1) * GPT_BLOCK_SIZE;

	if (read_card(part->first_lba, 1, first_block, slot_partition[slot]))
		return -1;
	if (memcmp(first_block, BOOTFS_MAGIC, 8) != 0) {
		if (!quiet)
			kauri_printf("rootserver: card: slot %c (%s): no release (no bootfs header)\n", card_slot_letter(slot),
				     slot_partition[slot]);
		return -1;
	}
	*size = get_le64(first_block + 24);
	if (*size < BOOTFS_HEADER_SIZE || *size > room || *size > CARD_RELEASE_MAX) {
		if (!quiet)
			kauri_printf("rootserver: card: slot %c (%s): a release of %lu bytes does not fit the slot's %lu\n",
				     card_slot_letter(slot), slot_partition[slot], (unsigned long)*size, (unsigned long)room);
		return -1;
	}
	return 0;
}

/*
 * Slot SLOT's trust chain, after its release of SIZE bytes at the next 4 KiB, for the signature
 * check (none when there is no bootfs there or it does not fit: the release must then verify
 * under the compiled-in key alone).
 */
static void read_chain(unsigned int slot, uint64_t size)
{
	const struct gpt_partition *part = gpt_find(&gpt, slot_partition[slot]);
	uint64_t offset = trust_chain_offset(size), len;
	uint64_t lba = part->first_lba + offset / SDMMC_BLOCK_SIZE, room = (part->last_lba + 1 - lba) * SDMMC_BLOCK_SIZE;

	signature_set_chain(NULL, 0);
	if (part->first_lba + offset / SDMMC_BLOCK_SIZE > part->last_lba || read_card(lba, 1, trust_chain, "a trust chain"))
		return;
	len = get_le64(trust_chain + 24);
	if (memcmp(trust_chain, BOOTFS_MAGIC, 8) != 0 || len < BOOTFS_HEADER_SIZE || len > sizeof(trust_chain) || len > room ||
	    read_card(lba, (len + SDMMC_BLOCK_SIZE - 1) / SDMMC_BLOCK_SIZE, trust_chain, "a trust chain"))
		return;
	signature_set_chain(trust_chain, len);
}

/* The release of SIZE bytes in slot SLOT (its header read before) into the frames held for it: 0, or -1 said. */
static int read_slot(unsigned int slot, uint64_t size)
{
	const struct gpt_partition *part = gpt_find(&gpt, slot_partition[slot]);
	uint64_t start = kauri_counter();
	char what[32];

	snprintf(what, sizeof(what), "slot %c", card_slot_letter(slot));
	if (read_card(part->first_lba, (size + SDMMC_BLOCK_SIZE - 1) / SDMMC_BLOCK_SIZE, (void *)CARD_RELEASE_VADDR, what))
		return -1;
	kauri_printf("rootserver: card: slot %c (%s): release of %lu bytes read in %lu ms\n", card_slot_letter(slot),
		     slot_partition[slot], (unsigned long)size, (unsigned long)ms_since(start));
	return 0;
}

/* The overlay package in area AREA of the state partition into PLACE: 0, or -1 said (boot goes on without). */
static int read_overlay(unsigned int area, struct release_place *place)
{
	uint64_t lba = state_lba + CARD_OVERLAY_OFFSET(area) / SDMMC_BLOCK_SIZE, size;

	if (read_card(lba, 1, overlay_package, "the overlay"))
		return -1;
	size = get_le64(overlay_package + 24);
	if (memcmp(overlay_package, BOOTFS_MAGIC, 8) != 0 || size < BOOTFS_HEADER_SIZE || size > sizeof(overlay_package)) {
		kauri_printf("rootserver: card: overlay area %u holds no overlay package\n", area);
		return -1;
	}
	if (read_card(lba, (size + SDMMC_BLOCK_SIZE - 1) / SDMMC_BLOCK_SIZE, overlay_package, "the overlay"))
		return -1;
	place->overlay = overlay_package;
	place->overlay_size = size;
	return 0;
}

/*
 * The slots in the order they are tried: a slot on trial with boots left first (its budget takes
 * one, on the card before it boots), else the active one. A trial whose budget is spent ends
 * here, and the card says so for the next upgrade report. *TRIAL is the slot on trial, or -1.
 */
static void boot_order(struct card_state *state, bool has_state, unsigned int order[2], int *trial)
{
	struct card_state next = *state;
	uint8_t first = CARD_SLOT_A;

	*trial = -1;
	if (has_state && card_state_boot(&next, &first)) {
		if (write_state(&next) != 0) {
			/* A boot that cannot be counted is no trial: the active slot. */
			first = state->active_slot;
		} else if (next.trial_slot != CARD_SLOT_NONE) {
			kauri_printf("rootserver: card: slot %c is on trial: this boot takes one of its budget (%u left)\n",
				     card_slot_letter(first), next.trial_budget);
			*trial = first;
		} else {
			kauri_printf("rootserver: card: slot %c's trial is over: %s; slot %c boots\n",
				     card_slot_letter(next.last_trial_slot), card_trial_end_name(next.last_trial),
				     card_slot_letter(next.active_slot));
		}
		*state = next;
	}
	order[0] = first == CARD_SLOT_B ? 1 : 0;
	order[1] = 1 - order[0];
}

int card_release(const struct kauri_manifest *builtin, release_check_fn check, struct release_place *place)
{
	const struct manifest_app *app = storage_app(builtin);
	struct sdmmc_mmio mmio[MANIFEST_MAX_DEVICES];
	struct card_state state;
	unsigned int n, order[2];
	uint64_t sizes[2] = { 0, 0 }, most = 0;
	bool has_state = false, header_ok[2];
	int trial;
	int ret = -1;

	memset(place, 0, sizeof(*place));
	if (!app) {
		kauri_printf("rootserver: card: no app publishes %s, so no storage controller is known\n",
			     MANIFEST_BLOCK_PROTOCOL);
		return -1;
	}
	if (map_devices(app, mmio, &n) != 0)
		goto out;
	if (sdmmc_attach(&controller, mmio, n, ticks, kauri_counter_per_ms(), make_dma_buffer()) != 0) {
		kauri_printf("rootserver: card: %s\n", controller.error);
		goto out;
	}
	kauri_printf("rootserver: card: %s\n", controller.description);
	if (read_layout(&state, &has_state) != 0)
		goto out;
	boot_order(&state, has_state, order, &trial);
	/* Both headers first: frames for the larger release, once, since either may be the one read. */
	for (unsigned int i = 0; i < 2; i++) {
		header_ok[i] = slot_header(i, &sizes[i], true) == 0;
		if (header_ok[i] && sizes[i] > most)
			most = sizes[i];
	}
	if (most && hold(place, most) != 0)
		goto out;
	for (unsigned int i = 0; i < 2 && ret; i++) {
		uint64_t size = sizes[order[i]];

		/* A bad header is said when its slot's turn comes (read again only to say why). */
		if (!header_ok[order[i]])
			slot_header(order[i], &size, false);
		if (header_ok[order[i]])
			read_chain(order[i], size);
		if (!header_ok[order[i]] || read_slot(order[i], size) != 0 ||
		    check((const uint8_t *)CARD_RELEASE_VADDR, size) != 0) {
			kauri_printf("rootserver: card: slot %c (%s): the release does not pass its checks\n",
				     card_slot_letter(order[i]), slot_partition[order[i]]);
			/* A trial refused at boot is over: the active slot next, and the card says why. */
			if ((int)order[i] == trial) {
				card_state_trial_refused(&state);
				if (write_state(&state) == 0)
					kauri_printf("rootserver: card: slot %c's trial is over: %s\n", card_slot_letter(order[i]),
						     card_trial_end_name(CARD_TRIAL_REFUSED));
			}
			continue;
		}
		place->base = (const uint8_t *)CARD_RELEASE_VADDR;
		place->size = size;
		place->slot = card_slot_letter(order[i]);
		place->on_trial = (int)order[i] == trial;
		ret = 0;
	}
	/* The state's overlay, whichever slot boots: the root server checks it against that release's manifest. */
	if (!ret && has_state && state.overlay)
		read_overlay(state.overlay, place);
out:
	/* What the built-in release is checked with, if it boots: the compiled-in key alone. */
	if (ret)
		signature_set_chain(NULL, 0);
	place->ram_bytes += dma_bytes;
	/* The storage server resets it again: nothing of this boot's use of it is left but the BAR. */
	unmap_devices();
	return ret;
}
