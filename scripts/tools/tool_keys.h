/* SPDX-License-Identifier: BSD-2-Clause */
/* Ed25519 key files for the host tools (tool_keys.c). */
#ifndef KAURI_TOOL_KEYS_H
#define KAURI_TOOL_KEYS_H

#include <stdint.h>

/* Ed25519 keys as PEM: PKCS#8 private keys and SPKI public keys, as OpenSSL writes them. */
#define TOOL_PEM_MAX 256
int tool_private_key_pem(char out[TOOL_PEM_MAX], const uint8_t seed[32]);
int tool_public_key_pem(char out[TOOL_PEM_MAX], const uint8_t pub[32]);

/* Load an Ed25519 private key (PKCS#8 PEM). Prints its own error naming the file. */
int tool_load_private_key(const char *path, uint8_t seed[32]);

/* Load a public key: SPKI PEM, or one line of base64 (the manifest's public-key form). */
int tool_load_public_key(const char *path, uint8_t pub[32]);

#endif
