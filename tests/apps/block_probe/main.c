/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_probe: a client of kos_block_protocol for tests/system/storage-test.sh. On a card whose
 * block 0 does not hold its mark it writes MIB MiB of pseudo-random blocks from block 1 (each
 * block's bytes a function of SEED and its number), then the mark, and reads them all back; on a
 * card that has the mark (the next boot) it only reads them back. Either way it says whether
 * every block came back equal, and that a block past the card's end is refused.
 * "block_probe refused": an app whose manifest entry does not connect to the protocol, which
 * must be refused.
 * Usage: block_probe SEED MIB | block_probe refused
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <kauri/block.h>
#include <kauri/counter.h>
#include <kauri/debug.h>
#include <kauri/protocol.h>

#define MARK	"block_probe mark"

static uint8_t block[KAURI_BLOCK_SIZE], expected[KAURI_BLOCK_SIZE];

/* Block LBA's bytes for SEED: xorshift64 from a start both depend on. */
static void fill(uint8_t *b, uint64_t seed, uint64_t lba)
{
	uint64_t x = seed * 0x9e3779b97f4a7c15ull ^ (lba + 1) * 0xbf58476d1ce4e5b9ull;

	for (unsigned int i = 0; i < KAURI_BLOCK_SIZE; i += 8) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		memcpy(b + i, &x, 8);
	}
}

static void mark(uint8_t *b, uint64_t seed, uint64_t blocks)
{
	memset(b, 0, KAURI_BLOCK_SIZE);
	memcpy(b, MARK, sizeof(MARK));
	memcpy(b + 32, &seed, 8);
	memcpy(b + 40, &blocks, 8);
}

/* Milliseconds since START on the counter. */
static unsigned long long ms_since(uint64_t start)
{
	uint64_t hz;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	return (unsigned long long)((kauri_counter() - start) / (hz / 1000 ? hz / 1000 : 1));
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_block_info info;
	uint64_t seed, blocks, bad = 0, start;
	long ep, err;
	bool written = false;

	(void)envp;
	if (argc == 2 && strcmp(argv[1], "refused") == 0) {
		ep = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL);
		kauri_printf("%s without the manifest's connects: %s\n", KAURI_BLOCK_PROTOCOL,
			     ep < 0 ? kauri_lib_strerror(ep) : "CONNECTED");
		return ep < 0 ? 0 : 1;
	}
	if (argc < 3) {
		kauri_printf("usage: block_probe SEED MIB\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	blocks = strtoul(argv[2], NULL, 0) * (1024 * 1024 / KAURI_BLOCK_SIZE);
	ep = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL);
	if (ep < 0) {
		kauri_printf("cannot connect to %s: %s\n", KAURI_BLOCK_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	err = kauri_block_info((kauri_cptr_t)ep, &info);
	if (err || info.block_size != KAURI_BLOCK_SIZE || info.blocks < blocks + 1) {
		kauri_printf("block device: %s, %llu blocks of %u bytes: too small for %llu\n", kauri_block_strerror(err),
			     (unsigned long long)info.blocks, info.block_size, (unsigned long long)blocks + 1);
		return 1;
	}
	kauri_printf("block device: %llu blocks of %u bytes\n", (unsigned long long)info.blocks, info.block_size);
	mark(expected, seed, blocks);
	err = kauri_block_read((kauri_cptr_t)ep, 0, block);
	start = kauri_counter();
	if (!err && memcmp(block, expected, KAURI_BLOCK_SIZE) != 0) {
		for (uint64_t lba = 1; lba <= blocks && !err; lba++) {
			fill(block, seed, lba);
			err = kauri_block_write((kauri_cptr_t)ep, lba, block);
		}
		if (!err)
			err = kauri_block_write((kauri_cptr_t)ep, 0, expected);
		if (!err)
			err = kauri_block_flush((kauri_cptr_t)ep);
		if (err) {
			kauri_printf("write failed: %s\n", kauri_block_strerror(err));
			return 1;
		}
		written = true;
		kauri_printf("wrote %llu blocks (seed %llu) and the mark in %llu ms\n", (unsigned long long)blocks,
			     (unsigned long long)seed, ms_since(start));
	} else if (!err) {
		kauri_printf("the card has the mark of %llu blocks (seed %llu): reading them back only\n",
			     (unsigned long long)blocks, (unsigned long long)seed);
	}
	start = kauri_counter();
	for (uint64_t lba = 1; lba <= blocks && !err; lba++) {
		err = kauri_block_read((kauri_cptr_t)ep, lba, block);
		fill(expected, seed, lba);
		/* The first block that differs says enough: the rest are not read. */
		if (!err && memcmp(block, expected, KAURI_BLOCK_SIZE) != 0) {
			kauri_printf("block %llu differs\n", (unsigned long long)lba);
			bad++;
			break;
		}
	}
	if (err) {
		kauri_printf("read failed: %s\n", kauri_block_strerror(err));
		return 1;
	}
	if (!bad)
		kauri_printf("read %llu blocks back in %llu ms: all equal\n", (unsigned long long)blocks, ms_since(start));
	err = kauri_block_read((kauri_cptr_t)ep, info.blocks, block);
	kauri_printf("block %llu (past the end): %s\n", (unsigned long long)info.blocks, kauri_block_strerror(err));
	kauri_printf("%s\n", !bad && err == -KAURI_BLOCK_E_RANGE ? (written ? "done: written and read back"
									  : "done: read back") : "FAILED");
	return !bad && err == -KAURI_BLOCK_E_RANGE ? 0 : 1;
}
