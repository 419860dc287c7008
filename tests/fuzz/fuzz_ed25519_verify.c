/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: ed25519_verify on random keys, signatures and messages, plus a round trip
 * (a key derived from the input signs the message, which must then verify). */
#include <string.h>

#include <format/ed25519.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t pub[32], sig[64];

	if (size < 96)
		return 0;
	/* Random public key + signature: must not crash; accepting is astronomically unlikely. */
	(void)ed25519_verify(data + 32, data + 96, size - 96, data);

	/* Round trip with the first 32 bytes as a seed. */
	if (ed25519_public_key(pub, data) != 0 || ed25519_sign(sig, data + 96, size - 96, data, pub))
		__builtin_trap();
	if (ed25519_verify(sig, data + 96, size - 96, pub) != 0)
		__builtin_trap();
	sig[size % 64] ^= 1;
	if (ed25519_verify(sig, data + 96, size - 96, pub) == 0)
		__builtin_trap();
	return 0;
}
