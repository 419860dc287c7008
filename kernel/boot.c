/* SPDX-License-Identifier: BSD-2-Clause */
/* Early boot in C: report the board, exception level, device tree and built-in services, then exit. */
#include <stdint.h>
#include <stddef.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <arch/semihosting.h>
#include <drivers/uart.h>
#include <kernel/board.h>
#include <kernel/printk.h>

#define KAURI_VERSION "0.1.0"

#define FDT_MAGIC 0xd00dfeedu

void kernel_main(uint64_t dtb_pa, unsigned int entry_el);

static uint32_t load_be32(const volatile uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The loader's device tree, if x0 points at one: its size, else 0. */
static uint32_t device_tree_size(uint64_t dtb_pa)
{
	const volatile uint8_t *header = phys_to_virt(dtb_pa);

	if (dtb_pa == 0 || (dtb_pa & 7))
		return 0;
	if (load_be32(header) != FDT_MAGIC)
		return 0;
	return load_be32(header + 4);
}

static const char *const built_in_services[] = {
#ifdef CONFIG_MSG_SERVER
	"msg_server",
#endif
#ifdef CONFIG_CHANNELS
	"channels",
#endif
#ifdef CONFIG_CONSOLE_SERVER
	"console",
#endif
#ifdef CONFIG_LOG_SERVER
	"log",
#endif
#ifdef CONFIG_RNG_SERVER
	"rng",
#endif
#ifdef CONFIG_KEY_STORE
	"key_store",
#endif
#ifdef CONFIG_ADMIN
	"admin",
#endif
#ifdef CONFIG_SELF_TEST
	"self_test",
#endif
#ifdef CONFIG_SDMMC
	"sdmmc",
#endif
#ifdef CONFIG_NET
	"net",
#endif
#ifdef CONFIG_TUNNEL
	"tunnel",
#endif
#ifdef CONFIG_VMM
	"vmm",
#endif
	NULL
};

static void print_services(void)
{
	printk("  services: ");
	if (!built_in_services[0])
		printk("(none)");
	for (size_t i = 0; built_in_services[i]; i++)
		printk("%s%s", i ? " " : "", built_in_services[i]);
	printk("\n");
}

void kernel_main(uint64_t dtb_pa, unsigned int entry_el)
{
	unsigned int el = current_el();
	uint32_t dtb_size = device_tree_size(dtb_pa);

	printk("\nKauri %s on %s\n", KAURI_VERSION, board_info.name);
	printk("  board:    %s\n", board_info.description);
	printk("  entered:  EL%u, running at EL%u (%s)\n", entry_el, el,
	       el == 2 ? "hypervisor" : "kernel");
	if (dtb_size)
		printk("  dtb:      0x%lx (%u bytes)\n", (unsigned long)dtb_pa, dtb_size);
	else
		printk("  dtb:      none (x0 = 0x%lx)\n", (unsigned long)dtb_pa);
	printk("  mmu:      on, kernel window at 0x%lx, kernel_main at %p\n",
	       (unsigned long)KERNEL_WINDOW, (void *)kernel_main);
	printk("  uart:     %s at 0x%lx\n", debug_uart_name(), (unsigned long)CONFIG_DEBUG_UART_BASE);
#ifdef CONFIG_GIC_V3
	printk("  gic:      GICv3\n");
#else
	printk("  gic:      GICv2\n");
#endif
	print_services();

#ifdef CONFIG_HYP
	if (el != 2) {
		printk("error: CONFIG_HYP=y needs the kernel entered at EL2, but it was entered at EL%u\n"
		       "  (QEMU: -M virt,virtualization=on; a board: firmware that enters at EL2)\n", entry_el);
		debug_uart_flush();
		platform_exit(1);
	}
#endif
	printk("early boot done: exit 0\n");
	debug_uart_flush();
	platform_exit(0);
}
