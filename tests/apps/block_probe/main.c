/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_probe: a client of kos_block_protocol for tests/system/storage-test.sh, on the card's
 * "data" partition. When the partition's block 0 does not hold its mark it writes MIB MiB of
 * pseudo-random blocks from block 1 (each block's bytes a function of SEED and its number), then
 * the mark, and reads them all back; when it has the mark (the next boot) it only reads them
 * back. Either way it says whether every block came back equal (stopping at the first that does
 * not), and that a block past the partition's end is refused.
 * "block_probe refused": an app whose manifest entry does not connect to the protocol, which
 * must be refused. "block_probe reader": an app given READ on "data" alone, which must be
 * refused writing it, opening another partition, using a handle it did not open, and asking
 * the root server for partition rights (the storage server's question).
 * Usage: block_probe SEED MIB | block_probe refused | block_probe reader
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
	uint64_t hz = kauri_counter_frequency();

	return (unsigned long long)((kauri_counter() - start) / (hz / 1000 ? hz / 1000 : 1));
}

/* READ on "data" alone: reading works; writing, another partition and a handle not opened do not. */
static int reader(void)
{
	struct kauri_block_partition data, other, forged;
	long ep = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL), err, wrote, other_err, forged_err, missing, asked;

	if (ep < 0) {
		kauri_printf("cannot connect to %s: %s\n", KAURI_BLOCK_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	err = kauri_block_open((kauri_cptr_t)ep, "data", &data);
	if (!err)
		err = kauri_block_read((kauri_cptr_t)ep, &data, 0, block);
	kauri_printf("data, READ only: open and read: %s\n", kauri_block_strerror(err));
	wrote = kauri_block_write((kauri_cptr_t)ep, &data, 0, block);
	kauri_printf("data, READ only: write: %s\n", kauri_block_strerror(wrote));
	other_err = kauri_block_open((kauri_cptr_t)ep, "kauri_a", &other);
	kauri_printf("kauri_a, not in its entry: open: %s\n", kauri_block_strerror(other_err));
	missing = kauri_block_open((kauri_cptr_t)ep, "nosuch", &other);
	kauri_printf("nosuch: open: %s\n", kauri_block_strerror(missing));
	/* kauri_a's handle would be 1 (the second partition): used without opening it. */
	forged = (struct kauri_block_partition){ .handle = 1, .blocks = 1, .rights = KAURI_BLOCK_READ_RIGHT };
	forged_err = kauri_block_read((kauri_cptr_t)ep, &forged, 0, block);
	kauri_printf("kauri_a by a handle it did not open: read: %s\n", kauri_block_strerror(forged_err));
	/* Only the storage server may ask the root server what an app may do. */
	asked = kauri_block_rights(1, "kauri_a");
	kauri_printf("asking the root server for partition rights itself: %s\n",
		     asked < 0 ? kauri_lib_strerror(asked) : "ANSWERED");
	return !err && wrote == -KAURI_BLOCK_E_DENIED && other_err == -KAURI_BLOCK_E_DENIED &&
			       missing == -KAURI_BLOCK_E_NO_PARTITION && forged_err == -KAURI_BLOCK_E_DENIED && asked < 0 ? 0 : 1;
}

int main(int argc, char **argv, char **envp)
{
	struct kauri_block_partition data;
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
	if (argc == 2 && strcmp(argv[1], "reader") == 0)
		return reader();
	if (argc < 3) {
		kauri_printf("usage: block_probe SEED MIB | block_probe refused | block_probe reader\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	blocks = strtoul(argv[2], NULL, 0) * (1024 * 1024 / KAURI_BLOCK_SIZE);
	ep = kauri_protocol_connect(KAURI_BLOCK_PROTOCOL);
	if (ep < 0) {
		kauri_printf("cannot connect to %s: %s\n", KAURI_BLOCK_PROTOCOL, kauri_lib_strerror(ep));
		return 1;
	}
	err = kauri_block_open((kauri_cptr_t)ep, "data", &data);
	if (err || data.blocks < blocks + 1) {
		kauri_printf("partition data: %s, %llu blocks: too small for %llu\n", kauri_block_strerror(err),
			     (unsigned long long)data.blocks, (unsigned long long)blocks + 1);
		return 1;
	}
	kauri_printf("partition data: %llu blocks, rights %s%s\n", (unsigned long long)data.blocks,
		     data.rights & KAURI_BLOCK_READ_RIGHT ? "READ" : "", data.rights & KAURI_BLOCK_WRITE_RIGHT ? " WRITE" : "");
	mark(expected, seed, blocks);
	err = kauri_block_read((kauri_cptr_t)ep, &data, 0, block);
	start = kauri_counter();
	if (!err && memcmp(block, expected, KAURI_BLOCK_SIZE) != 0) {
		for (uint64_t lba = 1; lba <= blocks && !err; lba++) {
			fill(block, seed, lba);
			err = kauri_block_write((kauri_cptr_t)ep, &data, lba, block);
		}
		if (!err)
			err = kauri_block_write((kauri_cptr_t)ep, &data, 0, expected);
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
		err = kauri_block_read((kauri_cptr_t)ep, &data, lba, block);
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
	err = kauri_block_read((kauri_cptr_t)ep, &data, data.blocks, block);
	kauri_printf("block %llu (past the partition's end): %s\n", (unsigned long long)data.blocks,
		     kauri_block_strerror(err));
	kauri_printf("%s\n", !bad && err == -KAURI_BLOCK_E_RANGE ? (written ? "done: written and read back"
									  : "done: read back") : "FAILED");
	return !bad && err == -KAURI_BLOCK_E_RANGE ? 0 : 1;
}
