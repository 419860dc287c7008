/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kos_keystore_protocol: the key_store app. For now a stub: no keys are
 * provisioned, and every request, whatever its label and registers, is answered
 * with label KAURI_KEYSTORE_NOT_PROVISIONED and length 0. The labels of real
 * requests (sign, public key) come with provisioning.
 */
#ifndef KAURI_KEYSTORE_H
#define KAURI_KEYSTORE_H

#include <kauri/lib_error.h>

#define KAURI_KEYSTORE_PROTOCOL		"kos_keystore_protocol"

#endif
