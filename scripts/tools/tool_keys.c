/* SPDX-License-Identifier: BSD-2-Clause */
/* Ed25519 key files: PKCS#8 private keys and SPKI public keys as PEM, as OpenSSL writes them. */
#include "tool_cli.h"
#include "tool_file.h"
#include "tool_keys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/base64.h>
#include <format/ed25519.h>
#include <format/error.h>

/* DER prefixes of an Ed25519 PKCS#8 PrivateKeyInfo and SubjectPublicKeyInfo (RFC 8410). */
static const uint8_t PKCS8_PREFIX[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
};
static const uint8_t SPKI_PREFIX[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};

static int pem_wrap(char out[TOOL_PEM_MAX], const char *label, const uint8_t *der, size_t len)
{
	char b64[BASE64_ENCODED_LEN(64) + 1];
	int n;

	if (len > 64)
		return -EINVAL;
	base64_encode(b64, der, len);
	/* Our DER is at most 48 bytes: its base64 fits on one 64-column line. */
	n = snprintf(out, TOOL_PEM_MAX, "-----BEGIN %s-----\n%s\n-----END %s-----\n", label, b64,
		     label);
	return n > 0 && n < TOOL_PEM_MAX ? 0 : -ENOSPC;
}

int tool_private_key_pem(char out[TOOL_PEM_MAX], const uint8_t seed[32])
{
	uint8_t der[48];
	int ret;

	memcpy(der, PKCS8_PREFIX, sizeof(PKCS8_PREFIX));
	memcpy(der + sizeof(PKCS8_PREFIX), seed, 32);
	ret = pem_wrap(out, "PRIVATE KEY", der, sizeof(der));
	memset(der, 0, sizeof(der));
	return ret;
}

int tool_public_key_pem(char out[TOOL_PEM_MAX], const uint8_t pub[32])
{
	uint8_t der[44];

	memcpy(der, SPKI_PREFIX, sizeof(SPKI_PREFIX));
	memcpy(der + sizeof(SPKI_PREFIX), pub, 32);
	return pem_wrap(out, "PUBLIC KEY", der, sizeof(der));
}

/* Find the base64 body between BEGIN/END lines of label; decode it into der. */
static long pem_unwrap(const char *path, const char *text, const char *label, uint8_t *der,
		       size_t cap)
{
	char begin[64], end[64];
	const char *b, *e;
	long n;

	snprintf(begin, sizeof(begin), "-----BEGIN %s-----", label);
	snprintf(end, sizeof(end), "-----END %s-----", label);
	b = strstr(text, begin);
	if (!b) {
		tool_error("%s: no \"%s\" line: not a PEM %s", path, begin, label);
		return -EINVAL;
	}
	b += strlen(begin);
	e = strstr(b, end);
	if (!e) {
		tool_error("%s: no \"%s\" line after offset %ld", path, end, (long)(b - text));
		return -EINVAL;
	}
	n = base64_decode(der, cap, b, (size_t)(e - b));
	if (n < 0) {
		tool_error("%s: bad base64 in the PEM body at offset %ld", path, (long)(b - text));
		return -EINVAL;
	}
	return n;
}

/*
 * The 32-byte key in the PEM block LABEL of TEXT: DER that is PREFIX and the key, nothing else
 * (WHAT names the expected structure in the error). DER is the caller's 64-byte scratch.
 */
static int unwrap_key(const char *path, const char *text, const char *label, const uint8_t *prefix,
		      size_t prefix_size, const char *what, uint8_t der[64], uint8_t key[32])
{
	long n = pem_unwrap(path, text, label, der, 64);

	if (n < 0)
		return (int)n;
	if ((size_t)n != prefix_size + 32 || memcmp(der, prefix, prefix_size) != 0) {
		tool_error("%s: not %s (%ld DER bytes)", path, what, n);
		return -EINVAL;
	}
	memcpy(key, der + prefix_size, 32);
	return 0;
}

int tool_load_private_key(const char *path, uint8_t seed[32])
{
	uint8_t *text = NULL, der[64];
	size_t len;
	int ret;

	ret = tool_read_file(path, &text, &len);
	if (ret)
		return ret;
	ret = unwrap_key(path, (const char *)text, "PRIVATE KEY", PKCS8_PREFIX, sizeof(PKCS8_PREFIX),
			 "an Ed25519 PKCS#8 private key", der, seed);
	memset(der, 0, sizeof(der));
	if (text)
		memset(text, 0, len);
	free(text);
	return ret;
}

/* The manifest's base64 public-key text; 0 or a negative error. */
static int parse_public_key_b64(const char *text, size_t len, uint8_t pub[32])
{
	uint8_t raw[48];
	long n;

	while (len && (text[len - 1] == '\n' || text[len - 1] == '\r' || text[len - 1] == '\0'))
		len--;
	n = base64_decode(raw, sizeof(raw), text, len);
	if (n != 32)
		return n < 0 ? (int)n : -KFMT_EFORMAT;
	memcpy(pub, raw, 32);
	return ed25519_check_public_key(pub);
}

int tool_load_public_key(const char *path, uint8_t pub[32])
{
	uint8_t *text = NULL, der[64];
	size_t len;
	int ret;

	ret = tool_read_file(path, &text, &len);
	if (ret)
		return ret;
	if (strstr((const char *)text, "-----BEGIN PUBLIC KEY-----")) {
		ret = unwrap_key(path, (const char *)text, "PUBLIC KEY", SPKI_PREFIX, sizeof(SPKI_PREFIX),
				 "an Ed25519 SubjectPublicKeyInfo", der, pub);
		if (ret)
			goto out;
		ret = ed25519_check_public_key(pub);
	} else if (strstr((const char *)text, "-----BEGIN")) {
		tool_error("%s: expected a PUBLIC KEY PEM or a base64 public key line", path);
		ret = -EINVAL;
		goto out;
	} else {
		ret = parse_public_key_b64((const char *)text, len, pub);
	}
	if (ret) {
		tool_error("%s: unusable Ed25519 public key: %s", path, kauri_format_strerror(ret));
		ret = -EINVAL;
	}
out:
	free(text);
	return ret;
}
