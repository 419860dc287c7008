/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of vmm/arm64_image.c: the Image header and the guest RAM layout. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <format/byteorder.h>
#include "arm64_image.h"

#define MIB (1024ull * 1024)
#define RAM_BASE 0x40000000ull

static uint8_t image[4096];

/* A header as booting.rst describes it; the rest of the file is zeros. */
static void make_header(uint64_t text_offset, uint64_t size, uint64_t flags)
{
	memset(image, 0, sizeof(image));
	put_le32(image, 0x91005a4d);	/* code0: "MZ" + add, as an EFI-stub kernel has */
	put_le64(image + ARM64_IMAGE_TEXT_OFFSET, text_offset);
	put_le64(image + ARM64_IMAGE_SIZE, size);
	put_le64(image + ARM64_IMAGE_FLAGS, flags);
	put_le32(image + ARM64_IMAGE_MAGIC_OFFSET, ARM64_IMAGE_MAGIC);
}

static void parses_a_header(void **state)
{
	struct arm64_image_info info;

	(void)state;
	make_header(0, 30 * MIB, 1u << 1 | ARM64_IMAGE_FLAG_ANYWHERE);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.text_offset, 0);
	assert_int_equal(info.image_size, 30 * MIB);
	assert_int_equal(info.page_size_kib, 4);
	assert_true(info.anywhere);
	assert_false(info.size_unknown);

	make_header(0x80000, 20 * MIB, 3u << 1);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.text_offset, 0x80000);
	assert_int_equal(info.page_size_kib, 64);
	assert_false(info.anywhere);
	make_header(0, 20 * MIB, 2u << 1);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.page_size_kib, 16);
	make_header(0, 20 * MIB, 0);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.page_size_kib, 0);
}

/* Before 3.17: image_size 0, text_offset then taken as 0x80000, the file's length as the size. */
static void old_kernel_without_size(void **state)
{
	struct arm64_image_info info;

	(void)state;
	make_header(0x1234, 0, ARM64_IMAGE_FLAG_ANYWHERE);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.text_offset, ARM64_IMAGE_OLD_TEXT_OFFSET);
	assert_int_equal(info.image_size, sizeof(image));
	assert_true(info.size_unknown);
	assert_false(info.anywhere);
}

/* A header that claims less than the file holds still gets the whole file. */
static void size_at_least_the_file(void **state)
{
	struct arm64_image_info info;

	(void)state;
	make_header(0, 100, 0);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	assert_int_equal(info.image_size, sizeof(image));
}

static void refuses_what_is_not_an_image(void **state)
{
	struct arm64_image_info info;
	static const uint8_t gzip[] = { 0x1f, 0x8b, 0x08, 0x00 };

	(void)state;
	make_header(0, 30 * MIB, 0);
	assert_int_equal(arm64_image_parse(image, ARM64_IMAGE_HEADER_SIZE - 1, &info), -ARM64_IMAGE_E_NOT_IMAGE);
	assert_int_equal(arm64_image_parse(image, 0, &info), -ARM64_IMAGE_E_NOT_IMAGE);
	put_le32(image + ARM64_IMAGE_MAGIC_OFFSET, 0x464c457f);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), -ARM64_IMAGE_E_NOT_IMAGE);
	/* Debian's vmlinuz: gzip, with its own error that says what to do. */
	assert_int_equal(arm64_image_parse(gzip, sizeof(gzip), &info), -ARM64_IMAGE_E_GZIP);
	assert_non_null(strstr(vmm_strerror(-ARM64_IMAGE_E_GZIP), "decompress"));
	make_header(0, 30 * MIB, ARM64_IMAGE_FLAG_BE);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), -ARM64_IMAGE_E_BIG_ENDIAN);
	assert_non_null(strstr(vmm_strerror(-ARM64_IMAGE_E_BIG_ENDIAN), "big-endian"));
	assert_string_equal(vmm_strerror(-99), "unknown error");
	/* Every code of the VMM's enum has its own message. */
	for (int e = 1; e < VMM_NUM_ERRORS; e++)
		assert_string_not_equal(vmm_strerror(-e), "unknown error");
}

static struct arm64_image_info info_of(uint64_t text_offset, uint64_t size)
{
	struct arm64_image_info info;

	make_header(text_offset, size, 0);
	assert_int_equal(arm64_image_parse(image, sizeof(image), &info), 0);
	return info;
}

static void lays_out_kernel_initrd_dtb(void **state)
{
	struct arm64_image_info info = info_of(0x80000, 30 * MIB);
	struct arm64_layout_request req = {
		.ram_base = RAM_BASE, .ram_size = 128 * MIB, .initrd_size = 10 * MIB + 123, .dtb_size = 0x10000,
	};
	struct arm64_layout l;

	(void)state;
	assert_int_equal(arm64_image_layout(&info, &req, &l), 0);
	assert_int_equal(l.kernel_start, RAM_BASE + 0x80000);
	assert_int_equal(l.kernel_end, RAM_BASE + 0x80000 + 30 * MIB);
	/* DTB: 8-byte (here page) aligned, inside RAM, room for its size. */
	assert_int_equal(l.dtb % ARM64_DTB_ALIGN, 0);
	assert_true(l.dtb + req.dtb_size <= RAM_BASE + req.ram_size);
	assert_int_equal(l.dtb, RAM_BASE + 128 * MIB - 0x10000);
	/* initrd: below the DTB, above the kernel's BSS, page aligned. */
	assert_int_equal(l.initrd_start % ARM64_LAYOUT_PAGE, 0);
	assert_int_equal(l.initrd_end - l.initrd_start, req.initrd_size);
	assert_true(l.initrd_end <= l.dtb);
	assert_true(l.initrd_start >= l.kernel_end);

	/* Without an initrd, none; without a DTB size, 2 MiB kept for it. */
	req.initrd_size = 0;
	req.dtb_size = 0;
	assert_int_equal(arm64_image_layout(&info, &req, &l), 0);
	assert_int_equal(l.initrd_start, 0);
	assert_int_equal(l.initrd_end, 0);
	assert_int_equal(l.dtb, RAM_BASE + 128 * MIB - ARM64_DTB_MAX_SIZE);
}

static void layout_errors(void **state)
{
	struct arm64_image_info info = info_of(0, 30 * MIB);
	struct arm64_layout_request req = { .ram_base = RAM_BASE, .ram_size = 32 * MIB, .dtb_size = 0x1000 };
	struct arm64_layout l;

	(void)state;
	/* Exactly enough: kernel, then a page for the DTB. */
	req.ram_size = 30 * MIB + 0x1000;
	assert_int_equal(arm64_image_layout(&info, &req, &l), 0);
	assert_int_equal(l.dtb, l.kernel_end);
	req.ram_size = 30 * MIB;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_DTB_TOO_BIG);
	req.ram_size = 16 * MIB;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_TOO_BIG);
	req.ram_size = 64 * MIB;
	req.dtb_size = ARM64_DTB_MAX_SIZE + 8;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_DTB_TOO_BIG);
	req.dtb_size = 0x1000;
	req.initrd_size = 34 * MIB;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_INITRD_NO_FIT);
	req.initrd_size = 64 * MIB - 30 * MIB - 0x1000;
	assert_int_equal(arm64_image_layout(&info, &req, &l), 0);
	assert_int_equal(l.initrd_start, l.kernel_end);
	req.initrd_size++;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_INITRD_NO_FIT);
	req.initrd_size = 0;
	req.ram_base = RAM_BASE + 0x1000;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_BAD_RAM);
	req.ram_base = RAM_BASE;
	req.ram_size = 0;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_BAD_RAM);
	req.ram_base = 0xffffffffffe00000ull;
	req.ram_size = 4 * MIB;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_BAD_RAM);
	/* A text_offset past RAM's end. */
	info = info_of(64 * MIB, 30 * MIB);
	req.ram_base = RAM_BASE;
	req.ram_size = 64 * MIB;
	assert_int_equal(arm64_image_layout(&info, &req, &l), -ARM64_IMAGE_E_TOO_BIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_header),
		cmocka_unit_test(old_kernel_without_size),
		cmocka_unit_test(size_at_least_the_file),
		cmocka_unit_test(refuses_what_is_not_an_image),
		cmocka_unit_test(lays_out_kernel_initrd_dtb),
		cmocka_unit_test(layout_errors),
	};

	return cmocka_run_group_tests_name("vmm arm64_image", tests, NULL, NULL);
}
