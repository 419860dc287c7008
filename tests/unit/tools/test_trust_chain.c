/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Trust chains (lib/format/trust_chain.c): a manifest signed by the anchor verifies with no
 * chain; one signed by a rotated key only through links the anchor's chain leads to, one rotation
 * or two; a link signed by a key the chain does not lead to is not followed; appended links
 * build the chain the device follows.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <libfdt.h>

#include <format/base64.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/trust_chain.h>

struct key {
	uint8_t seed[32], pub[32];
};

static struct key k1, k2, k3, stranger;
static uint8_t chain[TRUST_CHAIN_MAX_SIZE], chain2[TRUST_CHAIN_MAX_SIZE];

static void make_key(struct key *k, uint8_t n)
{
	memset(k->seed, n, sizeof(k->seed));
	assert_int_equal(ed25519_public_key(k->pub, k->seed), 0);
}

/* A manifest naming NEXT's key, in BUF, signed by SIGNER into SIG. */
static size_t manifest(uint8_t *buf, size_t cap, const struct key *next, const struct key *signer, uint8_t sig[64])
{
	char b64[64];
	int opts;

	assert_int_equal(fdt_create_empty_tree(buf, (int)cap), 0);
	opts = fdt_add_subnode(buf, 0, "kos_options");
	base64_encode(b64, next->pub, 32);
	assert_int_equal(fdt_setprop_string(buf, opts, "public-key", b64), 0);
	fdt_pack(buf);
	assert_int_equal(ed25519_sign(sig, buf, fdt_totalsize(buf), signer->seed, signer->pub), 0);
	return fdt_totalsize(buf);
}

static int setup(void **state)
{
	(void)state;
	make_key(&k1, 1);
	make_key(&k2, 2);
	make_key(&k3, 3);
	make_key(&stranger, 9);
	return 0;
}

static void rotations_followed(void **state)
{
	uint8_t link0[512], link1[512], release[512], sig0[64], sig1[64], sig[64];
	size_t l0 = manifest(link0, sizeof(link0), &k2, &k1, sig0);	/* k1 hands over to k2 */
	size_t l1 = manifest(link1, sizeof(link1), &k3, &k2, sig1);	/* k2 to k3 */
	size_t rel;
	long long n;

	(void)state;
	/* Signed by the anchor: no chain needed. */
	rel = manifest(release, sizeof(release), &k1, &k1, sig);
	assert_int_equal(trust_chain_verify(k1.pub, NULL, 0, release, rel, sig, 64), 0);
	/* Signed by k2: refused alone, accepted through the one link. */
	rel = manifest(release, sizeof(release), &k2, &k2, sig);
	assert_int_equal(trust_chain_verify(k1.pub, NULL, 0, release, rel, sig, 64), -KFMT_EUPG_SIG_INVALID);
	n = trust_chain_append(chain, sizeof(chain), NULL, 0, link0, l0, sig0, 64);
	assert_true(n > 0);
	assert_int_equal(trust_chain_verify(k1.pub, chain, (size_t)n, release, rel, sig, 64), 1);
	/* Signed by k3: two links. */
	rel = manifest(release, sizeof(release), &k3, &k3, sig);
	assert_int_equal(trust_chain_verify(k1.pub, chain, (size_t)n, release, rel, sig, 64), -KFMT_EUPG_SIG_INVALID);
	n = trust_chain_append(chain2, sizeof(chain2), chain, (size_t)n, link1, l1, sig1, 64);
	assert_true(n > 0);
	assert_int_equal(trust_chain_verify(k1.pub, chain2, (size_t)n, release, rel, sig, 64), 2);
	/* Another anchor: the chain leads nowhere from it. */
	assert_true(trust_chain_verify(stranger.pub, chain2, (size_t)n, release, rel, sig, 64) < 0);
}

static void forged_links_not_followed(void **state)
{
	uint8_t link[512], release[512], link_sig[64], sig[64];
	size_t l, rel;
	long long n;

	(void)state;
	/* A link naming the stranger's key, signed by the stranger: not signed by the anchor. */
	l = manifest(link, sizeof(link), &stranger, &stranger, link_sig);
	n = trust_chain_append(chain, sizeof(chain), NULL, 0, link, l, link_sig, 64);
	rel = manifest(release, sizeof(release), &stranger, &stranger, sig);
	assert_true(trust_chain_verify(k1.pub, chain, (size_t)n, release, rel, sig, 64) < 0);
	/* A damaged chain is no chain. */
	l = manifest(link, sizeof(link), &k2, &k1, link_sig);
	n = trust_chain_append(chain, sizeof(chain), NULL, 0, link, l, link_sig, 64);
	rel = manifest(release, sizeof(release), &k2, &k2, sig);
	chain[n - 3] ^= 1;
	assert_true(trust_chain_verify(k1.pub, chain, (size_t)n, release, rel, sig, 64) < 0);
	/* Appending to a damaged chain is refused. */
	assert_int_equal(trust_chain_append(chain2, sizeof(chain2), chain, (size_t)n, link, l, link_sig, 64), -KFMT_EFORMAT);
}

/* A chain takes TRUST_CHAIN_MAX_LINKS links, which fit its area; one more is refused. */
static void chain_bounded(void **state)
{
	uint8_t link[512], sig[64];
	size_t l = manifest(link, sizeof(link), &k2, &k1, sig);
	long long n = 0;

	(void)state;
	for (unsigned int i = 0; i < TRUST_CHAIN_MAX_LINKS; i++) {
		uint8_t *from = i % 2 ? chain2 : chain, *to = i % 2 ? chain : chain2;

		n = trust_chain_append(to, TRUST_CHAIN_MAX_SIZE, i ? from : NULL, i ? (size_t)n : 0, link, l, sig, 64);
		assert_true(n > 0 && n <= TRUST_CHAIN_MAX_SIZE);
	}
	/* The last went into chain when TRUST_CHAIN_MAX_LINKS is even, else chain2. */
	if (TRUST_CHAIN_MAX_LINKS % 2 == 0)
		assert_int_equal(trust_chain_append(chain2, sizeof(chain2), chain, (size_t)n, link, l, sig, 64), -KFMT_ENOSPC);
	else
		assert_int_equal(trust_chain_append(chain, sizeof(chain), chain2, (size_t)n, link, l, sig, 64), -KFMT_ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(rotations_followed, setup),
		cmocka_unit_test_setup(forged_links_not_followed, setup),
		cmocka_unit_test_setup(chain_bounded, setup),
	};

	return cmocka_run_group_tests_name("trust chain", tests, NULL, NULL);
}
