/* SPDX-License-Identifier: BSD-2-Clause */
/* The controller among a driver's MMIO ranges, and its card brought up (drivers/sdmmc_attach.h). */
#include <stdio.h>
#include <string.h>
#include <drivers/sdhci_mmio.h>
#include <drivers/sdhci_pci.h>
#include <drivers/sdmmc_attach.h>

const char *const sdmmc_mmio_names[] = {
#ifdef CONFIG_SDHCI_PCI
	"pcie_ecam", "pcie_window",
#endif
#ifdef CONFIG_SDHCI_MMIO
	"sdhci",
#endif
#ifdef CONFIG_USDHC
	"usdhc",
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

/* What the caller gives every front end: how time is read (for timeouts), and a DMA buffer or none. */
struct attach_args {
	uint64_t (*ticks)(void);
	uint64_t ticks_per_ms;
	const struct sdhci_dma_buffer *dma;
};

#if defined(CONFIG_SDHCI_PCI) || defined(CONFIG_SDHCI_MMIO)
/* The SDHCI core on registers a front end found at WHERE: 0, or -1 with the reason said. */
static int start_sdhci(struct sdmmc_controller *c, volatile void *regs, const char *where, const struct attach_args *args,
		       bool broken_card_detect, const struct sdhci_dma_buffer *dma)
{
	int err;

	c->sdhci_config = (struct sdhci_config){ .regs = regs, .ticks = args->ticks, .ticks_per_ms = args->ticks_per_ms,
						 .timeout_ms = CONFIG_SDMMC_CMD_TIMEOUT_MS,
						 .broken_card_detect = broken_card_detect, .dma = dma };
	err = sdhci_init(&c->sdhci, &c->sdhci_config);
	if (err) {
		snprintf(c->error, sizeof(c->error), "SDHCI at %s: %s", where, sdmmc_strerror(err));
		return -1;
	}
	snprintf(c->name, sizeof(c->name), "SDHCI %u.00 at %s", c->sdhci.version + 1, where);
	c->host = &c->sdhci.host;
	return 0;
}
#endif

#ifdef CONFIG_SDHCI_PCI
/* QEMU's sdhci-pci on bus 0 of the ECAM: its registers placed at the window's start. 0 or -1. */
static int attach_sdhci_pci(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
			    const struct attach_args *args)
{
	const struct sdmmc_mmio *ecam = sdmmc_mmio_find(mmio, n, "pcie_ecam");
	const struct sdmmc_mmio *window = sdmmc_mmio_find(mmio, n, "pcie_window");
	struct sdhci_pci_config pci;
	struct pci_function fn;
	volatile void *regs;
	char where[16];

	if (!ecam || !window) {
		snprintf(c->error, sizeof(c->error), "no devices pcie_ecam and pcie_window (sdhci-pci's)");
		return -1;
	}
	c->ecam = (struct pci_ecam){ .config = (volatile uint8_t *)ecam->base, .size = ecam->size };
	pci = (struct sdhci_pci_config){ .ecam = &c->ecam, .window = (volatile uint8_t *)window->base,
					 .window_pa = window->phys, .window_size = window->size };
	if (sdhci_pci_probe(&pci, &fn, &regs)) {
		snprintf(c->error, sizeof(c->error),
			 "no SD host controller on PCI bus 0 (class 0805) whose registers fit the window");
		return -1;
	}
	snprintf(where, sizeof(where), "00:%02x.%u", fn.device, fn.function);
	if (start_sdhci(c, regs, where, args, false, args->dma))
		return -1;
	/* Only now, and only when SDMA through the caller's buffer is what the core will do. */
	if (c->sdhci.sdma)
		pci_enable_bus_master(&c->ecam, &fn);
	return 0;
}
#endif

#ifdef CONFIG_SDHCI_MMIO
/* An SDHCI controller at the address of the range "sdhci" (the Raspberry Pi 4's EMMC2). 0 or -1. */
static int attach_sdhci_mmio(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
			     const struct attach_args *args)
{
	const struct sdmmc_mmio *range = sdmmc_mmio_find(mmio, n, "sdhci");
	char where[24];

	snprintf(where, sizeof(where), "0x%llx", (unsigned long long)range->phys);
	if (sdhci_mmio_probe(range->base, range->size)) {
		snprintf(c->error, sizeof(c->error), "no SDHCI controller at %s (device sdhci)", where);
		return -1;
	}
#ifdef CONFIG_SDHCI_MMIO_CARD_DETECT
	return start_sdhci(c, range->base, where, args, false, NULL);
#else
	return start_sdhci(c, range->base, where, args, true, NULL);
#endif
}
#endif

#ifdef CONFIG_USDHC
/* The i.MX uSDHC at the address of the range "usdhc", wired as the board's Kconfig says. 0 or -1. */
static int attach_usdhc(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
			const struct attach_args *args)
{
	const struct sdmmc_mmio *range = sdmmc_mmio_find(mmio, n, "usdhc");
	int err;

	snprintf(c->name, sizeof(c->name), "uSDHC at 0x%llx", (unsigned long long)range->phys);
	c->usdhc_config = (struct usdhc_config){
		.regs = range->base, .root_clock_hz = CONFIG_USDHC_ROOT_CLOCK_HZ,
		.ticks = args->ticks, .ticks_per_ms = args->ticks_per_ms, .timeout_ms = CONFIG_SDMMC_CMD_TIMEOUT_MS,
		.bus_width = CONFIG_USDHC_BUS_WIDTH,
#ifdef CONFIG_USDHC_NON_REMOVABLE
		.non_removable = true,
#endif
	};
	err = usdhc_init(&c->usdhc, &c->usdhc_config);
	if (err) {
		snprintf(c->error, sizeof(c->error), "%s: %s", c->name, sdmmc_strerror(err));
		return -1;
	}
	c->host = &c->usdhc.host;
	return 0;
}
#endif

/* The front ends this build has: the range that says a controller is theirs, and how it is set up. */
static const struct front_end {
	const char *range;
	int (*attach)(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
		      const struct attach_args *args);
} front_ends[] = {
#ifdef CONFIG_SDHCI_PCI
	{ "pcie_ecam", attach_sdhci_pci },
#endif
#ifdef CONFIG_SDHCI_MMIO
	{ "sdhci", attach_sdhci_mmio },
#endif
#ifdef CONFIG_USDHC
	{ "usdhc", attach_usdhc },
#endif
};

/* The first front end whose range the driver was given sets its controller up: 0 or -1. */
static int attach_controller(struct sdmmc_controller *c, const struct sdmmc_mmio *mmio, unsigned int n,
			     const struct attach_args *args)
{
	size_t count = sizeof(front_ends) / sizeof(front_ends[0]);

	for (size_t i = 0; i < count; i++)
		if (sdmmc_mmio_find(mmio, n, front_ends[i].range))
			return front_ends[i].attach(c, mmio, n, args);
	if (count == 0) {
		snprintf(c->error, sizeof(c->error),
			 "this build has no host controller driver (CONFIG_SDHCI_PCI, CONFIG_SDHCI_MMIO, CONFIG_USDHC)");
		return -1;
	}
	snprintf(c->error, sizeof(c->error), "none of the devices the host controller drivers take:");
	for (size_t i = 0; i < count; i++) {
		size_t len = strlen(c->error);

		snprintf(c->error + len, sizeof(c->error) - len, " %s", front_ends[i].range);
	}
	return -1;
}

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
		 uint64_t (*ticks)(void), uint64_t ticks_per_ms, const struct sdhci_dma_buffer *dma)
{
	const struct attach_args args = { ticks, ticks_per_ms, dma };
	char name[SDMMC_CARD_NAME_SIZE], kind[32];
	bool emmc;
	int err;

	memset(c, 0, sizeof(*c));
	if (attach_controller(c, mmio, n, &args))
		return -1;
	err = card_init(&c->card, c->host);
	if (err) {
		snprintf(c->error, sizeof(c->error), "%s: " CARD_SOUGHT ": %s", c->name, sdmmc_strerror(err));
		return -1;
	}
	sdmmc_card_name(&c->card, name);
	emmc = c->card.type == SDMMC_CARD_EMMC;
	if (emmc)
		snprintf(kind, sizeof(kind), "boot 2 x %llu KiB",
			 (unsigned long long)(c->card.boot_blocks * SDMMC_BLOCK_SIZE >> 10));
	else
		snprintf(kind, sizeof(kind), "%s", c->card.high_capacity ? "SDHC" : "SDSC");
	snprintf(c->description, sizeof(c->description), "%s, %s %s: %llu MiB (%s), %u-bit bus at %u kHz, %s",
		 c->name, emmc ? "eMMC" : "SD card", name, (unsigned long long)(c->card.blocks * SDMMC_BLOCK_SIZE >> 20),
		 kind, c->card.bus_width, c->card.clock_hz / 1000, c->host->dma ? "SDMA" : "PIO");
	return 0;
}
