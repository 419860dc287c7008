/* SPDX-License-Identifier: BSD-2-Clause */
/* Link map of the image: linked where loaders put an arm64 Image (RAM + text_offset). */

OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

/* Code and read-only data executable, data writable: never both. */
PHDRS
{
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
}

SECTIONS
{
	. = CONFIG_RAM_BASE + CONFIG_KERNEL_TEXT_OFFSET;
	_text = .;
	.text : {
		KEEP(*(.head.text))
		*(.text .text.*)
	} :text
	.rodata : ALIGN(8) {
		*(.rodata .rodata.*)
	} :text
	.data : ALIGN(4096) {
		*(.data .data.*)
	} :data
	_image_load_end = .;
	.bss (NOLOAD) : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data
	_end = .;
	_image_size = _end - _text;

	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*)
	}
}
