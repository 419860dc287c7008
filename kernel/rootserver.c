/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The root server: its VSpace, ELF segments, stack, IPC buffer and BootInfo
 * frame, all from boot memory, then its TCB at the highest priority.
 */
#include <string.h>
#include <arch/context.h>
#include <arch/memory.h>
#include <arch/sysreg.h>
#include <arch/vspace.h>
#include <kauri/bootinfo.h>
#include <kernel/board.h>
#include <kernel/bootmem.h>
#include <kernel/elf.h>
#include <kernel/printk.h>
#include <kernel/rootserver.h>
#include <kernel/thread.h>

/* The root server's ELF, linked into the kernel image by the build (rootserver_blob). */
extern const uint8_t rootserver_elf_start[];
extern const uint8_t rootserver_elf_end[];

#define ROOT_ASID	1

static struct tcb root_tcb;
static struct vspace root_vspace;

static uint64_t alloc_page(void)
{
	return bootmem_alloc(PAGE_SHIFT);
}

/* A fresh zeroed page mapped at VA; returns its kernel address or NULL. */
static void *map_new_page(uint64_t va, unsigned int rights)
{
	uint64_t pa = alloc_page();

	if (!pa || vspace_map_page(&root_vspace, va, pa, rights, alloc_page) != 0)
		return NULL;
	return phys_to_virt(pa);
}

static unsigned int segment_rights(uint32_t flags)
{
	return VM_READ | (flags & ELF_PF_W ? VM_WRITE : 0) | (flags & ELF_PF_X ? VM_EXEC : 0);
}

static int load_segments(const uint8_t *image)
{
	const struct elf64_header *h = (const struct elf64_header *)image;

	for (unsigned int i = 0; i < h->phnum; i++) {
		const struct elf64_phdr *p = elf_phdr(image, i);

		if (p->type != ELF_PT_LOAD)
			continue;
		for (uint64_t off = 0; off < p->memsz; off += PAGE_SIZE) {
			uint8_t *page = map_new_page(p->vaddr + off, segment_rights(p->flags));

			if (!page)
				return -1;
			if (off < p->filesz) {
				uint64_t n = p->filesz - off < PAGE_SIZE ? p->filesz - off : PAGE_SIZE;

				memcpy(page, image + p->offset + off, n);
			}
		}
	}
	/* New code pages: make the instruction side see them. */
	__asm__ volatile("dsb ish; ic iallu; dsb ish; isb");
	return 0;
}

static void copy_string(char *dst, const char *src, size_t size)
{
	size_t i;

	for (i = 0; src[i] && i < size - 1; i++)
		dst[i] = src[i];
	dst[i] = '\0';
}

int rootserver_create(void)
{
	const uint8_t *image = rootserver_elf_start;
	size_t size = (size_t)(rootserver_elf_end - rootserver_elf_start);
	const char *problem = elf_check(image, size, USER_VA_TOP);
	struct kauri_bootinfo *bootinfo;

	if (problem) {
		printk("kernel: root server image: %s\n", problem);
		return -1;
	}
	root_vspace.root = alloc_page();
	root_vspace.asid = ROOT_ASID;
	if (!root_vspace.root || load_segments(image) != 0)
		goto out_of_memory;
	for (unsigned int i = 1; i <= KAURI_ROOT_STACK_PAGES; i++)
		if (!map_new_page(KAURI_ROOT_STACK_TOP - i * PAGE_SIZE, VM_READ | VM_WRITE))
			goto out_of_memory;
	if (!map_new_page(KAURI_ROOT_IPC_BUFFER, VM_READ | VM_WRITE))
		goto out_of_memory;
	bootinfo = map_new_page(KAURI_ROOT_BOOTINFO, VM_READ);
	if (!bootinfo)
		goto out_of_memory;

	bootinfo->magic = KAURI_BOOTINFO_MAGIC;
	bootinfo->version = 1;
	bootinfo->kernel_el = current_el();
	bootinfo->ipc_buffer = KAURI_ROOT_IPC_BUFFER;
	bootinfo->timer_frequency = read_sysreg(cntfrq_el0);
	copy_string(bootinfo->board, board_info.name, sizeof(bootinfo->board));

	root_tcb.vspace = &root_vspace;
	root_tcb.priority = root_tcb.max_priority = CONFIG_NUM_PRIORITIES - 1;
	root_tcb.context.pc = ((const struct elf64_header *)image)->entry;
	root_tcb.context.sp = KAURI_ROOT_STACK_TOP;
	root_tcb.context.spsr = SPSR_EL0T;
	root_tcb.context.x[0] = KAURI_ROOT_BOOTINFO;
	thread_set_name(&root_tcb, "rootserver");
	sched_make_runnable(&root_tcb);
	return 0;

out_of_memory:
	printk("kernel: out of boot memory while building the root server\n");
	return -1;
}
