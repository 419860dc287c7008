/* SPDX-License-Identifier: BSD-2-Clause */
/* Validation of untrusted DTBs before any other libfdt call touches them. */
#ifndef KAURI_DTB_H
#define KAURI_DTB_H

#include <stddef.h>

/*
 * 0 if dtb is a well-formed version-17 flattened device tree that fits in len bytes, else
 * -KFMT_ETRUNC or -KFMT_EDTB_* (libfdt's finding in kauri_format_error's terms). Older
 * versions are refused before fdt_check_full(): libfdt 1.6.1 dereferences NULL on some corrupt
 * version < 17 trees (found by fuzz_overlay), and dtc has written version 17 for many years.
 * A tag that would not move the walk forward is refused too: fdt_check_full() of libfdt 1.6.1
 * would loop on it for ever (found by fuzz_manifest).
 */
int dtb_check(const void *dtb, size_t len);

#endif
