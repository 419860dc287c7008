/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ELF64 executables for the kernel and root server: everything is validated
 * before anything is loaded, then both load segments the same way.
 */
#include <uapi/kauri/invocation.h>
#include <klib/elf.h>

#define ELF_CLASS64		2
#define ELF_DATA_LSB		1
#define ELF_VERSION_CURRENT	1
#define ELF_TYPE_EXEC		2
#define ELF_MACHINE_AARCH64	183

const struct elf64_phdr *elf_phdr(const void *image, unsigned int n)
{
	const struct elf64_header *h = image;

	return (const struct elf64_phdr *)((const uint8_t *)image + h->phoff + (uint64_t)n * h->phentsize);
}

const char *elf_check(const void *image, size_t size, uint64_t address_limit)
{
	const struct elf64_header *h = image;
	const uint8_t *id = h->ident;
	int entry_ok = 0;

	if (size < sizeof(*h) || id[0] != 0x7f || id[1] != 'E' || id[2] != 'L' || id[3] != 'F')
		return "not an ELF file";
	if (id[4] != ELF_CLASS64 || id[5] != ELF_DATA_LSB || id[6] != ELF_VERSION_CURRENT)
		return "not a little-endian ELF64 file";
	if (h->type != ELF_TYPE_EXEC || h->machine != ELF_MACHINE_AARCH64)
		return "not an AArch64 executable";
	if (h->phentsize != sizeof(struct elf64_phdr) || h->phnum == 0)
		return "no program headers";
	if (h->phoff > size || (uint64_t)h->phnum * h->phentsize > size - h->phoff)
		return "program headers outside the file";
	for (unsigned int i = 0; i < h->phnum; i++) {
		const struct elf64_phdr *p = elf_phdr(image, i);

		if (p->type != ELF_PT_LOAD)
			continue;
		if (p->offset > size || p->filesz > size - p->offset)
			return "segment data outside the file";
		if (p->vaddr & (ELF_PAGE_SIZE - 1))
			return "segment not page-aligned (link with the user linker script)";
		if (p->filesz > p->memsz)
			return "segment file size exceeds its memory size";
		if (p->vaddr >= address_limit || p->memsz > address_limit - p->vaddr)
			return "segment outside the user address space";
		if ((p->flags & ELF_PF_W) && (p->flags & ELF_PF_X))
			return "segment both writable and executable";
		if ((p->flags & ELF_PF_X) && h->entry >= p->vaddr && h->entry < p->vaddr + p->memsz)
			entry_ok = 1;
	}
	if (!entry_ok)
		return "entry point not in an executable segment";
	return NULL;
}

unsigned int elf_segment_rights(const struct elf64_phdr *p)
{
	return KAURI_VM_READ | (p->flags & ELF_PF_W ? KAURI_VM_WRITE : 0) | (p->flags & ELF_PF_X ? KAURI_VM_EXEC : 0);
}

uint64_t elf_page_filesz(const struct elf64_phdr *p, uint64_t offset)
{
	if (offset >= p->filesz)
		return 0;
	return p->filesz - offset < ELF_PAGE_SIZE ? p->filesz - offset : ELF_PAGE_SIZE;
}
