/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * virtio-blk over a device of 512-byte blocks (a storage partition's backend): requests become one
 * call a block, buffers that split blocks go through the bounce block, device errors become
 * VIRTIO_BLK_S_IOERR, FLUSH reaches the device, a read-only disk writes nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "test_guest.h"
#include "virtio_blk_blocks.h"

#define BLOCKS		32u
#define BLOCK_BYTES	VIRTIO_BLK_SECTOR_SIZE
#define NO_FAILURE	UINT64_MAX

/* A partition in memory that counts its calls and can fail one block. */
struct device {
	uint8_t bytes[BLOCKS * BLOCK_BYTES];
	unsigned int reads, writes, flushes;
	uint64_t failing_block;
	bool flush_fails;
};

static int device_read(void *ctx, uint64_t block, void *data)
{
	struct device *dev = ctx;

	assert_true(block < BLOCKS);
	dev->reads++;
	if (block == dev->failing_block)
		return -1;
	memcpy(data, dev->bytes + block * BLOCK_BYTES, BLOCK_BYTES);
	return 0;
}

static int device_write(void *ctx, uint64_t block, const void *data)
{
	struct device *dev = ctx;

	assert_true(block < BLOCKS);
	dev->writes++;
	if (block == dev->failing_block)
		return -1;
	memcpy(dev->bytes + block * BLOCK_BYTES, data, BLOCK_BYTES);
	return 0;
}

static int device_flush(void *ctx)
{
	struct device *dev = ctx;

	dev->flushes++;
	return dev->flush_fails ? -1 : 0;
}

static const struct virtio_blk_block_ops device_ops = { device_read, device_write, device_flush };

struct fixture {
	struct test_guest g;
	struct device dev;
	struct virtio_blk_blocks disk;
	struct virtio_blk_config config;
	struct virtio_blk blk;
	struct test_vq vq;
};

static void start(struct fixture *f, bool read_only)
{
	f->disk = (struct virtio_blk_blocks){
		.ops = &device_ops, .ctx = &f->dev, .blocks = BLOCKS, .read_only = read_only,
	};
	f->config = (struct virtio_blk_config){
		.capacity = BLOCKS, .blk_size = BLOCK_BYTES, .read_only = read_only, .id = "data",
		.backend = &virtio_blk_blocks_backend, .backend_ctx = &f->disk,
	};
	virtio_blk_init(&f->blk, &f->config, &f->g.mem);
	test_mmio_bring_up(&f->blk.mmio, &f->g, &f->vq, 1);
}

static int setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
	test_guest_init(&f.g);
	for (size_t i = 0; i < sizeof(f.dev.bytes); i++)
		f.dev.bytes[i] = (uint8_t)(i * 13 + i / BLOCK_BYTES);
	f.dev.failing_block = NO_FAILURE;
	start(&f, false);
	*state = &f;
	return 0;
}

/* Header, data buffers of LENS, status, as Linux lays a request out; returns the status byte. */
static uint8_t request(struct fixture *f, uint32_t type, uint64_t sector, uint64_t data, const uint32_t *lens,
		       int nbufs, bool data_writable)
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
	return *(uint8_t *)test_gpa(&f->g, status);
}

static void capacity_is_the_partitions_blocks(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_CONFIG), BLOCKS);
	assert_int_equal(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_CONFIG + 20), BLOCK_BYTES);
}

/* One 4 KiB buffer, as Linux sends a page: eight block calls straight into the guest's buffer. */
static void read_is_one_call_a_block(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 4096);
	const uint32_t len = 4096;

	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 3, data, &len, 1, true), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), f->dev.bytes + 3 * BLOCK_BYTES, 4096);
	assert_int_equal(f->dev.reads, 8);
	assert_int_equal(f->dev.writes, 0);
}

static void write_is_one_call_a_block(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 2048);
	const uint32_t lens[] = { 1024, 1024 };

	memset(test_gpa(&f->g, data), 0x5a, 2048);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, BLOCKS - 4, data, lens, 2, false), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->dev.bytes + (BLOCKS - 4) * BLOCK_BYTES, test_gpa(&f->g, data), 2048);
	assert_int_equal(f->dev.writes, 4);
	assert_int_equal(f->dev.reads, 0);
}

/* Buffers that cut blocks in two: each piece through the bounce block, the blocks end up whole. */
static void buffers_that_split_blocks(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 1536);
	const uint32_t lens[] = { 100, 700, 736 };
	uint8_t expected[sizeof(f->dev.bytes)];

	for (unsigned int i = 0; i < 1536; i++)
		((uint8_t *)test_gpa(&f->g, data))[i] = (uint8_t)(i ^ 0xa5);
	memcpy(expected, f->dev.bytes, sizeof(expected));
	memcpy(expected + 7 * BLOCK_BYTES, test_gpa(&f->g, data), 1536);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 7, data, lens, 3, false), VIRTIO_BLK_S_OK);
	assert_memory_equal(f->dev.bytes, expected, sizeof(expected));
	/* Reading back through other cuts gives the same bytes. */
	memset(test_gpa(&f->g, data), 0, 1536);
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 7, data, (const uint32_t[]){ 513, 511, 512 }, 3, true),
			 VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), expected + 7 * BLOCK_BYTES, 1536);
}

/* A block the device fails: IOERR for the request, and the device goes on serving. */
static void device_error_is_io_error(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 2048);
	const uint32_t len = 2048;

	f->dev.failing_block = 10;
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 8, data, &len, 1, true), VIRTIO_BLK_S_IOERR);
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 9, data, &len, 1, false), VIRTIO_BLK_S_IOERR);
	f->dev.failing_block = NO_FAILURE;
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 8, data, &len, 1, true), VIRTIO_BLK_S_OK);
	assert_false(test_mmio_read(&f->blk.mmio, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_NEEDS_RESET);
}

static void flush_reaches_the_device(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false), VIRTIO_BLK_S_OK);
	assert_int_equal(f->dev.flushes, 1);
	f->dev.flush_fails = true;
	assert_int_equal(request(f, VIRTIO_BLK_T_FLUSH, 0, 0, NULL, 0, false), VIRTIO_BLK_S_IOERR);
}

/* Read-only: offered so, a write refused before the device is asked, reads still served. */
static void read_only_writes_nothing(void **state)
{
	struct fixture *f = *state;
	uint64_t data = test_alloc(&f->g, 512);
	const uint32_t len = 512;
	uint8_t before[sizeof(f->dev.bytes)];

	start(f, true);
	assert_true(virtio_mmio_has_feature(&f->blk.mmio, VIRTIO_BLK_F_RO));
	memcpy(before, f->dev.bytes, sizeof(before));
	assert_int_equal(request(f, VIRTIO_BLK_T_OUT, 0, data, &len, 1, false), VIRTIO_BLK_S_IOERR);
	assert_int_equal(f->dev.writes, 0);
	/* The backend refuses on its own too, should a write reach it. */
	assert_int_not_equal(virtio_blk_blocks_backend.write(&f->disk, 0, before, 512), 0);
	assert_int_equal(f->dev.writes, 0);
	assert_memory_equal(f->dev.bytes, before, sizeof(before));
	assert_int_equal(request(f, VIRTIO_BLK_T_IN, 0, data, &len, 1, true), VIRTIO_BLK_S_OK);
	assert_memory_equal(test_gpa(&f->g, data), before, 512);
}

/* The backend checks ranges itself: past the end, and an offset whose end wraps. */
static void backend_checks_ranges(void **state)
{
	struct fixture *f = *state;
	uint8_t buf[BLOCK_BYTES];

	assert_int_not_equal(virtio_blk_blocks_backend.read(&f->disk, BLOCKS * BLOCK_BYTES, buf, 1), 0);
	assert_int_not_equal(virtio_blk_blocks_backend.write(&f->disk, (BLOCKS - 1) * BLOCK_BYTES + 1, buf,
							      BLOCK_BYTES), 0);
	assert_int_not_equal(virtio_blk_blocks_backend.read(&f->disk, UINT64_MAX - 10, buf, 20), 0);
	assert_int_equal(f->dev.reads + f->dev.writes, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(capacity_is_the_partitions_blocks, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(read_is_one_call_a_block, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(write_is_one_call_a_block, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(buffers_that_split_blocks, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(device_error_is_io_error, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(flush_reaches_the_device, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(read_only_writes_nothing, setup, test_guest_teardown),
		cmocka_unit_test_setup_teardown(backend_checks_ranges, setup, test_guest_teardown),
	};

	return cmocka_run_group_tests_name("vmm virtio-blk over blocks", tests, NULL, NULL);
}
