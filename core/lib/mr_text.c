/* SPDX-License-Identifier: BSD-2-Clause */
/* Text carried in message registers (protocol names, console lines): one packing for senders and receivers. */
#include <kauri/lib_error.h>
#include <kauri/syscalls.h>

/* Registers LEN bytes of text take. */
static size_t text_words(size_t len)
{
	return (len + 7) / 8;
}

unsigned int kauri_set_mr_text(unsigned int first, const char *text, size_t len)
{
	unsigned int words = (unsigned int)text_words(len);

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

kauri_word_t kauri_call_text(kauri_cptr_t dest, kauri_word_t label, const char *text, size_t len)
{
	kauri_set_mr(0, len);
	return kauri_call(dest, kauri_msginfo(label, 0, 0, 1 + kauri_set_mr_text(1, text, len)));
}

long kauri_get_text(kauri_word_t info, char *out, size_t max)
{
	kauri_word_t len = kauri_get_mr(0);

	if (len > max || kauri_msginfo_length(info) < 1 + text_words(len))
		return -KAURI_PROTOCOL_BAD_REQUEST;
	kauri_get_mr_text(1, out, len);
	return (long)len;
}

size_t kauri_text_neutralise(char *text, size_t len)
{
	size_t replaced = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			text[i] = '?';
			replaced++;
		}
	}
	return replaced;
}
