/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Gives every public function of lib/libc a klib_ prefix for the host test
 * build, so the code under test links beside the host's libc without either
 * replacing the other.
 *
 * The Makefile force-includes this file (-include) when it compiles
 * lib/libc/ for the host, so the sources and the kernel's own headers
 * are compiled unchanged but define and declare klib_memcpy and so on. It
 * also derives klib_unrename.h (the matching #undefs) from this list, and
 * fails the build if a host-built klib object defines a global symbol without
 * the prefix: a function added to lib/libc must be added here too.
 */
#define memcpy		klib_memcpy
#define memmove		klib_memmove
#define memset		klib_memset
#define memcmp		klib_memcmp
#define memchr		klib_memchr
#define strlen		klib_strlen
#define strnlen		klib_strnlen
#define strcmp		klib_strcmp
#define strncmp		klib_strncmp
#define strchr		klib_strchr
#define strrchr		klib_strrchr
#define strtoul		klib_strtoul
#define vformat		klib_vformat
#define vsnprintf	klib_vsnprintf
#define snprintf	klib_snprintf
#define sort		klib_sort
#define elf_check	klib_elf_check
#define elf_phdr	klib_elf_phdr
#define elf_segment_rights	klib_elf_segment_rights
#define elf_page_filesz	klib_elf_page_filesz
