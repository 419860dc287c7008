/* SPDX-License-Identifier: BSD-2-Clause */
/* Kernel start in C: learn the machine from the device tree, set up memory and interrupts, start the root server. */
#include <stdint.h>
#include <stddef.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <arch/semihosting.h>
#include <kernel/debug_uart.h>
#include <libfdt.h>
#include <arch/context.h>
#include <arch/vspace.h>
#include <kernel/bootmem.h>
#include <kernel/interrupt.h>
#include <kernel/invariants.h>
#include <kernel/rootserver.h>
#include <kernel/thread.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/trace.h>

#define KAURI_VERSION "0.1.0"


void kernel_main(uint64_t dtb_pa, unsigned int entry_el);

extern const uint64_t image_phys_start;
extern char _end[];

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

static void print_platform(void)
{
	for (unsigned int i = 0; i < platform.memory_count; i++)
		printk("  memory:   0x%lx-0x%lx (%lu MiB)\n", (unsigned long)platform.memory[i].base,
		       (unsigned long)(platform.memory[i].base + platform.memory[i].size - 1),
		       (unsigned long)(platform.memory[i].size >> 20));
	for (unsigned int i = 0; i < platform.reserved_count; i++)
		printk("  reserved: 0x%lx-0x%lx\n", (unsigned long)platform.reserved[i].base,
		       (unsigned long)(platform.reserved[i].base + platform.reserved[i].size - 1));
	if (platform.reserved_total > platform.reserved_count)
		printk("  reserved: and %u more regions\n", platform.reserved_total - platform.reserved_count);
	if (platform.gic.version == 2)
		printk("  gic:      GICv2, distributor 0x%lx, cpu interface 0x%lx\n",
		       (unsigned long)platform.gic.dist_base, (unsigned long)platform.gic.cpuif_base);
	if (platform.gic.version == 2 && platform.gic.hyp_base)
		printk("  gic:      virtual interface control 0x%lx, virtual cpu interface 0x%lx\n",
		       (unsigned long)platform.gic.hyp_base, (unsigned long)platform.gic.vcpu_base);
	else if (platform.gic.version == 3)
		printk("  gic:      GICv3, distributor 0x%lx, redistributors 0x%lx\n",
		       (unsigned long)platform.gic.dist_base, (unsigned long)platform.gic.redist_base);
	else
		printk("  gic:      none found in the device tree\n");
	printk("  timer:    %u Hz, irq %u (EL1 physical), %u (EL2)\n", platform.timer.frequency,
	       platform.timer.phys_irq, platform.timer.hyp_irq);
}

static void stop(int status)
{
	debug_uart_flush();
	platform_exit(status);
}

void kernel_main(uint64_t dtb_pa, unsigned int entry_el)
{
	unsigned int el = current_el();

	printk("\nKauri %s on %s\n", KAURI_VERSION, CONFIG_BOARD);
	printk("  board:    %s\n", CONFIG_BOARD_DESCRIPTION);
	printk("  entered:  EL%u, running at EL%u (%s)\n", entry_el, el,
	       el == 2 ? "hypervisor" : "kernel");
	printk("  mmu:      on, kernel window at 0x%lx, kernel_main at %p\n",
	       (unsigned long)KERNEL_WINDOW, (void *)kernel_main);
	printk("  uart:     %s at 0x%lx\n", debug_uart_name(), (unsigned long)CONFIG_DEBUG_UART_BASE);
	print_services();

#ifdef CONFIG_HYP
	if (el != 2) {
		printk("error: CONFIG_HYP=y needs the kernel entered at EL2, but it was entered at EL%u\n"
		       "  (QEMU: -M virt,virtualization=on; a board: firmware that enters at EL2)\n", entry_el);
		stop(1);
	}
#endif
	if (dtb_pa == 0 || (dtb_pa & 7)) {
		printk("error: no device tree (x0 = 0x%lx): boot kauri.img, which QEMU and U-Boot\n"
		       "  pass a DTB to, not kauri.elf\n", (unsigned long)dtb_pa);
		stop(1);
	}
	printk("  dtb:      0x%lx\n", (unsigned long)dtb_pa);
	if (platform_from_device_tree(phys_to_virt(dtb_pa)) != 0)
		stop(1);
	if (platform.model)
		printk("  model:    %s\n", platform.model);
	print_platform();

	bootmem_init(image_phys_start, virt_to_phys(_end), dtb_pa,
		     fdt_totalsize(phys_to_virt(dtb_pa)));
	arch_mmu_init();
	trace_init();
	if (invariants_init(phys_to_virt(dtb_pa)) != 0 || interrupt_init() != 0 || rootserver_create() != 0)
		stop(1);
	printk("kernel: boot done, starting the root server\n");
	schedule();
	arch_return_to_user();
}
