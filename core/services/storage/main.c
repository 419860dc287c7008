/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage: the storage server. It owns the SD host controller (its manifest entry's devices
 * "pcie_ecam", bus 0's configuration space, and "pcie_window", the start of the PCIe memory
 * window, where it places the controller's registers), brings the card up with the SD/MMC
 * stack, reads its GPT (lib/format/gpt.c) and serves the partitions on kos_block_protocol
 * (kauri/block.h): to each app that connects, the partitions its manifest entry lists, with the
 * rights it lists (the root server says which), a block a call, every write on the card before
 * its reply.
 * Usage: storage WINDOW-PHYS: the physical address of the device "pcie_window" (the host
 * bridge's 32-bit memory window on QEMU virt, 0x10000000).
 */
#include <stdlib.h>
#include <string.h>
#include <drivers/sdhci.h>
#include <drivers/sdhci_pci.h>
#include <drivers/sdmmc.h>
#include <format/gpt.h>
#include <kauri/block.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/device.h>
#include <kauri/protocol.h>
#include <kauri/syscalls.h>

#define BLOCK_WORDS	(KAURI_BLOCK_SIZE / sizeof(kauri_word_t))

static struct sdhci sdhci;
static struct sdmmc_card card;
static struct gpt gpt;
static uint8_t table[34 * GPT_BLOCK_SIZE];
static uint8_t block[KAURI_BLOCK_SIZE] __attribute__((aligned(8)));

static uint64_t ticks(void)
{
	return kauri_counter();
}

static uint64_t ticks_per_ms(void)
{
	uint64_t hz = kauri_counter_frequency();

	return hz / 1000 ? hz / 1000 : 1;
}

/* The controller, found and set up, and the card brought to its transfer state: 0, or 1 after saying why. */
static int bring_up(uint64_t window_pa)
{
	static struct sdhci_config config;
	static struct pci_ecam ecam;
	struct kauri_device ecam_dev, window_dev;
	struct sdhci_pci_config pci;
	struct pci_function fn;
	volatile void *regs;
	char name[6];
	long err;
	int ret;

	err = kauri_device_open("pcie_ecam", &ecam_dev);
	if (!err)
		err = kauri_device_open("pcie_window", &window_dev);
	if (err) {
		kauri_printf("cannot open its devices pcie_ecam and pcie_window: %s\n", kauri_lib_strerror(err));
		return 1;
	}
	ecam = (struct pci_ecam){ .config = (volatile uint8_t *)ecam_dev.base, .size = ecam_dev.size };
	pci = (struct sdhci_pci_config){ .ecam = &ecam, .window = (volatile uint8_t *)window_dev.base,
					 .window_pa = window_pa, .window_size = window_dev.size };
	if (sdhci_pci_probe(&pci, &fn, &regs)) {
		kauri_printf("no SD host controller on PCI bus 0 (class 0805) whose registers fit the window\n");
		return 1;
	}
	config = (struct sdhci_config){ .regs = regs, .ticks = ticks, .ticks_per_ms = ticks_per_ms(),
					.timeout_ms = CONFIG_SDMMC_CMD_TIMEOUT_MS };
	ret = sdhci_init(&sdhci, &config);
	if (ret) {
		kauri_printf("SDHCI at 00:%02x.%u (%04x:%04x): %s\n", fn.device, fn.function, fn.vendor_id,
			     fn.device_id, sdmmc_strerror(ret));
		return 1;
	}
	ret = sdmmc_sd_init(&card, &sdhci.host);
	if (ret) {
		kauri_printf("SDHCI %u.00 at 00:%02x.%u: SD card: %s\n", sdhci.version + 1, fn.device,
			     fn.function, sdmmc_strerror(ret));
		return 1;
	}
	sdmmc_card_name(&card, name);
	kauri_printf("SDHCI %u.00 at 00:%02x.%u, SD card %s: %llu MiB (%s), %u-bit bus at %u kHz, PIO\n",
		     sdhci.version + 1, fn.device, fn.function, name,
		     (unsigned long long)(card.blocks * SDMMC_BLOCK_SIZE >> 20), card.high_capacity ? "SDHC" : "SDSC",
		     card.bus_width, card.clock_hz / 1000);
	return 0;
}

/* The card's partitions (docs/storage.md, "The card layout"), said on the console. */
static void read_partitions(void)
{
	const char *why;
	int err = sdmmc_read_blocks(&card, 0, sizeof(table) / SDMMC_BLOCK_SIZE, table);

	if (err) {
		kauri_printf("cannot read the card's partition table: %s\n", sdmmc_strerror(err));
		return;
	}
	if (gpt_read(table, sizeof(table), card.blocks, &gpt, &why)) {
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
		if (sdmmc_read_blocks(&card, lba, 1, block))
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
		return sdmmc_write_blocks(&card, lba, 1, block) ? KAURI_BLOCK_E_IO : KAURI_BLOCK_OK;
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

	(void)envp;
	if (argc < 2) {
		kauri_printf("usage: storage WINDOW-PHYS\n");
		return 2;
	}
	if (bring_up(strtoul(argv[1], NULL, 0)))
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
