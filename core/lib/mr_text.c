/* SPDX-License-Identifier: BSD-2-Clause */
/* Text carried in message registers (protocol names, console lines): one packing for senders and receivers. */
#include <kauri/syscalls.h>

unsigned int kauri_set_mr_text(unsigned int first, const char *text, size_t len)
{
	unsigned int words = (unsigned int)((len + 7) / 8);

	for (unsigned int i = 0; i < words; i++) {
		kauri_word_t w = 0;

		for (size_t b = 0; b < 8 && i * 8 + b < len; b++)
			w |= (kauri_word_t)(unsigned char)text[i * 8 + b] << (8 * b);
		kauri_set_mr(first + i, w);
	}
	return words;
}

void kauri_get_mr_text(unsigned int first, char *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		out[i] = (char)(kauri_get_mr(first + (unsigned int)(i / 8)) >> (8 * (i % 8)));
}
