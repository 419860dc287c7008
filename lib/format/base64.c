/* SPDX-License-Identifier: BSD-2-Clause */
/* Base64 encoding and strict decoding without allocation, for host tools and the device. */
#include <format/base64.h>
#include <format/error.h>

static const char ALPHABET[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encode(char *out, const uint8_t *in, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i + 2 < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

		out[o++] = ALPHABET[v >> 18];
		out[o++] = ALPHABET[(v >> 12) & 63];
		out[o++] = ALPHABET[(v >> 6) & 63];
		out[o++] = ALPHABET[v & 63];
	}
	if (i < len) {
		uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0);

		out[o++] = ALPHABET[v >> 18];
		out[o++] = ALPHABET[(v >> 12) & 63];
		out[o++] = i + 1 < len ? ALPHABET[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

static int decode_char(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long base64_decode(uint8_t *out, size_t cap, const char *in, size_t len)
{
	uint32_t acc = 0;
	size_t i, o = 0;
	int nchars = 0, npad = 0, v;

	for (i = 0; i < len; i++) {
		char c = in[i];

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			/* Padding only completes the final quantum. */
			if (nchars < 2)
				return -KFMT_EFORMAT;
			npad++;
			acc <<= 6;
			nchars++;
		} else {
			v = decode_char(c);
			if (v < 0 || npad)
				return -KFMT_EFORMAT;
			acc = (acc << 6) | (uint32_t)v;
			nchars++;
		}
		if (nchars == 4) {
			size_t n = 3 - (size_t)npad;

			if (npad > 2 || o + n > cap)
				return npad > 2 ? -KFMT_EFORMAT : -KFMT_ENOSPC;
			out[o++] = (uint8_t)(acc >> 16);
			if (n > 1)
				out[o++] = (uint8_t)(acc >> 8);
			if (n > 2)
				out[o++] = (uint8_t)acc;
			acc = 0;
			nchars = 0;
			if (npad)
				npad = 4; /* anything after padding is an error */
		}
	}
	if (nchars != 0)
		return -KFMT_EFORMAT;
	return (long)o;
}
