/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for the freestanding format code: base64, zip, bootfs, trace, upgrade rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <format/base64.h>
#include <format/bootfs.h>
#include <format/dtb.h>
#include <format/error.h>
#include <format/trace_reader.h>
#include <format/upgrade.h>
#include <format/zip.h>
#include <libfdt.h>

static void test_base64(void **state)
{
	static const struct { const char *raw, *enc; } v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	char enc[16];
	uint8_t dec[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(base64_encode(enc, (const uint8_t *)v[i].raw, strlen(v[i].raw)),
				 strlen(v[i].enc));
		assert_string_equal(enc, v[i].enc);
		assert_int_equal(base64_decode(dec, sizeof(dec), v[i].enc, strlen(v[i].enc)),
				 (long)strlen(v[i].raw));
		assert_memory_equal(dec, v[i].raw, strlen(v[i].raw));
	}
	assert_int_equal(base64_decode(dec, sizeof(dec), "Zm9\nv", 5), 3); /* whitespace skipped */
	assert_int_equal(base64_decode(dec, sizeof(dec), "Zm9", 3), -KFMT_EFORMAT);
	assert_int_equal(base64_decode(dec, sizeof(dec), "Zg==Zg==", 8), -KFMT_EFORMAT);
	assert_int_equal(base64_decode(dec, sizeof(dec), "Z===", 4), -KFMT_EFORMAT);
	assert_int_equal(base64_decode(dec, sizeof(dec), "Zm!v", 4), -KFMT_EFORMAT);
	assert_int_equal(base64_decode(dec, 2, "Zm9v", 4), -KFMT_ENOSPC);
}

/* Build a two-entry stored zip into out; returns its length. */
static size_t make_zip(uint8_t *out, size_t cap)
{
	uint8_t cd[256];
	struct zip_writer w;
	long len;

	zip_writer_init(&w, out, cap, cd, sizeof(cd));
	assert_int_equal(zip_writer_add(&w, "apps/a", ZIP_METHOD_STORE, zip_crc32(0, "alpha", 5), 5,
					"alpha", 5), 0);
	assert_int_equal(zip_writer_add(&w, "apps/b", ZIP_METHOD_STORE, zip_crc32(0, "", 0), 0,
					"", 0), 0);
	len = zip_writer_finish(&w);
	assert_true(len > 0);
	return (size_t)len;
}

static void test_zip_round_trip(void **state)
{
	uint8_t buf[512];
	struct zip_reader z;
	struct zip_entry e;
	size_t len = make_zip(buf, sizeof(buf));

	(void)state;
	/* Known CRC-32 check value of "123456789". */
	assert_int_equal(zip_crc32(0, "123456789", 9), 0xcbf43926u);
	assert_int_equal(zip_open(&z, buf, len), 0);
	assert_int_equal(z.count, 2);
	assert_int_equal(zip_find(&z, "apps/a", &e), 0);
	assert_int_equal(e.uncomp_size, 5);
	assert_memory_equal(e.data, "alpha", 5);
	assert_int_equal(zip_find(&z, "apps/c", &e), -KFMT_ENOENT);
	assert_int_equal(zip_entry_at(&z, 1, &e), 0);
	assert_true(zip_entry_name_is(&e, "apps/b"));
}

static void test_zip_rejects_bad_archives(void **state)
{
	uint8_t buf[512], bad[512], cd[256];
	struct zip_reader z;
	struct zip_writer w;
	size_t len = make_zip(buf, sizeof(buf)), cut;

	(void)state;
	/* Every truncation is refused, never read past. */
	for (cut = 0; cut < len; cut++)
		assert_int_not_equal(zip_open(&z, buf, cut), 0);
	/* Central directory pointing at garbage */
	memcpy(bad, buf, len);
	bad[len - 6] ^= 0x40; /* cd offset */
	assert_int_not_equal(zip_open(&z, bad, len), 0);
	/* Local header name differing from the central one */
	memcpy(bad, buf, len);
	bad[30] = 'X';
	assert_int_equal(zip_open(&z, bad, len), -KFMT_EFORMAT);
	assert_int_equal(z.error_offset, 26);
	/* Unsafe names cannot be written */
	zip_writer_init(&w, bad, sizeof(bad), cd, sizeof(cd));
	assert_int_equal(zip_writer_add(&w, "../x", 0, 0, 0, "", 0), -KFMT_EINVAL);
	assert_int_equal(zip_writer_add(&w, "/etc/x", 0, 0, 0, "", 0), -KFMT_EINVAL);
	assert_int_equal(zip_writer_add(&w, "a/./b", 0, 0, 0, "", 0), -KFMT_EINVAL);
	/* Duplicate names are refused on reading */
	assert_int_equal(zip_writer_add(&w, "apps/a", 0, zip_crc32(0, "1", 1), 1, "1", 1), 0);
	assert_int_equal(zip_writer_add(&w, "apps/a", 0, zip_crc32(0, "2", 1), 1, "2", 1), 0);
	cut = (size_t)zip_writer_finish(&w);
	assert_int_equal(zip_open(&z, bad, cut), -KFMT_EFORMAT);
}

/*
 * A local header that disagrees with the central directory on flags, CRC or
 * sizes: another extractor would read different content than the one the
 * checks saw, so each is refused at the offset of the field.
 */
static void test_zip_local_header_must_match_central(void **state)
{
	static const struct { size_t offset; uint8_t flip; } fields[] = {
		{ 6, 0x04 },	/* flags */
		{ 14, 0x01 },	/* CRC-32 */
		{ 18, 0x01 },	/* compressed size */
		{ 22, 0x01 },	/* uncompressed size */
	};
	uint8_t buf[512], bad[512];
	struct zip_reader z;
	size_t len = make_zip(buf, sizeof(buf));

	(void)state;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		memcpy(bad, buf, len);
		bad[fields[i].offset] ^= fields[i].flip;
		assert_int_equal(zip_open(&z, bad, len), -KFMT_EFORMAT);
		assert_int_equal(z.error_offset, fields[i].offset);
	}
	/* Sizes after the data (a streamed archive) are not read at all: set in both headers. */
	memcpy(bad, buf, len);
	bad[6] |= 0x08;
	for (size_t p = 0; p + 4 <= len; p++)
		if (!memcmp(bad + p, "PK\1\2", 4)) {
			bad[p + 8] |= 0x08;
			break;
		}
	assert_int_equal(zip_open(&z, bad, len), -KFMT_EUNSUPPORTED);
}

static void test_bootfs_round_trip_and_tamper(void **state)
{
	const struct bootfs_input in[] = {
		{ "manifest.dtb", "dtb-bytes", 9, BOOTFS_F_MANIFEST },
		{ "manifest.dtb.sig", "sig", 3, BOOTFS_F_SIGNATURE },
		{ "hello", "hello world", 11, 0 },
	};
	long long size = bootfs_image_size(in, 3);
	struct bootfs fs;
	struct bootfs_entry e;
	uint8_t *img;

	(void)state;
	assert_int_equal(size, 3 * BOOTFS_ALIGN + 11);
	img = malloc((size_t)size);
	assert_non_null(img);
	assert_int_equal(bootfs_build(img, (size_t)size, in, 3), size);
	assert_int_equal(bootfs_open(&fs, img, (size_t)size), 0);
	assert_int_equal(fs.count, 3);
	assert_int_equal(bootfs_find(&fs, "hello", &e), 0);
	assert_int_equal(e.offset % BOOTFS_ALIGN, 0);
	assert_memory_equal(e.data, "hello world", 11);
	assert_int_equal(bootfs_check_entry(&e), 0);
	assert_int_equal(bootfs_find(&fs, "manifest.dtb.sig", &e), 0);
	assert_int_equal(e.flags, BOOTFS_F_SIGNATURE);
	/* A flipped data byte breaks the image digest ... */
	img[3 * BOOTFS_ALIGN] ^= 1;
	assert_int_equal(bootfs_open(&fs, img, (size_t)size), -KFMT_EDIGEST);
	assert_int_equal(fs.error_offset, 32);
	/* ... and the entry digest. */
	fs.buf = img;
	assert_int_equal(bootfs_entry_at(&fs, 2, &e), 0);
	assert_int_equal(bootfs_check_entry(&e), -KFMT_EDIGEST);
	img[3 * BOOTFS_ALIGN] ^= 1;
	/* Truncated and bad magic */
	assert_int_equal(bootfs_open(&fs, img, (size_t)size - 1), -KFMT_ETRUNC);
	img[0] = 'X';
	assert_int_equal(bootfs_open(&fs, img, (size_t)size), -KFMT_EFORMAT);
	/* Regression (found by fuzz_bootfs): an entry offset near 2^64 is refused, and no pointer
	 * is formed from it. */
	img[0] = 'K';
	img[BOOTFS_HEADER_SIZE + 64 + 7] = 0xff;
	assert_int_not_equal(bootfs_open(&fs, img, (size_t)size), 0);
	fs.count = 3;
	assert_int_equal(bootfs_entry_at(&fs, 0, &e), 0);
	assert_null(e.data);
	/* Names that are paths are refused */
	{
		const struct bootfs_input bad[] = { { "../x", "", 0, 0 } };

		assert_true(bootfs_image_size(bad, 1) < 0);
	}
	free(img);
}

static void test_trace_reader(void **state)
{
	struct trace_header h = { TRACE_VERSION, TRACE_RECORD_SIZE, 1000000, 2, 0 };
	struct trace_record rec = { 42, TRACE_IPC_SEND, 1, 7, 3, { 5, 6, 7 } }, got;
	_Alignas(8) uint8_t buf[TRACE_HEADER_SIZE + 2 * TRACE_RECORD_SIZE];
	struct trace_reader r;

	(void)state;
	trace_encode_header(buf, &h);
	trace_encode_record(buf + TRACE_HEADER_SIZE, &rec);
	trace_encode_record(buf + TRACE_HEADER_SIZE + TRACE_RECORD_SIZE, &rec);
	assert_int_equal(trace_open(&r, buf, sizeof(buf)), 0);
	assert_int_equal(trace_next(&r, &got), 1);
	assert_int_equal(got.timestamp, 42);
	assert_int_equal(got.tid, 7);
	assert_int_equal(got.args[2], 7);
	assert_int_equal(trace_next(&r, &got), 1);
	assert_int_equal(trace_next(&r, &got), 0);
	/* Partial record */
	assert_int_equal(trace_open(&r, buf, sizeof(buf) - 1), 0);
	assert_int_equal(trace_next(&r, &got), 1);
	assert_int_equal(trace_next(&r, &got), -KFMT_ETRUNC);
	assert_int_equal(r.error_offset, TRACE_HEADER_SIZE + TRACE_RECORD_SIZE);
	/* CPU out of range */
	buf[TRACE_HEADER_SIZE + 10] = 2;
	assert_int_equal(trace_open(&r, buf, sizeof(buf)), 0);
	assert_int_equal(trace_next(&r, &got), -KFMT_EFORMAT);
}

/* Regression (found by fuzz_overlay): DTBs older than version 17 never reach fdt_check_full. */
static void test_dtb_check_refuses_old_versions(void **state)
{
	uint8_t dtb[64] = {
		0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 64, 0, 0, 0, 0x38, 0, 0, 0, 0x40,
		0, 0, 0, 0x28, 0, 0, 0, 5, 0, 0, 0, 0,
	};

	(void)state;
	assert_int_equal(dtb_check(dtb, sizeof(dtb)), -KFMT_EDTB_VERSION);
	assert_int_equal(dtb_check(dtb, 10), -KFMT_ETRUNC);
	dtb[0] = 0;
	assert_int_equal(dtb_check(dtb, sizeof(dtb)), -KFMT_EDTB_MAGIC);
}

/*
 * Regression (found by fuzz_manifest): a property of length -12 makes libfdt 1.6.1's next tag the
 * property itself, and fdt_check_full() loops for ever; dtb_check refuses it first.
 */
static void test_dtb_check_refuses_tags_that_do_not_advance(void **state)
{
	uint8_t dtb[88] = {
		0xd0, 0x0d, 0xfe, 0xed, 0, 0, 0, 88,	/* magic, totalsize */
		0, 0, 0, 56, 0, 0, 0, 84,		/* struct and strings offsets */
		0, 0, 0, 40, 0, 0, 0, 17,		/* reserve map offset, version */
		0, 0, 0, 16, 0, 0, 0, 0,		/* last compatible version, boot CPU */
		0, 0, 0, 2, 0, 0, 0, 28,		/* strings and struct sizes */
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* empty reserve map */
		0, 0, 0, 1, 0, 0, 0, 0,			/* BEGIN_NODE "" */
		0, 0, 0, 3, 0xff, 0xff, 0xff, 0xf4, 0, 0, 0, 0,	/* PROP, length -12, "a" */
		0, 0, 0, 2, 0, 0, 0, 9,			/* END_NODE, END */
		'a', 0,
	};

	(void)state;
	assert_int_equal(dtb_check(dtb, sizeof(dtb)), -KFMT_EDTB_STRUCTURE);
	/* The same tree with a property of length 0 is accepted. */
	memset(dtb + 68, 0, 4);
	assert_int_equal(dtb_check(dtb, sizeof(dtb)), 0);
}

static void test_upgrade_rule_needs_valid_dtbs(void **state)
{
	static const uint8_t junk[64];
	uint8_t sig[64] = { 0 };

	(void)state;
	assert_int_equal(upgrade_check_signature(junk, sizeof(junk), junk, sizeof(junk), sig, 64),
			 -KFMT_EUPG_CURRENT_DTB);
	assert_string_equal(kauri_format_strerror(-KFMT_EUPG_SIG_MISSING),
			    "a signature is required but there is no manifest.dtb.sig");
}

/*
 * Every code of the one format error enum has its own message: a code added without one reads
 * "unknown error" (or repeats another's) and fails here.
 */
static void test_format_strerror_covers_every_code(void **state)
{
	int i, j;

	(void)state;
	for (i = 0; i < KFMT_NUM_ERRORS; i++) {
		const char *msg = kauri_format_strerror(-i);

		assert_non_null(msg);
		if (!msg[0] || strcmp(msg, "unknown error") == 0)
			fail_msg("format error %d has no message of its own", i);
		assert_string_equal(kauri_format_strerror(i), msg);
		for (j = 0; j < i; j++)
			if (strcmp(kauri_format_strerror(-j), msg) == 0)
				fail_msg("format errors %d and %d share the message \"%s\"", j, i, msg);
	}
	assert_string_equal(kauri_format_strerror(-KFMT_NUM_ERRORS), "unknown error");
	assert_string_equal(kauri_format_strerror(-2147483647 - 1), "unknown error");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64),
		cmocka_unit_test(test_zip_round_trip),
		cmocka_unit_test(test_zip_rejects_bad_archives),
		cmocka_unit_test(test_zip_local_header_must_match_central),
		cmocka_unit_test(test_bootfs_round_trip_and_tamper),
		cmocka_unit_test(test_trace_reader),
		cmocka_unit_test(test_dtb_check_refuses_old_versions),
		cmocka_unit_test(test_dtb_check_refuses_tags_that_do_not_advance),
		cmocka_unit_test(test_upgrade_rule_needs_valid_dtbs),
		cmocka_unit_test(test_format_strerror_covers_every_code),
	};

	return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
