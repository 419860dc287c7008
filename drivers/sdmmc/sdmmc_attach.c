/* SPDX-License-Identifier: BSD-2-Clause */
/* The controller among a driver's MMIO ranges, and its card brought up (drivers/sdmmc_attach.h). */
#include <stdio.h>
#include <string.h>
#include <drivers/sdhci_pci.h>
#include <drivers/sdmmc_attach.h>

const char *const sdmmc_mmio_names[] = {
#ifdef CONFIG_SDHCI
	"pcie_ecam", "pcie_window",
#endif
	NULL
};

const struct sdmmc_mmio *sdmmc_mmio_find(const struct sdmmc_mmio *mmio, unsigned int n, const char *name)
{
	for (unsigned int i = 0; i < n; i++)
		if (strcmp(mmio[i].name, name) == 0)
			return &mmio[i];
	return NULL;
}

#ifdef CONFIG_SDHCI
/* QEMU's sdhci-pci on bus 0 of the ECAM: its registers placed at the window's start. 0 or -1. */
static int attach_sdhci_pci(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
			    char *where, size_t where_len, volatile void **regs)
{
	const struct sdmmc_mmio *ecam = sdmmc_mmio_find(mmio, n, "pcie_ecam");
	const struct sdmmc_mmio *window = sdmmc_mmio_find(mmio, n, "pcie_window");
	struct sdhci_pci_config pci;
	struct pci_function fn;

	if (!ecam || !window) {
		snprintf(c->error, sizeof(c->error), "no devices pcie_ecam and pcie_window (sdhci-pci's)");
		return -1;
	}
	c->ecam = (struct pci_ecam){ .config = (volatile uint8_t *)ecam->base, .size = ecam->size };
	pci = (struct sdhci_pci_config){ .ecam = &c->ecam, .window = (volatile uint8_t *)window->base,
					 .window_pa = window->phys, .window_size = window->size };
	if (sdhci_pci_probe(&pci, &fn, regs)) {
		snprintf(c->error, sizeof(c->error),
			 "no SD host controller on PCI bus 0 (class 0805) whose registers fit the window");
		return -1;
	}
	snprintf(where, where_len, "00:%02x.%u", fn.device, fn.function);
	return 0;
}
#endif

#ifdef CONFIG_SDMMC_EMMC
#define CARD_SOUGHT	"SD card or eMMC"
#else
#define CARD_SOUGHT	"SD card"
#endif

/* The card in the slot: an SD card, or with CONFIG_SDMMC_EMMC an eMMC when no SD card answers. */
static int card_init(struct sdmmc_card *card, struct sdmmc_host *host)
{
#ifdef CONFIG_SDMMC_EMMC
	return sdmmc_card_init(card, host);
#else
	return sdmmc_sd_init(card, host);
#endif
}

int sdmmc_attach(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
		 uint64_t (*ticks)(void), uint64_t ticks_per_ms)
{
	volatile void *regs;
	char where[16], name[SDMMC_CARD_NAME_SIZE], kind[32];
	bool emmc;
	int err;

	memset(c, 0, sizeof(*c));
#ifdef CONFIG_SDHCI
	if (attach_sdhci_pci(c, mmio, n, where, sizeof(where), &regs))
		return -1;
#else
	snprintf(c->error, sizeof(c->error), "this build has no host controller driver (CONFIG_SDHCI)");
	return -1;
#endif
	c->sdhci_config = (struct sdhci_config){ .regs = regs, .ticks = ticks, .ticks_per_ms = ticks_per_ms,
						 .timeout_ms = CONFIG_SDMMC_CMD_TIMEOUT_MS };
	err = sdhci_init(&c->sdhci, &c->sdhci_config);
	if (err) {
		snprintf(c->error, sizeof(c->error), "SDHCI at %s: %s", where, sdmmc_strerror(err));
		return -1;
	}
	err = card_init(&c->card, &c->sdhci.host);
	if (err) {
		snprintf(c->error, sizeof(c->error), "SDHCI %u.00 at %s: " CARD_SOUGHT ": %s", c->sdhci.version + 1, where,
			 sdmmc_strerror(err));
		return -1;
	}
	sdmmc_card_name(&c->card, name);
	emmc = c->card.type == SDMMC_CARD_EMMC;
	if (emmc)
		snprintf(kind, sizeof(kind), "boot 2 x %llu KiB",
			 (unsigned long long)(c->card.boot_blocks * SDMMC_BLOCK_SIZE >> 10));
	else
		snprintf(kind, sizeof(kind), "%s", c->card.high_capacity ? "SDHC" : "SDSC");
	snprintf(c->description, sizeof(c->description), "SDHCI %u.00 at %s, %s %s: %llu MiB (%s), %u-bit bus at %u kHz, PIO",
		 c->sdhci.version + 1, where, emmc ? "eMMC" : "SD card", name,
		 (unsigned long long)(c->card.blocks * SDMMC_BLOCK_SIZE >> 20), kind, c->card.bus_width,
		 c->card.clock_hz / 1000);
	return 0;
}
