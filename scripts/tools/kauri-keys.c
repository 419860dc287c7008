/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-keys: generate Ed25519 key pairs (PEM + manifest base64), and sign/verify raw files. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <format/base64.h>
#include <format/ed25519.h>
#include <format/error.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-keys generate [--type device|tunnel|server] [--force] [OUTBASE]\n"
		"       kauri-keys public PRIVATE.pem\n"
		"       kauri-keys sign PRIVATE.pem FILE SIGNATURE\n"
		"       kauri-keys verify PUBLIC FILE SIGNATURE\n"
		"\n"
		"generate  writes OUTBASE.key (PKCS#8 PEM, mode 0600), OUTBASE.pub (SPKI PEM) and\n"
		"          OUTBASE.pub.b64 (the base64 form for kos_options/public-key), and prints\n"
		"          the base64 key. OUTBASE defaults to the key type (\"device\"). Existing\n"
		"          files are never replaced unless --force is given.\n"
		"public    prints the base64 public key of a private key.\n"
		"sign      writes the raw 64-byte Ed25519 signature of FILE.\n"
		"verify    checks a raw 64-byte signature; PUBLIC is SPKI PEM or a base64 line.\n"
		"Exit status: 0 success, 1 failure.\n");
}

static int cmd_generate(int argc, char **argv)
{
	const char *type = "device", *base = NULL;
	char pem_priv[TOOL_PEM_MAX], pem_pub[TOOL_PEM_MAX], b64[BASE64_ENCODED_LEN(32) + 2];
	char *path_key = NULL, *path_pub = NULL, *path_b64 = NULL;
	uint8_t seed[32], pub[32];
	unsigned flags = 0;
	int i, ret = -1;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0) {
			flags |= TOOL_WRITE_FORCE;
		} else if (strcmp(argv[i], "--type") == 0 && i + 1 < argc) {
			type = argv[++i];
			if (strcmp(type, "device") && strcmp(type, "tunnel") && strcmp(type, "server")) {
				tool_error("--type %s: expected device, tunnel or server", type);
				return 1;
			}
		} else if (argv[i][0] == '-' || base) {
			tool_error("generate: unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		} else {
			base = argv[i];
		}
	}
	if (!base)
		base = type;
	if (asprintf(&path_key, "%s.key", base) < 0 || asprintf(&path_pub, "%s.pub", base) < 0 ||
	    asprintf(&path_b64, "%s.pub.b64", base) < 0) {
		tool_error("out of memory");
		goto out;
	}
	/* Check all three first so a refusal leaves no partial key set behind; existence, as
	 * tool_write_file() tests it (a file we may not read exists all the same). */
	if (!(flags & TOOL_WRITE_FORCE)) {
		const char *paths[] = { path_key, path_pub, path_b64 };

		for (i = 0; i < 3; i++) {
			if (access(paths[i], F_OK) == 0) {
				tool_error("%s: already exists (use --force to replace it)", paths[i]);
				goto out;
			}
		}
	}
	if (tool_random(seed, sizeof(seed)) || ed25519_public_key(pub, seed) ||
	    tool_private_key_pem(pem_priv, seed) || tool_public_key_pem(pem_pub, pub)) {
		tool_error("key generation failed");
		goto out;
	}
	base64_encode(b64, pub, sizeof(pub));
	strcat(b64, "\n");
	if (tool_write_file(path_key, pem_priv, strlen(pem_priv), 0600, flags) ||
	    tool_write_file(path_pub, pem_pub, strlen(pem_pub), 0644, flags) ||
	    tool_write_file(path_b64, b64, strlen(b64), 0644, flags))
		goto out;
	printf("%s", b64);
	ret = 0;
out:
	memset(seed, 0, sizeof(seed));
	memset(pem_priv, 0, sizeof(pem_priv));
	free(path_key);
	free(path_pub);
	free(path_b64);
	return ret ? 1 : 0;
}

static int cmd_public(int argc, char **argv)
{
	char b64[BASE64_ENCODED_LEN(32) + 1];
	uint8_t seed[32], pub[32];

	if (argc != 1) {
		tool_error("public: expected one PRIVATE.pem argument");
		return 1;
	}
	if (tool_load_private_key(argv[0], seed))
		return 1;
	if (ed25519_public_key(pub, seed)) {
		tool_error("%s: cannot derive the public key", argv[0]);
		return 1;
	}
	memset(seed, 0, sizeof(seed));
	base64_encode(b64, pub, sizeof(pub));
	printf("%s\n", b64);
	return 0;
}

static int cmd_sign(int argc, char **argv)
{
	uint8_t seed[32], pub[32], sig[64], *data = NULL;
	size_t len;
	int ret = 1;

	if (argc != 3) {
		tool_error("sign: expected PRIVATE.pem FILE SIGNATURE");
		return 1;
	}
	if (tool_load_private_key(argv[0], seed) || tool_read_file(argv[1], &data, &len))
		goto out;
	if (ed25519_public_key(pub, seed) || ed25519_sign(sig, data, len, seed, pub)) {
		tool_error("%s: signing failed", argv[1]);
		goto out;
	}
	if (tool_write_file(argv[2], sig, sizeof(sig), 0644, TOOL_WRITE_FORCE))
		goto out;
	ret = 0;
out:
	memset(seed, 0, sizeof(seed));
	free(data);
	return ret;
}

static int cmd_verify(int argc, char **argv)
{
	uint8_t pub[32], *data = NULL, *sig = NULL;
	size_t len, sig_len;
	int ret = 1, err;

	if (argc != 3) {
		tool_error("verify: expected PUBLIC FILE SIGNATURE");
		return 1;
	}
	if (tool_load_public_key(argv[0], pub) || tool_read_file(argv[1], &data, &len) ||
	    tool_read_file(argv[2], &sig, &sig_len))
		goto out;
	if (sig_len != ED25519_SIGNATURE_LEN) {
		tool_error("%s: a signature is 64 bytes, this file has %zu", argv[2], sig_len);
		goto out;
	}
	err = ed25519_verify(sig, data, len, pub);
	if (err) {
		tool_error("%s: signature over %s rejected: %s", argv[2], argv[1],
			   kauri_format_strerror(err));
		goto out;
	}
	printf("%s: signature OK\n", argv[1]);
	ret = 0;
out:
	free(data);
	free(sig);
	return ret;
}

int main(int argc, char **argv)
{
	int i;

	tool_set_name("kauri-keys");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		}
	}
	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (strcmp(argv[1], "generate") == 0)
		return cmd_generate(argc - 2, argv + 2);
	if (strcmp(argv[1], "public") == 0)
		return cmd_public(argc - 2, argv + 2);
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 2, argv + 2);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 2, argv + 2);
	tool_error("unknown command '%s' (see --help)", argv[1]);
	return 1;
}
