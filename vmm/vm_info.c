/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Checks the vm node's settings before anything is built from them. The root server wrote the
 * page from a manifest it checked; what is checked again here is what the VMM relies on to stay
 * inside its own memory (terminated strings, files inside the mapping), so that a mismatch
 * between the two programs is a clear line and never a crash.
 */
#include <stdbool.h>
#include <string.h>
#include <kauri/app.h>
#include <kauri/debug.h>
#include "vm_info.h"

#define FILE_ALIGN	0x200000ull
/* The files end before the app's IPC buffer and stack, the next thing up in its VSpace. */
#define FILES_LIMIT	(KAURI_APP_IPC_BUFFER - KAURI_APP_VM)
#define RAM_MB_MAX	4096u

static bool terminated(const char *s, size_t size)
{
	return memchr(s, '\0', size) != NULL;
}

/* A file is absent (offset 0) or lies whole, 2 MiB-aligned, after the info page and in the mapping. */
static bool file_fits(const struct kauri_vm_file *f)
{
	if (!f->offset)
		return true;
	return f->offset % FILE_ALIGN == 0 && f->offset < FILES_LIMIT && f->size <= FILES_LIMIT - f->offset;
}

static int check(const struct kauri_vm_info *info)
{
	if (info->magic != KAURI_VM_INFO_MAGIC) {
		kauri_printf("vm: no vm settings at 0x%llx (magic 0x%llx, not KAURIVM1)\n",
			     (unsigned long long)KAURI_APP_VM, (unsigned long long)info->magic);
		return -1;
	}
	if (info->ram_mb == 0 || info->ram_mb % 2 || info->ram_mb > RAM_MB_MAX) {
		kauri_printf("vm: ram_mb %u is not an even number of MiB up to %u\n", info->ram_mb, RAM_MB_MAX);
		return -1;
	}
	if (info->gic_version != 2 && info->gic_version != 3) {
		kauri_printf("vm: GIC version %u: only GICv2 and GICv3 are emulated\n", info->gic_version);
		return -1;
	}
	if (info->ndisks > CONFIG_VMM_MAX_BLK) {
		kauri_printf("vm: %u disks, this VMM takes at most %d (CONFIG_VMM_MAX_BLK)\n", info->ndisks,
			     CONFIG_VMM_MAX_BLK);
		return -1;
	}
	if (!terminated(info->bootargs, sizeof(info->bootargs)) || !terminated(info->net_tx, sizeof(info->net_tx)) ||
	    !terminated(info->net_rx, sizeof(info->net_rx))) {
		kauri_printf("vm: the vm settings hold an unterminated string\n");
		return -1;
	}
	if (!info->kernel.offset || !file_fits(&info->kernel) || !file_fits(&info->initrd)) {
		kauri_printf("vm: the guest's kernel or initrd is not mapped where the vm settings say\n");
		return -1;
	}
	for (unsigned int i = 0; i < info->ndisks; i++) {
		const struct kauri_vm_disk *d = &info->disk[i];
		bool partition = d->partition[0] != '\0';

		/* A partition disk has no file: the VMM opens the partition itself. */
		if (!terminated(d->name, sizeof(d->name)) || !terminated(d->partition, sizeof(d->partition)) ||
		    (partition ? d->file.offset != 0 : !d->file.offset || !file_fits(&d->file))) {
			kauri_printf("vm: disk %u is not mapped where the vm settings say\n", i);
			return -1;
		}
	}
	return 0;
}

const struct kauri_vm_info *vm_info_map(void)
{
	const struct kauri_vm_info *info = (const struct kauri_vm_info *)KAURI_APP_VM;

	return check(info) ? NULL : info;
}

uint8_t *vm_file_bytes(const struct kauri_vm_info *info, const struct kauri_vm_file *file)
{
	return file->offset ? (uint8_t *)info + file->offset : NULL;
}
