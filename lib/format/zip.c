/* SPDX-License-Identifier: BSD-2-Clause */
/* Zip reading (strict, bounds-checked) and writing for release packages, freestanding. */
#include <format/byteorder.h>
#include <format/error.h>
#include <format/zip.h>
#include <string.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u
#define LOCAL_LEN 30
#define CENTRAL_LEN 46
#define FLAG_ENCRYPTED 0x0001u
#define FLAG_DATA_DESCRIPTOR 0x0008u	/* CRC and sizes after the data: not written here, not read */
#define FLAG_UTF8 0x0800u
/* MS-DOS date 1980-01-01, time 00:00. */
#define DOS_DATE_1980 0x0021u
#define DOS_TIME_0 0x0000u

static const uint32_t CRC_TABLE[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba, 0x076dc419, 0x706af48f,
	0xe963a535, 0x9e6495a3, 0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91, 0x1db71064, 0x6ab020f2,
	0xf3b97148, 0x84be41de, 0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec, 0x14015c4f, 0x63066cd9,
	0xfa0f3d63, 0x8d080df5, 0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b, 0x35b5a8fa, 0x42b2986c,
	0xdbbbc9d6, 0xacbcf940, 0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116, 0x21b4f4b5, 0x56b3c423,
	0xcfba9599, 0xb8bda50f, 0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d, 0x76dc4190, 0x01db7106,
	0x98d220bc, 0xefd5102a, 0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818, 0x7f6a0dbb, 0x086d3d2d,
	0x91646c97, 0xe6635c01, 0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457, 0x65b0d9c6, 0x12b7e950,
	0x8bbeb8ea, 0xfcb9887c, 0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2, 0x4adfa541, 0x3dd895d7,
	0xa4d1c46d, 0xd3d6f4fb, 0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9, 0x5005713c, 0x270241aa,
	0xbe0b1010, 0xc90c2086, 0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4, 0x59b33d17, 0x2eb40d81,
	0xb7bd5c3b, 0xc0ba6cad, 0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683, 0xe3630b12, 0x94643b84,
	0x0d6d6a3e, 0x7a6a5aa8, 0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe, 0xf762575d, 0x806567cb,
	0x196c3671, 0x6e6b06e7, 0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5, 0xd6d6a3e8, 0xa1d1937e,
	0x38d8c2c4, 0x4fdff252, 0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60, 0xdf60efc3, 0xa867df55,
	0x316e8eef, 0x4669be79, 0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f, 0xc5ba3bbe, 0xb2bd0b28,
	0x2bb45a92, 0x5cb36a04, 0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a, 0x9c0906a9, 0xeb0e363f,
	0x72076785, 0x05005713, 0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21, 0x86d3d2d4, 0xf1d4e242,
	0x68ddb3f8, 0x1fda836e, 0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c, 0x8f659eff, 0xf862ae69,
	0x616bffd3, 0x166ccf45, 0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db, 0xaed16a4a, 0xd9d65adc,
	0x40df0b66, 0x37d83bf0, 0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6, 0xbad03605, 0xcdd70693,
	0x54de5729, 0x23d967bf, 0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

uint32_t zip_crc32(uint32_t crc, const void *data, size_t len)
{
	const uint8_t *p = data;

	crc = ~crc;
	while (len--)
		crc = CRC_TABLE[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static int fail_at(struct zip_reader *z, size_t offset, int err)
{
	z->error_offset = offset;
	return err;
}

/* Names must be relative paths without "." or ".." components, NUL or backslash. */
static bool name_is_safe(const char *name, size_t len)
{
	size_t i, start = 0;

	if (len == 0 || len > ZIP_MAX_NAME || name[0] == '/')
		return false;
	for (i = 0; i <= len; i++) {
		if (i < len && (name[i] == '\0' || name[i] == '\\'))
			return false;
		if (i == len || name[i] == '/') {
			size_t n = i - start;

			if ((n == 1 && name[start] == '.') ||
			    (n == 2 && name[start] == '.' && name[start + 1] == '.'))
				return false;
			if (n == 0 && i != len)
				return false; /* "a//b" */
			start = i + 1;
		}
	}
	return true;
}

/* Parse central entry at *pos into e (checking its local header); advance *pos. */
static int parse_central(struct zip_reader *z, size_t *pos, struct zip_entry *e)
{
	const uint8_t *c = z->buf + *pos, *l;
	size_t end = z->cd_offset + z->cd_size, name_len, extra_len, comment_len, local, data;
	uint16_t flags;

	if (*pos + CENTRAL_LEN > end)
		return fail_at(z, *pos, -KFMT_ETRUNC);
	if (get_le32(c) != SIG_CENTRAL)
		return fail_at(z, *pos, -KFMT_EFORMAT);
	flags = get_le16(c + 8);
	e->method = get_le16(c + 10);
	e->crc32 = get_le32(c + 16);
	e->comp_size = get_le32(c + 20);
	e->uncomp_size = get_le32(c + 24);
	name_len = get_le16(c + 28);
	extra_len = get_le16(c + 30);
	comment_len = get_le16(c + 32);
	local = get_le32(c + 42);
	if (*pos + CENTRAL_LEN + name_len + extra_len + comment_len > end)
		return fail_at(z, *pos, -KFMT_ETRUNC);
	if (flags & (FLAG_ENCRYPTED | FLAG_DATA_DESCRIPTOR))
		return fail_at(z, *pos + 8, -KFMT_EUNSUPPORTED);
	if (e->method != ZIP_METHOD_STORE && e->method != ZIP_METHOD_DEFLATE)
		return fail_at(z, *pos + 10, -KFMT_EUNSUPPORTED);
	if (e->comp_size == 0xffffffffu || e->uncomp_size == 0xffffffffu || local == 0xffffffffu)
		return fail_at(z, *pos, -KFMT_EUNSUPPORTED); /* zip64 */
	if (e->method == ZIP_METHOD_STORE && e->comp_size != e->uncomp_size)
		return fail_at(z, *pos + 20, -KFMT_EFORMAT);
	e->name = (const char *)c + CENTRAL_LEN;
	e->name_len = name_len;
	if (!name_is_safe(e->name, name_len))
		return fail_at(z, *pos + CENTRAL_LEN, -KFMT_EFORMAT);

	/* The local header must agree on the name; data must end before the central directory. */
	if (local > z->cd_offset || z->cd_offset - local < LOCAL_LEN)
		return fail_at(z, *pos + 42, -KFMT_EFORMAT);
	l = z->buf + local;
	if (get_le32(l) != SIG_LOCAL)
		return fail_at(z, local, -KFMT_EFORMAT);
	if (get_le16(l + 26) != name_len || z->cd_offset - local - LOCAL_LEN < name_len ||
	    memcmp(l + LOCAL_LEN, e->name, name_len) != 0)
		return fail_at(z, local + 26, -KFMT_EFORMAT);
	/*
	 * And on everything else that says what the data is: flags, method, CRC
	 * and sizes. Another extractor reads the local header; it must see the
	 * very bytes this one checked.
	 */
	if (get_le16(l + 6) != flags)
		return fail_at(z, local + 6, -KFMT_EFORMAT);
	if (get_le16(l + 8) != e->method)
		return fail_at(z, local + 8, -KFMT_EFORMAT);
	if (get_le32(l + 14) != e->crc32)
		return fail_at(z, local + 14, -KFMT_EFORMAT);
	if (get_le32(l + 18) != e->comp_size)
		return fail_at(z, local + 18, -KFMT_EFORMAT);
	if (get_le32(l + 22) != e->uncomp_size)
		return fail_at(z, local + 22, -KFMT_EFORMAT);
	data = local + LOCAL_LEN + name_len + get_le16(l + 28);
	if (data > z->cd_offset || z->cd_offset - data < e->comp_size)
		return fail_at(z, local, -KFMT_ETRUNC);
	e->data = z->buf + data;
	e->header_offset = local;
	*pos += CENTRAL_LEN + name_len + extra_len + comment_len;
	return 0;
}

int zip_open(struct zip_reader *z, const uint8_t *buf, size_t len)
{
	size_t eocd, pos, next, i, j, scan_end;
	struct zip_entry a, b;
	const uint8_t *p;
	int ret;

	memset(z, 0, sizeof(*z));
	z->buf = buf;
	z->len = len;
	if (len < ZIP_END_LEN)
		return fail_at(z, 0, -KFMT_ETRUNC);
	/* The end record sits in the last 22 + 65535 (comment) bytes; take the last one that fits. */
	scan_end = len - ZIP_END_LEN > 0xffff ? len - ZIP_END_LEN - 0xffff : 0;
	eocd = len - ZIP_END_LEN + 1;
	do {
		eocd--;
		p = buf + eocd;
		if (get_le32(p) == SIG_END && eocd + ZIP_END_LEN + get_le16(p + 20) == len)
			break;
	} while (eocd > scan_end);
	if (get_le32(p) != SIG_END || eocd + ZIP_END_LEN + get_le16(p + 20) != len)
		return fail_at(z, len - ZIP_END_LEN, -KFMT_EFORMAT);
	if (get_le16(p + 4) != 0 || get_le16(p + 6) != 0 || get_le16(p + 8) != get_le16(p + 10))
		return fail_at(z, eocd + 4, -KFMT_EUNSUPPORTED); /* multi-disk */
	z->count = get_le16(p + 10);
	z->cd_size = get_le32(p + 12);
	z->cd_offset = get_le32(p + 16);
	if (z->count == 0xffff || z->cd_offset == 0xffffffffu)
		return fail_at(z, eocd, -KFMT_EUNSUPPORTED); /* zip64 */
	if (z->count > ZIP_MAX_ENTRIES)
		return fail_at(z, eocd + 10, -KFMT_EUNSUPPORTED);
	if (z->cd_offset > eocd || eocd - z->cd_offset < z->cd_size)
		return fail_at(z, eocd + 12, -KFMT_EFORMAT);

	/* Every entry parses; no two share a name (two readers could see two different packages). */
	pos = z->cd_offset;
	for (i = 0; i < z->count; i++) {
		ret = parse_central(z, &pos, &a);
		if (ret)
			return ret;
		next = pos;
		for (j = i + 1; j < z->count; j++) {
			ret = parse_central(z, &next, &b);
			if (ret)
				return ret;
			if (a.name_len == b.name_len && memcmp(a.name, b.name, a.name_len) == 0)
				return fail_at(z, b.header_offset, -KFMT_EFORMAT);
		}
	}
	return 0;
}

int zip_entry_at(struct zip_reader *z, size_t index, struct zip_entry *e)
{
	size_t pos = z->cd_offset, i;
	int ret;

	if (index >= z->count)
		return -KFMT_EINVAL;
	for (i = 0; i <= index; i++) {
		ret = parse_central(z, &pos, e);
		if (ret)
			return ret;
	}
	return 0;
}

bool zip_entry_name_is(const struct zip_entry *e, const char *name)
{
	size_t n = strlen(name);

	return n == e->name_len && memcmp(e->name, name, n) == 0;
}

bool zip_entry_is_dir(const struct zip_entry *e)
{
	return e->name_len > 0 && e->name[e->name_len - 1] == '/' && e->uncomp_size == 0;
}

int zip_find(struct zip_reader *z, const char *name, struct zip_entry *e)
{
	size_t pos = z->cd_offset, i;
	int ret;

	for (i = 0; i < z->count; i++) {
		ret = parse_central(z, &pos, e);
		if (ret)
			return ret;
		if (zip_entry_name_is(e, name))
			return 0;
	}
	return -KFMT_ENOENT;
}

void zip_writer_init(struct zip_writer *w, uint8_t *out, size_t out_cap, uint8_t *cd_buf,
		     size_t cd_cap)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->out_cap = out_cap;
	w->cd = cd_buf;
	w->cd_cap = cd_cap;
}

/*
 * The 26 bytes local and central headers share, from "version needed" to the
 * extra field's length (zero): flags zero, the fixed 1980 timestamp.
 */
static void put_entry_fields(uint8_t *p, uint16_t version, uint16_t method, uint32_t crc32, uint32_t comp_size,
			     uint32_t uncomp_size, uint16_t name_len)
{
	put_le16(p, version);
	put_le16(p + 2, 0);
	put_le16(p + 4, method);
	put_le16(p + 6, DOS_TIME_0);
	put_le16(p + 8, DOS_DATE_1980);
	put_le32(p + 10, crc32);
	put_le32(p + 14, comp_size);
	put_le32(p + 18, uncomp_size);
	put_le16(p + 22, name_len);
	put_le16(p + 24, 0);
}

int zip_writer_add(struct zip_writer *w, const char *name, uint16_t method, uint32_t crc32,
		   uint32_t uncomp_size, const void *data, size_t comp_size)
{
	size_t name_len = strlen(name);
	uint16_t version = method == ZIP_METHOD_DEFLATE ? 20 : 10;
	uint8_t *l, *c;

	if (!name_is_safe(name, name_len) || comp_size > 0xfffffffeu ||
	    (method != ZIP_METHOD_STORE && method != ZIP_METHOD_DEFLATE) ||
	    w->count >= ZIP_MAX_ENTRIES || w->out_len > 0xfffffffeu)
		return -KFMT_EINVAL;
	if (w->out_cap - w->out_len < LOCAL_LEN + name_len + comp_size ||
	    w->cd_cap - w->cd_len < CENTRAL_LEN + name_len)
		return -KFMT_ENOSPC;
	l = w->out + w->out_len;
	put_le32(l, SIG_LOCAL);
	put_entry_fields(l + 4, version, method, crc32, (uint32_t)comp_size, uncomp_size, (uint16_t)name_len);
	memcpy(l + LOCAL_LEN, name, name_len);
	memcpy(l + LOCAL_LEN + name_len, data, comp_size);

	c = w->cd + w->cd_len;
	put_le32(c, SIG_CENTRAL);
	put_le16(c + 4, 0x0300 | 20); /* made by: Unix, zip 2.0 */
	put_entry_fields(c + 6, version, method, crc32, (uint32_t)comp_size, uncomp_size, (uint16_t)name_len);
	put_le16(c + 32, 0);
	put_le16(c + 34, 0);
	put_le16(c + 36, 0);
	put_le32(c + 38, 0100644u << 16); /* regular file, rw-r--r-- */
	put_le32(c + 42, (uint32_t)w->out_len);
	memcpy(c + CENTRAL_LEN, name, name_len);

	w->out_len += LOCAL_LEN + name_len + comp_size;
	w->cd_len += CENTRAL_LEN + name_len;
	w->count++;
	return 0;
}

long zip_writer_finish(struct zip_writer *w)
{
	uint8_t *e;

	if (w->out_cap - w->out_len < w->cd_len + ZIP_END_LEN || w->out_len + w->cd_len > 0xfffffffeu)
		return -KFMT_ENOSPC;
	memcpy(w->out + w->out_len, w->cd, w->cd_len);
	e = w->out + w->out_len + w->cd_len;
	put_le32(e, SIG_END);
	put_le16(e + 4, 0);
	put_le16(e + 6, 0);
	put_le16(e + 8, (uint16_t)w->count);
	put_le16(e + 10, (uint16_t)w->count);
	put_le32(e + 12, (uint32_t)w->cd_len);
	put_le32(e + 16, (uint32_t)w->out_len);
	put_le16(e + 20, 0);
	return (long)(w->out_len + w->cd_len + ZIP_END_LEN);
}
