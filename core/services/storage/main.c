/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage: the storage server. It owns the SD host controller (its manifest entry's devices,
 * by the names the build's front ends take: "pcie_ecam" and "pcie_window" for sdhci-pci,
 * "sdhci", "usdhc"; drivers/sdmmc_attach.h), brings the card up with the SD/MMC stack, reads
 * its GPT (lib/format/gpt.c) and serves the partitions on kos_block_protocol (kauri/block.h): to
 * each app that connects, the partitions its manifest entry lists, with the rights it lists (the
 * root server says which), a block a call, every write on the card before its reply.
 */
#include <string.h>
#include <drivers/sdmmc_attach.h>
#include <format/gpt.h>
#include <kauri/app.h>
#include <kauri/block.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/invoke.h>
#include <kauri/map.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define BLOCK_WORDS	(KAURI_BLOCK_SIZE / sizeof(kauri_word_t))

static struct sdmmc_controller controller;
static struct sdmmc_card *const card = &controller.card;
static struct gpt gpt;
static uint8_t table[34 * GPT_BLOCK_SIZE];
static uint8_t block[KAURI_BLOCK_SIZE] __attribute__((aligned(8)));

static uint64_t ticks(void)
{
	return kauri_counter();
}

/*
 * The SDMA bounce buffer: 64 KiB of its own frames from its untyped budget (ut_4k_pages: a 16-page
 * untyped, aligned to its size, so the frames are physically one run, and a smaller one for the
 * page table), mapped above its heap. The slots are the top of its CNode, which protocols never
 * reach.
 */
#define DMA_BUFFER_VADDR	0x18000000UL
#define DMA_BUFFER_BITS		16
#define DMA_FIRST_SLOT		224
#define DMA_TABLE_SLOT		(DMA_FIRST_SLOT + (1u << (DMA_BUFFER_BITS - 12)))
#define DMA_LAST_SLOT		255

static struct sdhci_dma_buffer dma_buffer;
static kauri_cptr_t table_untyped, next_table_slot = DMA_TABLE_SLOT;

static kauri_cptr_t make_table(void *context)
{
	(void)context;
	if (!table_untyped || next_table_slot > DMA_LAST_SLOT ||
	    kauri_untyped_retype(table_untyped, KAURI_PAGE_TABLE, 0, KAURI_APP_CAP_CNODE, 0, 0, next_table_slot, 1) != KAURI_OK)
		return 0;
	return next_table_slot++;
}

/* The buffer, made and mapped: it, or NULL (transfers by PIO). */
static const struct sdhci_dma_buffer *make_dma_buffer(void)
{
	static const struct kauri_page_table_maker tables = { .make = make_table };
	kauri_cptr_t slot, buffer_untyped = 0;
	unsigned int bits, frames = 1u << (DMA_BUFFER_BITS - 12);
	kauri_word_t phys;

	for (unsigned int i = 0; kauri_untyped_budget(i, &slot, &bits) == 0; i++) {
		if (bits == DMA_BUFFER_BITS && !buffer_untyped)
			buffer_untyped = slot;
		else if (bits >= 12 && bits < DMA_BUFFER_BITS)
			table_untyped = slot;
	}
	/* Without the budget for it, PIO (its description line says which it is). */
	if (!buffer_untyped || !table_untyped)
		return NULL;
	if (kauri_untyped_retype(buffer_untyped, KAURI_FRAME_4K, 0, KAURI_APP_CAP_CNODE, 0, 0, DMA_FIRST_SLOT, frames) !=
	    KAURI_OK)
		goto fail;
	for (unsigned int i = 0; i < frames; i++) {
		if (kauri_frame_map_making_tables(DMA_FIRST_SLOT + i, KAURI_APP_CAP_VSPACE, DMA_BUFFER_VADDR + i * 4096UL,
						  KAURI_VM_READ | KAURI_VM_WRITE, &tables) != KAURI_OK ||
		    kauri_frame_get_address(DMA_FIRST_SLOT + i, &phys) != KAURI_OK)
			goto fail;
		if (i == 0)
			dma_buffer.phys = phys;
		else if (phys != dma_buffer.phys + i * 4096UL)
			goto fail;	/* a budget untyped is one block: cannot happen */
	}
	dma_buffer.virt = (void *)DMA_BUFFER_VADDR;
	dma_buffer.size = frames * 4096u;
	return &dma_buffer;
fail:
	kauri_printf("cannot make its DMA buffer from its untyped budget: transfers by PIO\n");
	return NULL;
}

/* The controller, found among its devices and set up, and the card in its transfer state: 0, or 1 said. */
static int bring_up(void)
{
	struct sdmmc_mmio mmio[8];
	unsigned int n = 0;

	/* Those of the front ends' ranges its manifest entry gives it. */
	for (unsigned int i = 0; sdmmc_mmio_names[i] && n < sizeof(mmio) / sizeof(mmio[0]); i++) {
		struct kauri_device dev;

		if (kauri_device_open(sdmmc_mmio_names[i], &dev) == 0)
			mmio[n++] = (struct sdmmc_mmio){ sdmmc_mmio_names[i], dev.base, dev.phys, dev.size };
	}
	if (sdmmc_attach(&controller, mmio, n, ticks, kauri_counter_per_ms(), make_dma_buffer())) {
		kauri_printf("%s\n", controller.error);
		return 1;
	}
	kauri_printf("%s\n", controller.description);
	return 0;
}

/* The card's partitions (docs/storage.md, "The card layout"), said on the console. */
static void read_partitions(void)
{
	const char *why;
	int err = sdmmc_read_blocks(card, 0, sizeof(table) / SDMMC_BLOCK_SIZE, table);

	if (err) {
		kauri_printf("cannot read the card's partition table: %s\n", sdmmc_strerror(err));
		return;
	}
	if (gpt_read(table, sizeof(table), card->blocks, &gpt, &why)) {
		kauri_printf("no partitions: %s\n", why);
		return;
	}
	for (unsigned int i = 0; i < gpt.count; i++)
		kauri_printf("partition %s: %llu KiB from block %llu\n", gpt.part[i].name,
			     (unsigned long long)((gpt.part[i].last_lba - gpt.part[i].first_lba + 1) / 2),
			     (unsigned long long)gpt.part[i].first_lba);
}

/* Rights an app (by badge) opened each partition with: KAURI_BLOCK_*_RIGHT, 0 when not opened. */
#define MAX_CLIENTS	64
static uint8_t opened[MAX_CLIENTS + 1][GPT_MAX_PARTITIONS];

/* OPEN: the partition by name, with the rights the root server says the manifest gives BADGE. */
static kauri_word_t open_partition(kauri_word_t info, kauri_word_t badge, unsigned int *length)
{
	char name[KAURI_BLOCK_NAME_MAX + 1];
	long len = kauri_get_text(info, name, KAURI_BLOCK_NAME_MAX), rights;
	const struct gpt_partition *part;
	unsigned int index;

	if (len <= 0 || badge == 0 || badge > MAX_CLIENTS)
		return KAURI_BLOCK_E_REQUEST;
	name[len] = '\0';
	part = gpt_find(&gpt, name);
	if (!part || strlen(name) != (size_t)len)
		return KAURI_BLOCK_E_NO_PARTITION;
	index = (unsigned int)(part - gpt.part);
	rights = kauri_block_rights(badge, name);
	if (rights <= 0)
		return KAURI_BLOCK_E_DENIED;
	opened[badge][index] = (uint8_t)rights;
	kauri_set_mr(0, index);
	kauri_set_mr(1, part->last_lba - part->first_lba + 1);
	kauri_set_mr(2, (kauri_word_t)rights);
	*length = 3;
	return KAURI_BLOCK_OK;
}

/* The card block for block BLOCK of the partition HANDLE that BADGE opened with RIGHT, or an error. */
static kauri_word_t card_block(kauri_word_t badge, kauri_word_t handle, uint64_t block, uint8_t right, uint64_t *lba)
{
	const struct gpt_partition *part;

	if (badge == 0 || badge > MAX_CLIENTS || handle >= gpt.count || !(opened[badge][handle] & right))
		return KAURI_BLOCK_E_DENIED;
	part = &gpt.part[handle];
	if (block > part->last_lba - part->first_lba)
		return KAURI_BLOCK_E_RANGE;
	*lba = part->first_lba + block;
	return KAURI_BLOCK_OK;
}

/* One request from BADGE: its reply's label, with the reply's words in the IPC buffer, *LENGTH of them. */
static kauri_word_t serve(kauri_word_t info, kauri_word_t badge, unsigned int *length)
{
	unsigned int words = kauri_msginfo_length(info);
	uint64_t lba = 0;
	kauri_word_t err;

	*length = 0;
	switch (kauri_msginfo_label(info)) {
	case KAURI_BLOCK_OPEN:
		return open_partition(info, badge, length);
	case KAURI_BLOCK_READ:
		if (words != 2)
			return KAURI_BLOCK_E_REQUEST;
		err = card_block(badge, kauri_get_mr(0), kauri_get_mr(1), KAURI_BLOCK_READ_RIGHT, &lba);
		if (err)
			return err;
		if (sdmmc_read_blocks(card, lba, 1, block))
			return KAURI_BLOCK_E_IO;
		memcpy(kauri_ipc_buffer()->msg, block, KAURI_BLOCK_SIZE);
		*length = BLOCK_WORDS;
		return KAURI_BLOCK_OK;
	case KAURI_BLOCK_WRITE:
		if (words != 2 + BLOCK_WORDS)
			return KAURI_BLOCK_E_REQUEST;
		err = card_block(badge, kauri_get_mr(0), kauri_get_mr(1), KAURI_BLOCK_WRITE_RIGHT, &lba);
		if (err)
			return err;
		memcpy(block, kauri_ipc_buffer()->msg + 2, KAURI_BLOCK_SIZE);
		return sdmmc_write_blocks(card, lba, 1, block) ? KAURI_BLOCK_E_IO : KAURI_BLOCK_OK;
	case KAURI_BLOCK_FLUSH:
		return KAURI_BLOCK_OK;	/* every write was on the card before its reply */
	default:
		return KAURI_BLOCK_E_REQUEST;
	}
}

int main(int argc, char **argv, char **envp)
{
	kauri_word_t badge, info;
	long ep;

	(void)argc;
	(void)argv;
	(void)envp;
	if (bring_up())
		return 1;
	read_partitions();
	ep = kauri_protocol_publish(KAURI_BLOCK_PROTOCOL);
	if (ep < 0) {
		kauri_printf("cannot publish %s: %s\n", KAURI_BLOCK_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	info = kauri_recv((kauri_cptr_t)ep, &badge);
	for (;;) {
		unsigned int length;
		kauri_word_t label = serve(info, badge, &length);

		info = kauri_reply_recv((kauri_cptr_t)ep, kauri_msginfo(label, 0, 0, length), &badge);
	}
}
