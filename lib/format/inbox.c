/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The upgrade inbox's header block, little-endian:
 *   0 magic "KAURIPKG"   8 version   12 status   16 package size   24 outcome   28 detail
 *   32 release version   36 slot   37..59 zero   60 CRC-32 of bytes 0..59; the rest zero
 */
#include <string.h>

#include <format/byteorder.h>
#include <format/error.h>
#include <format/inbox.h>
#include <format/zip.h>

int inbox_header_read(const uint8_t *block, struct inbox_header *h)
{
	if (memcmp(block, INBOX_MAGIC, 8) != 0)
		return -KFMT_ENOENT;
	if (get_le32(block + 8) != INBOX_VERSION || get_le32(block + 60) != zip_crc32(0, block, 60) ||
	    get_le32(block + 12) > INBOX_DONE || get_le32(block + 24) >= INBOX_OUTCOME_MAX)
		return -KFMT_EFORMAT;
	*h = (struct inbox_header){ .status = get_le32(block + 12), .size = get_le64(block + 16),
				    .outcome = get_le32(block + 24), .detail = (int32_t)get_le32(block + 28),
				    .version = get_le32(block + 32), .slot = (char)block[36] };
	return 0;
}

void inbox_header_write(uint8_t *block, const struct inbox_header *h)
{
	memset(block, 0, INBOX_HEADER_SIZE);
	memcpy(block, INBOX_MAGIC, 8);
	put_le32(block + 8, INBOX_VERSION);
	put_le32(block + 12, h->status);
	put_le64(block + 16, h->size);
	put_le32(block + 24, h->outcome);
	put_le32(block + 28, (uint32_t)h->detail);
	put_le32(block + 32, h->version);
	block[36] = (uint8_t)h->slot;
	put_le32(block + 60, zip_crc32(0, block, 60));
}

const char *inbox_outcome_name(uint32_t outcome)
{
	static const char *const names[INBOX_OUTCOME_MAX] = {
		[INBOX_OUTCOME_NONE] = "none yet",
		[INBOX_OUTCOME_INSTALLED] = "installed, booting on trial",
		[INBOX_OUTCOME_BAD_PACKAGE] = "refused: not a valid release image",
		[INBOX_OUTCOME_SIGNATURE] = "refused: its signature does not verify under the running manifest's key",
		[INBOX_OUTCOME_FILES] = "refused: a file differs from its signed digest",
		[INBOX_OUTCOME_MANIFEST] = "refused: its manifest cannot boot on this device",
		[INBOX_OUTCOME_NOT_NEWER] = "refused: its release version is not newer than the installed one",
		[INBOX_OUTCOME_TOO_LARGE] = "refused: too large",
		[INBOX_OUTCOME_WRITE_FAILED] = "failed: the slot could not be written",
		[INBOX_OUTCOME_READ_BACK] = "failed: the slot read back differs from the package",
		[INBOX_OUTCOME_OVERLAY_INSTALLED] = "overlay installed, applied from the next boot",
		[INBOX_OUTCOME_OVERLAY_REMOVED] = "overlay removed",
		[INBOX_OUTCOME_OVERLAY_REFUSED] = "refused: the overlay's signature or paths",
	};

	return outcome < INBOX_OUTCOME_MAX ? names[outcome] : "unknown";
}
