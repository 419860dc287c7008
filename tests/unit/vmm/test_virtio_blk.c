/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk over a disk in memory: requests, bounds, read-only disks and malformed requests; and
 * the same disk as a device of 512-byte blocks behind the partition disks' backend
 * (virtio_blk_blocks.c): one call a block, buffers that split blocks, errors, FLUSH, read-only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio_blk.h"
#include "virtio_blk_blocks.h"

#define SECTORS 64u

struct disk {
	uint8_t bytes[SECTORS * VIRTIO_BLK_SECTOR_SIZE];
	int reads, writes, flushes;
	bool fail;
};

static int disk_read(void *ctx, uint64_t offset, void *buf, uint32_t len)
{
	struct disk *d = ctx;

	assert_true(offset + len <= sizeof(d->bytes));
	d->reads++;
	if (d->fail)
		return -1;
	memcpy(buf, d->bytes + offset, len);
	return 0;
}

static int disk_write(void *ctx, uint64_t offset, const void *buf, uint32_t len)
{
	struct disk *d = ctx;

	assert_true(offset + len <= sizeof(d->bytes));
	d->writes++;
	if (d->fail)
		return -1;
	memcpy(d->bytes + offset, buf, len);
	return 0;
}

static int disk_flush(void *ctx)
{
	struct disk *d = ctx;

	d->flushes++;
	return d->fail ? -1 : 0;
}

static const struct virtio_blk_backend_ops disk_ops = { disk_read, disk_write, disk_flush };

/* The same disk a block a call, as a storage partition is. */
static int block_read(void *ctx, uint64_t block, void *data)
{
	return disk_read(ctx, block * VIRTIO_BLK_SECTOR_SIZE, data, VIRTIO_BLK_SECTOR_SIZE);
}

static int block_write(void *ctx, uint64_t block, const void *data)
{
	return disk_write(ctx, block * VIRTIO_BLK_SECTOR_SIZE, data, VIRTIO_BLK_SECTOR_SIZE);
}

static const struct virtio_blk_block_ops block_ops = { block_read, block_write, disk_flush };

struct fixture {
	struct test_guest g;
	struct disk disk;
	struct virtio_blk_blocks blocks;
	struct virtio_blk_config config;
	struct virtio_blk blk;
	struct test_vq vq;
};

static void start_with(struct fixture *f, bool read_only, const struct virtio_blk_backend_ops *backend, void *ctx)
{
	f->config = (struct virtio_blk_config){
		.capacity = SECTORS, .blk_size = 4096, .read_only = read_only,
		.id = "kauri-disk-0", .backend = backend, .backend_ctx = ctx,
	};
	virtio_blk_init(&f->blk, &f->config, &f->g.mem);
	test_mmio_bring_up(&f->blk.mmio, &f->g, &f->vq, 1);
}

static void start(struct fixture *f, bool read_only)
{
	start_with(f, read_only, &disk_ops, &f->disk);
}

/* The disk behind the partition disks' backend, its calls counted from here. */
static void start_blocks(struct fixture *f, bool read_only)
{
	f->blocks = (struct virtio_blk_blocks){
		.ops = &block_ops, .ctx = &f->disk, .blocks = SECTORS, .read_only = read_only,
	};
	start_with(f, read_only, &virtio_blk_blocks_backend, &f->blocks);
	f->disk.reads = f->disk.writes = f->disk.flushes = 0;
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	for (size_t i = 0; i < sizeof(f.disk.bytes); i++)
		f.disk.bytes[i] = (uint8_t)(i * 7 + i / 512);
	start(&f, false);
	*state = &f;
	return 0;
}

/* A request as Linux lays it out: header, data buffers, status; returns the status byte's ipa. */
static uint64_t request(struct fixture *f, uint32_t type, uint64_t sector, uint64_t data,
			const uint32_t *lens, int nbufs, bool data_writable)
{
	uint64_t hdr = test_alloc(&f->g, VIRTIO_BLK_HEADER_BYTES), status = test_alloc(&f->g, 1);
	struct test_buf bufs[8];
	int n = 0;

	memcpy(test_gpa(&f->g, hdr), &type, 4);
	memset(test_gpa(&f->g, hdr + 4), 0, 4);
	memcpy(test_gpa(&f->g, hdr + 8), &sector, 8);
	*(uint8_t *)test_gpa(&f->g, status) = 0xff;
	bufs[n++] = (struct test_buf){ hdr, VIRTIO_BLK_HEADER_BYTES, false };
	for (int i = 0; i < nbufs; i++) {
		bufs[n++] = (struct test_buf){ data, lens[i], data_writable };
		data += lens[i];
	}
	bufs[n++] = (struct test_buf){ status, 1, true };
	test_vq_chain(&f->g, &f->vq, bufs, n);
	test_mmio_notify(&f->blk.mmio, 0);
	return status;
}

static uint8_t status_of(struct fixture *f, uint64_t status_ipa)
{
	return *(uint8_t *)test_gpa(&f->g, status_ipa);
}

static uint32_t last_used_len(struct fixture *f)
{
	uint32_t len;

	test_vq_used(&f->g, &f->vq, (uint16_t)(test_vq_used_idx(&f->g, &f->vq) - 1), &len);
	return len;
}

static void config_and_features(void **state)
{
	struct fixture *f = *state;
	struct virtio_mmio *d = &f->blk.mmio;

	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_BLOCK);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG), SECTORS);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG + 4), 0);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG + 8), VIRTIO_BLK_SIZE_MAX);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG + 12), VIRTIO_BLK_SEG_MAX);
	assert_int_equal(test_mmio_read(d, VIRTIO_MMIO_CONFIG + 20), 4096);
	assert_true(virtio_mmio_has_feature(d, VIRTIO_BLK_F_FLUSH));
	assert_true(virtio_mmio_has_feature(d, VIRTIO_BLK_F_SEG_MAX));
	assert_true(virtio_mmio_has_feature(d, VIRTIO_BLK_F_BLK_SIZE));
	assert_false(virtio_mmio_has_feature(d, VIRTIO_BLK_F_RO));
	assert_false(virtio_mmio_has_feature(d, VIRTIO_F_INDIRECT_DESC));
}

static void read_sectors(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 1024);
	const uint32_t lens[] = { 100, 924 };		/* not sector-aligned pieces */
	uint64_t st = request(f, VIRTIO_BLK_T_IN, 2, data, lens, 2, true);

	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), f->disk.bytes + 1024, 1024);
	assert_int_equal(last_used_len(f), 1025);
}

static void write_sectors(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 512);
	const uint32_t len = 512;
	uint64_t st;

	memset(test_gpa(&f->g, data), 0xab, 512);
	st = request(f, VIRTIO_BLK_T_OUT, SECTORS - 1, data, &len, 1, false);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->disk.bytes + (SECTORS - 1) * 512, test_gpa(&f->g, data), 512);
	assert_int_equal(last_used_len(f), 1);
}

/* VERSION_1 means any layout: header and data in one buffer, status split off. */
static void any_layout(void **state)
{
	struct fixture *f = *state;
	uint64_t buf = test_alloc(&f->g, 16 + 512), st = test_alloc(&f->g, 1);
	uint32_t type = VIRTIO_BLK_T_OUT;
	uint64_t sector = 5;
	struct test_buf bufs[] = { { buf, 8, false }, { buf + 8, 8 + 512, false }, { st, 1, true } };

	memcpy(test_gpa(&f->g, buf), &type, 4);
	memcpy(test_gpa(&f->g, buf + 8), &sector, 8);
	memset(test_gpa(&f->g, buf + 16), 0x3c, 512);
	test_vq_chain(&f->g, &f->vq, bufs, 3);
	test_mmio_notify(&f->blk.mmio, 0);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->disk.bytes + 5 * 512, test_gpa(&f->g, buf + 16), 512);
}

static void flush(void **state)
{
	struct fixture *f = *state;
	uint64_t st = request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false);

	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_int_equal(f->disk.flushes, 1);
	f->disk.fail = true;
	st = request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_IOERR);
}

static void get_id(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, VIRTIO_BLK_ID_BYTES);
	const uint32_t len = VIRTIO_BLK_ID_BYTES;
	uint64_t st = request(f, VIRTIO_BLK_T_GET_ID, 0, data, &len, 1, true);

	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), "kauri-disk-0\0\0\0\0\0\0\0\0", VIRTIO_BLK_ID_BYTES);
	assert_int_equal(last_used_len(f), VIRTIO_BLK_ID_BYTES + 1);
}

static void read_only_refuses_writes(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 512);
	const uint32_t len = 512;
	uint8_t before[sizeof(f->disk.bytes)];
	uint64_t st;

	start(f, true);
	assert_true(virtio_mmio_has_feature(&f->blk.mmio, VIRTIO_BLK_F_RO));
	memcpy(before, f->disk.bytes, sizeof(before));
	memset(test_gpa(&f->g, data), 0xee, 512);
	st = request(f, VIRTIO_BLK_T_OUT, 0, data, &len, 1, false);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_IOERR);
	assert_int_equal(f->disk.writes, 0);
	assert_memory_equal(f->disk.bytes, before, sizeof(before));
	/* The device lives on: a read still works. */
	st = request(f, VIRTIO_BLK_T_IN, 0, data, &len, 1, true);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), before, 512);
	assert_false(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void out_of_range(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 1024);
	const uint32_t two = 1024, odd = 500;

	/* The last sector and one past it. */
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, SECTORS - 1, data, &two, 1, true)),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_OUT, SECTORS, data, &two, 1, false)),
			 VIRTIO_BLK_S_IOERR);
	/* A sector whose byte offset wraps 64 bits. */
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, UINT64_MAX / 256, data, &two, 1, true)),
			 VIRTIO_BLK_S_IOERR);
	/* Not a whole number of sectors. */
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 0, data, &odd, 1, true)),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(f->disk.writes, 0);
}

static void unsupported_and_io_error(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 512);
	const uint32_t len = 512;

	assert_int_equal(status_of(f, request(f, 11 /* DISCARD */, 0, data, &len, 1, false)),
			 VIRTIO_BLK_S_UNSUPP);
	f->disk.fail = true;
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 0, data, &len, 1, true)),
			 VIRTIO_BLK_S_IOERR);
	assert_int_equal(last_used_len(f), 1);
}

static void request_without_status(void **state)
{
	struct fixture *f = *state;
	uint64_t hdr = test_alloc(&f->g, 16);
	struct test_buf buf = { hdr, 16, false };

	test_vq_chain(&f->g, &f->vq, &buf, 1);
	test_mmio_notify(&f->blk.mmio, 0);
	assert_true(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
	assert_int_equal(f->blk.mmio.error, -VIRTIO_ERR_LAYOUT);
}

/* One 4 KiB buffer, as Linux sends a page: eight block calls straight into the guest's buffer. */
static void blocks_one_call_a_block(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 4096);
	const uint32_t page = 4096, halves[] = { 1024, 1024 };
	uint64_t st;

	start_blocks(f, false);
	st = request(f, VIRTIO_BLK_T_IN, 3, data, &page, 1, true);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), f->disk.bytes + 3 * 512, 4096);
	assert_int_equal(f->disk.reads, 8);
	memset(test_gpa(&f->g, data), 0x5a, 2048);
	st = request(f, VIRTIO_BLK_T_OUT, SECTORS - 4, data, halves, 2, false);
	assert_int_equal(status_of(f, st), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->disk.bytes + (SECTORS - 4) * 512, test_gpa(&f->g, data), 2048);
	assert_int_equal(f->disk.writes, 4);
	assert_int_equal(f->disk.reads, 8);
}

/* Buffers that cut blocks in two: each piece through the bounce block, the blocks end up whole. */
static void blocks_split_by_buffers(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 1536);
	const uint32_t write_cuts[] = { 100, 700, 736 }, read_cuts[] = { 513, 511, 512 };
	uint8_t expected[sizeof(f->disk.bytes)];

	start_blocks(f, false);
	for (unsigned int i = 0; i < 1536; i++)
		((uint8_t *)test_gpa(&f->g, data))[i] = (uint8_t)(i ^ 0xa5);
	memcpy(expected, f->disk.bytes, sizeof(expected));
	memcpy(expected + 7 * 512, test_gpa(&f->g, data), 1536);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_OUT, 7, data, write_cuts, 3, false)), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->disk.bytes, expected, sizeof(expected));
	memset(test_gpa(&f->g, data), 0, 1536);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 7, data, read_cuts, 3, true)), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), expected + 7 * 512, 1536);
}

/* A storage error is IOERR for the request; FLUSH reaches the device; the device goes on. */
static void blocks_errors_and_flush(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 1024);
	const uint32_t len = 1024;

	start_blocks(f, false);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false)), VIRTIO_BLK_S_OK);
	assert_int_equal(f->disk.flushes, 1);
	f->disk.fail = true;
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 8, data, &len, 1, true)), VIRTIO_BLK_S_IOERR);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_OUT, 8, data, &len, 1, false)), VIRTIO_BLK_S_IOERR);
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false)), VIRTIO_BLK_S_IOERR);
	f->disk.fail = false;
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 8, data, &len, 1, true)), VIRTIO_BLK_S_OK);
	assert_false(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

/* Read-only: a write refused before the device is asked, by virtio-blk and by the backend itself. */
static void blocks_read_only(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 512);
	const uint32_t len = 512;
	uint8_t before[sizeof(f->disk.bytes)];

	start_blocks(f, true);
	memcpy(before, f->disk.bytes, sizeof(before));
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_OUT, 0, data, &len, 1, false)), VIRTIO_BLK_S_IOERR);
	assert_int_not_equal(virtio_blk_blocks_backend.write(&f->blocks, 0, before, 512), 0);
	assert_int_equal(f->disk.writes, 0);
	assert_memory_equal(f->disk.bytes, before, sizeof(before));
	assert_int_equal(status_of(f, request(f, VIRTIO_BLK_T_IN, 0, data, &len, 1, true)), VIRTIO_BLK_S_OK);
}

/* The backend checks ranges itself: past the end, across it, and an end that wraps. */
static void blocks_backend_ranges(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[512];

	start_blocks(f, false);
	assert_int_not_equal(virtio_blk_blocks_backend.read(&f->blocks, SECTORS * 512, buf, 1), 0);
	assert_int_not_equal(virtio_blk_blocks_backend.write(&f->blocks, (SECTORS - 1) * 512 + 1, buf, 512), 0);
	assert_int_not_equal(virtio_blk_blocks_backend.read(&f->blocks, UINT64_MAX - 10, buf, 20), 0);
	assert_int_equal(f->disk.reads + f->disk.writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(config_and_features, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(read_sectors, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(write_sectors, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(any_layout, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(flush, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(get_id, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(read_only_refuses_writes, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(out_of_range, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(unsupported_and_io_error, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(request_without_status, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(blocks_one_call_a_block, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(blocks_split_by_buffers, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(blocks_errors_and_flush, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(blocks_read_only, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(blocks_backend_ranges, setup, test_guest_teardown),
	};

	return cmocka_run_group_tests_name("vmm virtio-blk", tests, NULL, NULL);
}
