/* SPDX-License-Identifier: BSD-2-Clause */
/* The vm node's settings and files as the root server mapped them at KAURI_APP_VM (kauri/vm.h). */
#ifndef VMM_VM_INFO_H
#define VMM_VM_INFO_H

#include <stdint.h>
#include <kauri/vm.h>

/*
 * The info page, once checked: its magic, its limits, every string terminated and every file
 * inside the mapping. NULL after printing why not.
 */
const struct kauri_vm_info *vm_info_map(void);

/* The bytes of FILE (one of INFO's), or NULL for a file the vm node does not have. */
uint8_t *vm_file_bytes(const struct kauri_vm_info *info, const struct kauri_vm_file *file);

#endif
