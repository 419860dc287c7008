/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared host-tool helpers: error printing, file reading, atomic writes, Ed25519 PEM key files. */
#define _GNU_SOURCE
#include "tool_util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <libfdt.h>

#include <format/base64.h>
#include <format/dtb.h>
#include <format/ed25519.h>
#include <format/error.h>
#include <format/manifest.h>
#include <format/zip.h>

static const char *program_name = "kauri-tool";

/* DER prefixes of an Ed25519 PKCS#8 PrivateKeyInfo and SubjectPublicKeyInfo (RFC 8410). */
static const uint8_t PKCS8_PREFIX[16] = {
	0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
};
static const uint8_t SPKI_PREFIX[12] = {
	0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
};

void tool_set_name(const char *name)
{
	program_name = name;
}

void tool_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: error: ", program_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

bool tool_is_help(const char *arg)
{
	return strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0;
}

int tool_byte_count(const char *option, const char *arg, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(arg, &end, 0);
	if (errno || end == arg || *end || !*out || arg[0] == '-') {
		tool_error("%s %s: expected a byte count", option, arg);
		return -EINVAL;
	}
	return 0;
}

int tool_parse_manifest(const char *file, const void *dtb, size_t len, uint64_t ram_bytes,
			struct kauri_manifest *m)
{
	struct manifest_error err;

	if (manifest_parse(dtb, len, m, &err) != 0 ||
	    (ram_bytes && manifest_check_ram(m, ram_bytes, &err) != 0)) {
		tool_error("%s: %s: %s", file, err.path, err.message);
		return -EINVAL;
	}
	return 0;
}

bool tool_output_option(int argc, char **argv, int *i, const char **out, unsigned *flags)
{
	if (strcmp(argv[*i], "-o") == 0 && *i + 1 < argc) {
		*out = argv[++*i];
		return true;
	}
	if (strcmp(argv[*i], "--force") == 0) {
		*flags |= TOOL_WRITE_FORCE;
		return true;
	}
	return false;
}

int tool_read_file(const char *path, uint8_t **data, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t done = 0;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		tool_error("%s: cannot open: %s", path, strerror(errno));
		return ret;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		ret = S_ISREG(st.st_mode) ? -errno : -EINVAL;
		tool_error("%s: not a regular file", path);
		goto out_close;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		ret = -ENOMEM;
		tool_error("%s: out of memory for %lld bytes", path, (long long)st.st_size);
		goto out_close;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			ret = n < 0 ? -errno : -EIO;
			tool_error("%s: read failed at offset %zu: %s", path, done,
				   n < 0 ? strerror(errno) : "file shrank");
			goto out_free;
		}
		done += (size_t)n;
	}
	buf[done] = 0;
	*data = buf;
	*len = done;
	close(fd);
	return 0;
out_free:
	free(buf);
out_close:
	close(fd);
	return ret;
}

static int write_all(int fd, const void *data, size_t len)
{
	const uint8_t *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int tool_write_file(const char *path, const void *data, size_t len, mode_t mode, unsigned flags)
{
	char *tmp = NULL, *dircopy = NULL;
	int fd = -1, ret;

	if (!(flags & TOOL_WRITE_FORCE) && access(path, F_OK) == 0) {
		tool_error("%s: already exists (use --force to replace it)", path);
		return -EEXIST;
	}
	dircopy = strdup(path);
	if (!dircopy || asprintf(&tmp, "%s/.%s.tmpXXXXXX", dirname(dircopy),
				 strrchr(path, '/') ? strrchr(path, '/') + 1 : path) < 0) {
		tmp = NULL;
		ret = -ENOMEM;
		tool_error("%s: out of memory", path);
		goto out;
	}
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		tool_error("%s: cannot create temporary file: %s", path, strerror(errno));
		goto out;
	}
	/* Set the final mode before any byte is written, so a private key is never readable. */
	if (fchmod(fd, mode) != 0 || (ret = write_all(fd, data, len)) != 0 || fsync(fd) != 0) {
		ret = errno ? -errno : -EIO;
		tool_error("%s: write failed: %s", path, strerror(-ret));
		goto out_unlink;
	}
	if (close(fd) != 0) {
		fd = -1;
		ret = -errno;
		tool_error("%s: write failed: %s", path, strerror(errno));
		goto out_unlink;
	}
	fd = -1;
	if (flags & TOOL_WRITE_FORCE) {
		if (rename(tmp, path) != 0) {
			ret = -errno;
			tool_error("%s: cannot rename into place: %s", path, strerror(errno));
			goto out_unlink;
		}
	} else {
		/* link() fails if path appeared meanwhile: never clobber without --force. */
		if (link(tmp, path) != 0) {
			ret = -errno;
			tool_error("%s: cannot create: %s", path, strerror(errno));
			goto out_unlink;
		}
		unlink(tmp);
	}
	ret = 0;
	goto out;
out_unlink:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
out:
	free(tmp);
	free(dircopy);
	return ret;
}

int tool_random(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len) {
		ssize_t n = getrandom(p, len, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			tool_error("getrandom: %s", strerror(errno));
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

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

int tool_load_private_key(const char *path, uint8_t seed[32])
{
	uint8_t *text = NULL, der[64];
	size_t len;
	long n;
	int ret;

	ret = tool_read_file(path, &text, &len);
	if (ret)
		return ret;
	n = pem_unwrap(path, (const char *)text, "PRIVATE KEY", der, sizeof(der));
	if (n < 0) {
		ret = (int)n;
		goto out;
	}
	if (n != 48 || memcmp(der, PKCS8_PREFIX, sizeof(PKCS8_PREFIX)) != 0) {
		tool_error("%s: not an Ed25519 PKCS#8 private key (%ld DER bytes)", path, n);
		ret = -EINVAL;
		goto out;
	}
	memcpy(seed, der + sizeof(PKCS8_PREFIX), 32);
	ret = 0;
out:
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
	long n;
	int ret;

	ret = tool_read_file(path, &text, &len);
	if (ret)
		return ret;
	if (strstr((const char *)text, "-----BEGIN PUBLIC KEY-----")) {
		n = pem_unwrap(path, (const char *)text, "PUBLIC KEY", der, sizeof(der));
		if (n < 0) {
			ret = (int)n;
			goto out;
		}
		if (n != 44 || memcmp(der, SPKI_PREFIX, sizeof(SPKI_PREFIX)) != 0) {
			tool_error("%s: not an Ed25519 SubjectPublicKeyInfo (%ld DER bytes)", path, n);
			ret = -EINVAL;
			goto out;
		}
		memcpy(pub, der + sizeof(SPKI_PREFIX), 32);
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

int tool_zip_open(const char *pkg, struct zip_reader *z, const uint8_t *buf, size_t len)
{
	int ret = zip_open(z, buf, len);

	if (ret)
		tool_error("%s: offset %zu: not a usable zip package: %s", pkg, z->error_offset,
			   kauri_format_strerror(ret));
	return ret;
}

int tool_zip_extract(const char *pkg, const struct zip_entry *e, uint8_t **out, size_t *len)
{
	uint8_t *buf;
	int ret = -EINVAL;

	/* +1 so an empty entry still gets a real allocation. */
	buf = malloc((size_t)e->uncomp_size + 1);
	if (!buf) {
		tool_error("%s: %.*s: out of memory", pkg, (int)e->name_len, e->name);
		return -ENOMEM;
	}
	if (e->method == ZIP_METHOD_STORE) {
		memcpy(buf, e->data, e->comp_size);
	} else {
		z_stream zs;
		int zret;

		memset(&zs, 0, sizeof(zs));
		if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) {
			tool_error("%s: zlib inflateInit failed", pkg);
			goto fail;
		}
		zs.next_in = (Bytef *)e->data;
		zs.avail_in = e->comp_size;
		zs.next_out = buf;
		zs.avail_out = e->uncomp_size + 1;
		zret = inflate(&zs, Z_FINISH);
		inflateEnd(&zs);
		if (zret != Z_STREAM_END || zs.total_out != e->uncomp_size) {
			tool_error("%s: %.*s (header at offset %zu): bad deflate data (%s)", pkg,
				   (int)e->name_len, e->name, e->header_offset,
				   zret == Z_STREAM_END ? "wrong size" : zs.msg ? zs.msg : "truncated");
			goto fail;
		}
	}
	if (zip_crc32(0, buf, e->uncomp_size) != e->crc32) {
		tool_error("%s: %.*s (header at offset %zu): CRC-32 mismatch: the entry is corrupt",
			   pkg, (int)e->name_len, e->name, e->header_offset);
		goto fail;
	}
	*out = buf;
	*len = e->uncomp_size;
	return 0;
fail:
	free(buf);
	return ret;
}

int tool_zip_read_named(const char *pkg, struct zip_reader *z, const char *name, uint8_t **out,
			size_t *len)
{
	struct zip_entry e;
	int ret = zip_find(z, name, &e);

	if (ret) {
		tool_error("%s: %s: %s", pkg, name,
			   ret == -KFMT_ENOENT ? "not in the package" : kauri_format_strerror(ret));
		return ret;
	}
	return tool_zip_extract(pkg, &e, out, len);
}

static int deflate_buffer(const uint8_t *in, size_t len, uint8_t **out, size_t *out_len)
{
	z_stream zs;
	uLong bound;
	uint8_t *buf;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -ENOMEM;
	bound = deflateBound(&zs, len);
	buf = malloc(bound + 1);
	if (!buf) {
		deflateEnd(&zs);
		return -ENOMEM;
	}
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)len;
	zs.next_out = buf;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		deflateEnd(&zs);
		free(buf);
		return -EIO;
	}
	*out = buf;
	*out_len = zs.total_out;
	deflateEnd(&zs);
	return 0;
}

int tool_write_package(const char *path, const struct tool_zip_item *items, size_t n,
		       unsigned flags)
{
	uint8_t **packed = calloc(n + 1, sizeof(*packed)), *out = NULL, *cd = NULL;
	size_t *packed_len = calloc(n + 1, sizeof(*packed_len)), out_cap = ZIP_END_LEN, cd_cap = 0, i;
	struct zip_writer w;
	long total;
	int ret = -ENOMEM;

	if (!packed || !packed_len)
		goto out;
	for (i = 0; i < n; i++) {
		if (items[i].len > 0xfffffffeu) {
			tool_error("%s: %s is larger than a zip without zip64 can hold", path,
				   items[i].name);
			ret = -EFBIG;
			goto out;
		}
		ret = deflate_buffer(items[i].data, items[i].len, &packed[i], &packed_len[i]);
		if (ret) {
			tool_error("%s: cannot compress %s", path, items[i].name);
			goto out;
		}
		out_cap += ZIP_ENTRY_OVERHEAD(strlen(items[i].name)) + packed_len[i] + items[i].len;
		cd_cap += ZIP_ENTRY_OVERHEAD(strlen(items[i].name));
	}
	ret = -ENOMEM;
	out = malloc(out_cap);
	cd = malloc(cd_cap + 1);
	if (!out || !cd)
		goto out;
	zip_writer_init(&w, out, out_cap, cd, cd_cap);
	for (i = 0; i < n; i++) {
		bool store = packed_len[i] >= items[i].len;

		ret = zip_writer_add(&w, items[i].name, store ? ZIP_METHOD_STORE : ZIP_METHOD_DEFLATE,
				     zip_crc32(0, items[i].data, items[i].len), (uint32_t)items[i].len,
				     store ? items[i].data : packed[i],
				     store ? items[i].len : packed_len[i]);
		if (ret) {
			tool_error("%s: cannot add '%s': %s", path, items[i].name,
				   ret == -KFMT_EINVAL ? "bad entry name or too many entries"
						       : kauri_format_strerror(ret));
			goto out;
		}
	}
	total = zip_writer_finish(&w);
	if (total < 0) {
		ret = (int)total;
		tool_error("%s: %s", path, kauri_format_strerror(ret));
		goto out;
	}
	ret = tool_write_file(path, out, (size_t)total, 0644, flags);
out:
	if (packed)
		for (i = 0; i < n; i++)
			free(packed[i]);
	free(packed);
	free(packed_len);
	free(out);
	free(cd);
	return ret;
}

int tool_check_dtb(const char *what, const void *dtb, size_t len)
{
	int err;

	if (len < sizeof(struct fdt_header)) {
		tool_error("%s: not a valid DTB: only %zu bytes", what, len);
		return -EINVAL;
	}
	err = dtb_check(dtb, len);
	if (err) {
		tool_error("%s: not a valid DTB: %s", what, kauri_format_strerror(err));
		return -EINVAL;
	}
	return 0;
}

int tool_dtb_grow(uint8_t **dtb, size_t *len, size_t extra)
{
	uint8_t *grown = malloc(*len + extra);

	if (!grown || fdt_open_into(*dtb, grown, (int)(*len + extra)) != 0) {
		free(grown);
		return -ENOMEM;
	}
	free(*dtb);
	*dtb = grown;
	*len += extra;
	return 0;
}

int tool_load_dtb(const char *path, uint8_t **dtb, size_t *len, size_t extra)
{
	uint8_t *buf;
	size_t n;
	int ret;

	ret = tool_read_file(path, &buf, &n);
	if (ret)
		return ret;
	ret = tool_check_dtb(path, buf, n);
	if (ret)
		goto fail;
	if (extra && tool_dtb_grow(&buf, &n, extra)) {
		tool_error("%s: cannot make room to edit the DTB", path);
		ret = -ENOMEM;
		goto fail;
	}
	*dtb = buf;
	*len = n;
	return 0;
fail:
	free(buf);
	return ret;
}
