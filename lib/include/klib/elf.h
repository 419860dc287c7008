/* SPDX-License-Identifier: BSD-2-Clause */
/* ELF64 (AArch64, little endian) executables: checking and walking their loadable segments. */
#ifndef KLIB_ELF_H
#define KLIB_ELF_H

#include <stddef.h>
#include <stdint.h>

struct elf64_header {
	uint8_t ident[16];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

struct elf64_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

#define ELF_PT_LOAD	1
#define ELF_PF_X	1
#define ELF_PF_W	2
#define ELF_PF_R	4

/* Segments are loaded a 4 KiB page at a time; elf_check wants them page-aligned. */
#define ELF_PAGE_SIZE	4096

/*
 * Checks that IMAGE (SIZE bytes) is an AArch64 ELF64 executable whose loadable
 * segments lie inside the file and below ADDRESS_LIMIT, none both writable and
 * executable, with the entry point in an executable one. Returns NULL if so,
 * else what is wrong.
 */
const char *elf_check(const void *image, size_t size, uint64_t address_limit);

/* The Nth program header of a checked image. */
const struct elf64_phdr *elf_phdr(const void *image, unsigned int n);

/* The KAURI_VM_* rights a loadable segment's pages are mapped with: read, and what its flags add. */
unsigned int elf_segment_rights(const struct elf64_phdr *p);

/*
 * How many bytes of the segment's page at OFFSET (a multiple of
 * ELF_PAGE_SIZE below its memsz) come from the file; the rest are zero.
 */
uint64_t elf_page_filesz(const struct elf64_phdr *p, uint64_t offset);

#endif
