/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Link map of the image. It is loaded where loaders put an arm64 Image (RAM +
 * text_offset): the boot stage runs there, at its physical address; the
 * kernel proper is linked in the kernel window (KERNEL_WINDOW + physical).
 */
#include <arch/memory.h>

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

/* Code and read-only data executable, data writable: never both. */
PHDRS
{
	boot PT_LOAD FLAGS(5);
	bootdata PT_LOAD FLAGS(6);
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = CONFIG_RAM_BASE + CONFIG_KERNEL_TEXT_OFFSET;
	_text = .;
	.boot.text : {
		KEEP(*(.head.text))
		*(.boot.text)
	} :boot
	.boot.bss (NOLOAD) : ALIGN(4096) {
		*(.boot.bss)
	} :bootdata
	. = ALIGN(4096);
	_kernel_pa = .;

	.text (KERNEL_WINDOW + _kernel_pa) : AT(_kernel_pa) {
		*(.text .text.*)
	} :text
	.rodata : ALIGN(8) {
		*(.rodata .rodata.*)
	} :text
	.data : ALIGN(4096) {
		*(.data .data.*)
	} :data
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data
	_end = .;
	_image_size = (_end - KERNEL_WINDOW) - _text;

	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*)
	}
}
