/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server: its CNode, TCB, VSpace, ELF segments, stack, IPC buffer and
 * BootInfo frame, all from boot memory; then every free byte of RAM (and the
 * device memory the kernel does not use) as untyped capabilities in its CNode.
 */
#include <string.h>
#include <arch/context.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>
#include <uapi/kauri/bootinfo.h>
#include <uapi/kauri/types.h>
#include <drivers/timer.h>
#include <kernel/bootmem.h>
#include <kernel/cspace.h>
#include <kernel/interrupt.h>
#include <kernel/invariants.h>
#include <klib/elf.h>
#include <klib/printf.h>
#include <kernel/platform.h>
#include <kernel/printk.h>
#include <kernel/rootserver.h>
#include <kernel/thread.h>
#include <kernel/vspace_object.h>

/* The root server's ELF, linked into the kernel image by the build (rootserver_blob). */
extern const uint8_t rootserver_elf_start[];
extern const uint8_t rootserver_elf_end[];
/* The bootfs image the build made (bootfs_blob.o), page-aligned in the kernel's read-only data. */
extern const uint8_t bootfs_start[];
extern const uint8_t bootfs_end[];

#define ROOT_CNODE_RADIX	12
#define MAX_UNTYPED		(CONFIG_MAX_UNTYPED_OBJECTS < KAURI_BOOTINFO_MAX_UNTYPED ? \
				 CONFIG_MAX_UNTYPED_OBJECTS : KAURI_BOOTINFO_MAX_UNTYPED)

static struct vspace root_vspace;
static struct cap root_cnode;
static struct kauri_bootinfo *bootinfo;
_Static_assert(sizeof(struct kauri_bootinfo) <= PAGE_SIZE, "the boot information fills one read-only page");
static uint64_t next_free_slot = KAURI_NUM_INITIAL_CAPS;

static uint64_t alloc_page(void)
{
	return bootmem_alloc(PAGE_SHIFT);
}

/* A fresh zeroed page mapped at VA; returns its physical address or 0. */
static uint64_t map_new_page(uint64_t va, unsigned int rights)
{
	uint64_t pa = alloc_page();

	if (!pa || vspace_map_page(&root_vspace, va, pa, rights, alloc_page) != 0)
		return 0;
	return pa;
}

static int load_segments(const uint8_t *image)
{
	const struct elf64_header *h = (const struct elf64_header *)image;

	for (unsigned int i = 0; i < h->phnum; i++) {
		const struct elf64_phdr *p = elf_phdr(image, i);

		if (p->type != ELF_PT_LOAD)
			continue;
		for (uint64_t off = 0; off < p->memsz; off += PAGE_SIZE) {
			uint64_t pa = map_new_page(p->vaddr + off, elf_segment_rights(p));

			if (!pa)
				return -1;
			memcpy(phys_to_virt(pa), image + p->offset + off, elf_page_filesz(p, off));
		}
	}
	/* New code pages: make the instruction side see them. */
	__asm__ volatile("dsb ish; ic iallu; dsb ish; isb");
	return 0;
}

/* Puts an original capability (no parent) into root CNode slot INDEX. */
static struct cte *place(uint64_t index, struct cap c)
{
	struct cte *slot = cnode_slot(root_cnode, index);

	cdt_insert_original(slot, c);
	if (cap_type(c) == CAP_UNTYPED)
		invariants_boot_untyped(cap_object_pa(c), cap_object_size(c));
	else if (cap_object_size(c))
		invariants_boot_object(c);
	return slot;
}

static void add_untyped(uint64_t pa, unsigned int size_bits, bool device)
{
	unsigned int n = (unsigned int)(next_free_slot - bootinfo->untyped.start);

	if (n >= MAX_UNTYPED || next_free_slot >= (1UL << ROOT_CNODE_RADIX) || pa + (1UL << size_bits) > CAP_PA_LIMIT)
		return;
	place(next_free_slot++, cap_untyped(pa, size_bits, device, 0));
	bootinfo->untyped_list[n] = (struct kauri_untyped_desc){ .paddr = pa, .size_bits = (uint8_t)size_bits,
								 .is_device = device };
}

/* Splits [base, end) into naturally aligned power-of-two untypeds. */
static void add_untyped_range(uint64_t base, uint64_t end, bool device)
{
	while (base < end && end - base >= (1UL << KAURI_MIN_UNTYPED_BITS)) {
		unsigned int bits = base ? (unsigned int)__builtin_ctzl(base) : 63;

		while (bits > KAURI_MAX_UNTYPED_BITS || (1UL << bits) > end - base)
			bits--;
		if (bits < KAURI_MIN_UNTYPED_BITS)
			break;
		add_untyped(base, bits, device);
		base += 1UL << bits;
	}
}

/* The end of the physical address space: ID_AA64MMFR0_EL1.PARange, at most 48 bits. */
static uint64_t physical_limit(void)
{
	static const uint8_t bits[] = { 32, 36, 40, 42, 44, 48 };
	uint64_t range = read_sysreg(id_aa64mmfr0_el1) & 0xf;

	return 1UL << (range < sizeof(bits) ? bits[range] : 48);
}

/*
 * Device memory: the physical address space outside RAM (below it, between its banks and above
 * it, where a PCIe bridge's ECAM and windows may be) except the pages the kernel drives itself.
 * With a console server the debug UART is user space's too: the kernel keeps writing its own
 * (rare, after boot) lines to it, whole, as it always did. Only the manifest's resources/devices
 * ranges reach an app.
 */
static void add_device_untypeds(void)
{
	struct mem_region excluded[PLATFORM_MAX_MEMORY + 4] = {
#ifndef CONFIG_CONSOLE_SERVER
		{ CONFIG_DEBUG_UART_BASE & ~(PAGE_SIZE - 1), PAGE_SIZE },
#endif
		{ platform.gic.dist_base, platform.gic.dist_size },
		{ platform.gic.version == 3 ? platform.gic.redist_base : platform.gic.cpuif_base,
		  platform.gic.version == 3 ? platform.gic.redist_size : platform.gic.cpuif_size },
		{ platform.gic.hyp_base, platform.gic.hyp_size },	/* GICH: guests' list registers */
	};
	uint64_t limit = physical_limit(), cursor = 0;

	for (unsigned int i = 0; i < platform.memory_count; i++)
		excluded[4 + i] = platform.memory[i];
	/* Walk [0, limit), skipping each excluded range (the lowest one left, each pass). */
	while (cursor < limit) {
		uint64_t next_start = limit, next_end = limit;

		for (unsigned int i = 0; i < sizeof(excluded) / sizeof(excluded[0]); i++) {
			uint64_t s = excluded[i].base & ~(PAGE_SIZE - 1);
			uint64_t e = (excluded[i].base + excluded[i].size + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

			if (excluded[i].size && e > cursor && s < next_start) {
				next_start = s > cursor ? s : cursor;
				next_end = e;
			}
		}
		add_untyped_range(cursor, next_start, true);
		cursor = next_end > next_start ? next_end : next_start;
	}
}

/*
 * The bootfs again as read-only 2 MiB frame capabilities (the build aligns its blob to 2 MiB at
 * both ends, so they hold nothing else), which the root server can map into an app to share a
 * large entry instead of copying it. Read-only: no capability derived from them can write.
 */
static void add_bootfs_frames(void)
{
	uint64_t pa = virt_to_phys(bootfs_start), size = (uint64_t)(bootfs_end - bootfs_start);

	bootinfo->bootfs_frames.start = next_free_slot;
	if (size && !(pa & ((1UL << KAURI_FRAME_2M_SIZE_BITS) - 1)))
		for (uint64_t off = 0; off < size; off += 1UL << KAURI_FRAME_2M_SIZE_BITS)
			place(next_free_slot++, cap_frame(pa + off, true, VM_READ, false));
	bootinfo->bootfs_frames.end = next_free_slot;
}

static int create_objects(struct tcb **tcb_out)
{
	uint64_t cnode_pa = bootmem_alloc(ROOT_CNODE_RADIX + KAURI_SLOT_SIZE_BITS);
	uint64_t tcb_pa = bootmem_alloc(KAURI_TCB_SIZE_BITS);
	uint64_t pool_pa = bootmem_alloc(KAURI_ASID_POOL_SIZE_BITS);
	uint64_t ipc_pa, bootinfo_pa;
	struct tcb *tcb;

	root_vspace.root = alloc_page();
	root_vspace.asid = ROOT_ASID;
	if (!cnode_pa || !tcb_pa || !pool_pa || !root_vspace.root)
		return -1;
	root_cnode = cap_cnode(cnode_pa, ROOT_CNODE_RADIX, 0, CPTR_BITS - ROOT_CNODE_RADIX);
	tcb = phys_to_virt(tcb_pa);

	for (unsigned int i = 1; i <= KAURI_ROOT_STACK_PAGES; i++)
		if (!map_new_page(KAURI_ROOT_STACK_TOP - i * PAGE_SIZE, VM_READ | VM_WRITE))
			return -1;
	ipc_pa = map_new_page(KAURI_ROOT_IPC_BUFFER, VM_READ | VM_WRITE);
	bootinfo_pa = map_new_page(KAURI_ROOT_BOOTINFO, VM_READ);
	if (!ipc_pa || !bootinfo_pa)
		return -1;
	bootinfo = phys_to_virt(bootinfo_pa);
	/* The bootfs pages, read-only, at a fixed address. */
	for (uint64_t off = 0; off < (uint64_t)(bootfs_end - bootfs_start); off += PAGE_SIZE)
		if (vspace_map_page(&root_vspace, KAURI_ROOT_BOOTFS + off, virt_to_phys(bootfs_start) + off, VM_READ,
				    alloc_page) != 0)
			return -1;
	asid_boot(pool_pa, root_vspace.root);

	place(KAURI_CAP_INIT_TCB, cap_tcb(tcb_pa));
	place(KAURI_CAP_INIT_CNODE, root_cnode);
	place(KAURI_CAP_INIT_VSPACE, cap_vspace(root_vspace.root, true, ROOT_ASID));
	place(KAURI_CAP_IRQ_CONTROL, cap_irq_control());
	place(KAURI_CAP_ASID_CONTROL, cap_asid_control());
	place(KAURI_CAP_INIT_ASID_POOL, cap_asid_pool(pool_pa, 0));
	place(KAURI_CAP_MACHINE, cap_machine());
	place(KAURI_CAP_IPC_BUFFER, cap_set_mapping(cap_frame(ipc_pa, false, VM_READ | VM_WRITE, false), true,
						    KAURI_ROOT_IPC_BUFFER, ROOT_ASID, 0));
	place(KAURI_CAP_BOOTINFO_FRAME, cap_set_mapping(cap_frame(bootinfo_pa, false, VM_READ, false), true,
							KAURI_ROOT_BOOTINFO, ROOT_ASID, 0));

	/* The TCB's own slots hold copies of its CNode, VSpace and IPC buffer caps. */
	cte_insert(cnode_slot(root_cnode, KAURI_CAP_INIT_CNODE), &tcb->slots[TCB_SLOT_CSPACE], root_cnode);
	cte_insert(cnode_slot(root_cnode, KAURI_CAP_INIT_VSPACE), &tcb->slots[TCB_SLOT_VSPACE],
		   cnode_slot(root_cnode, KAURI_CAP_INIT_VSPACE)->cap);
	cte_insert(cnode_slot(root_cnode, KAURI_CAP_IPC_BUFFER), &tcb->slots[TCB_SLOT_IPC_BUFFER],
		   cnode_slot(root_cnode, KAURI_CAP_IPC_BUFFER)->cap);
	*tcb_out = tcb;
	return 0;
}

int rootserver_create(void)
{
	const uint8_t *image = rootserver_elf_start;
	size_t size = (size_t)(rootserver_elf_end - rootserver_elf_start);
	const char *problem = elf_check(image, size, USER_VA_TOP);
	const struct mem_region *free;
	unsigned int free_count;
	struct tcb *tcb;

	if (problem) {
		printk("kernel: root server image: %s\n", problem);
		return -1;
	}
	if (create_objects(&tcb) != 0 || load_segments(image) != 0) {
		printk("kernel: out of boot memory while building the root server\n");
		return -1;
	}

	bootinfo->magic = KAURI_BOOTINFO_MAGIC;
	bootinfo->version = 1;
	bootinfo->kernel_el = current_el();
	bootinfo->ipc_buffer = KAURI_ROOT_IPC_BUFFER;
	bootinfo->timer_frequency = platform.timer.frequency;
	snprintf(bootinfo->board, sizeof(bootinfo->board), "%s", CONFIG_BOARD);
	bootinfo->cnode_radix = ROOT_CNODE_RADIX;
	bootinfo->num_priorities = CONFIG_NUM_PRIORITIES;
	bootinfo->kernel_timer_irq = timer_irq();
	bootinfo->irq_lines = irq_line_count();
	bootinfo->user_va_bits = USER_VA_BITS;
	bootinfo->gic_version = platform.gic.version;
	bootinfo->gic_vcpu_base = platform.gic.vcpu_base;
	/* ID_AA64ISAR0_EL1.SHA2, bits 15:12: 1 or more means the SHA-256 instructions exist. */
	if ((read_sysreg(id_aa64isar0_el1) >> 12 & 0xf) >= 1)
		bootinfo->hwcaps |= KAURI_HWCAP_SHA2;
	bootinfo->bootfs_size = (uint64_t)(bootfs_end - bootfs_start);
	bootinfo->bootfs = bootinfo->bootfs_size ? KAURI_ROOT_BOOTFS : 0;

	/* Everything left in boot memory becomes untyped, then the device ranges. */
	bootinfo->untyped.start = next_free_slot;
	free_count = bootmem_free_regions(&free);
	for (unsigned int i = 0; i < free_count; i++)
		add_untyped_range(free[i].base, free[i].base + free[i].size, false);
	add_device_untypeds();
	bootinfo->untyped.end = next_free_slot;
	add_bootfs_frames();
	bootinfo->empty.start = next_free_slot;
	bootinfo->empty.end = 1UL << ROOT_CNODE_RADIX;

	tcb->ipc_buffer = KAURI_ROOT_IPC_BUFFER;
	tcb->priority = tcb->max_priority = CONFIG_NUM_PRIORITIES - 1;
	tcb->context.pc = ((const struct elf64_header *)image)->entry;
	tcb->context.sp = KAURI_ROOT_STACK_TOP;
	tcb->context.spsr = SPSR_EL0T;
	tcb->context.x[0] = KAURI_ROOT_BOOTINFO;
	tcb->context.tpidr = KAURI_ROOT_IPC_BUFFER;	/* libkauri finds its IPC buffer there */
	thread_set_name(tcb, "rootserver");
	sched_make_runnable(tcb);
	printk("kernel: root server: %lu untyped capabilities, slots %lu-%lu free\n",
	       (unsigned long)(bootinfo->untyped.end - bootinfo->untyped.start),
	       (unsigned long)bootinfo->empty.start, (unsigned long)bootinfo->empty.end - 1);
	return 0;
}
