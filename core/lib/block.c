/* SPDX-License-Identifier: BSD-2-Clause */
/* kos_block_protocol's client calls (kauri/block.h): a block a call, through the IPC buffer. */
#include <string.h>
#include <kauri/app.h>
#include <kauri/block.h>
#include <kauri/lib_error.h>
#include <kauri/syscalls.h>

#define BLOCK_WORDS	(KAURI_BLOCK_SIZE / sizeof(kauri_word_t))

static const char *const errors[KAURI_BLOCK_E_MAX] = {
	[KAURI_BLOCK_OK] = "no error",
	[KAURI_BLOCK_E_REQUEST] = "not a block request",
	[KAURI_BLOCK_E_RANGE] = "block out of range",
	[KAURI_BLOCK_E_IO] = "I/O error",
	[KAURI_BLOCK_E_NO_PARTITION] = "no such partition",
	[KAURI_BLOCK_E_DENIED] = "not allowed by the manifest",
};

const char *kauri_block_strerror(long err)
{
	if (err < 0)
		err = -err;
	return err < KAURI_BLOCK_E_MAX && errors[err] ? errors[err] : "unknown block error";
}

/* The reply's label as an error; a reply too short for what was asked is a malformed one. */
static long result(kauri_word_t info, unsigned int words)
{
	kauri_word_t label = kauri_msginfo_label(info);

	if (label)
		return -(long)(label < KAURI_BLOCK_E_MAX ? label : KAURI_BLOCK_E_REQUEST);
	return kauri_msginfo_length(info) < words ? -KAURI_BLOCK_E_REQUEST : 0;
}

long kauri_block_open(kauri_cptr_t ep, const char *name, struct kauri_block_partition *part)
{
	size_t len = strlen(name);
	long err;

	if (len == 0 || len > KAURI_BLOCK_NAME_MAX)
		return -KAURI_BLOCK_E_NO_PARTITION;
	err = result(kauri_call_text(ep, KAURI_BLOCK_OPEN, name, len), 3);
	if (!err) {
		part->handle = kauri_get_mr(0);
		part->blocks = kauri_get_mr(1);
		part->rights = (uint32_t)kauri_get_mr(2);
	}
	return err;
}

long kauri_block_read(kauri_cptr_t ep, const struct kauri_block_partition *part, uint64_t block, void *data)
{
	long err;

	kauri_set_mr(0, part->handle);
	kauri_set_mr(1, block);
	err = result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_READ, 0, 0, 2)), BLOCK_WORDS);
	if (!err)
		memcpy(data, kauri_ipc_buffer()->msg, KAURI_BLOCK_SIZE);
	return err;
}

long kauri_block_write(kauri_cptr_t ep, const struct kauri_block_partition *part, uint64_t block, const void *data)
{
	kauri_set_mr(0, part->handle);
	kauri_set_mr(1, block);
	memcpy(kauri_ipc_buffer()->msg + 2, data, KAURI_BLOCK_SIZE);
	return result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_WRITE, 0, 0, 2 + BLOCK_WORDS)), 0);
}

long kauri_block_flush(kauri_cptr_t ep)
{
	return result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_FLUSH, 0, 0, 0)), 0);
}

long kauri_block_rights(kauri_word_t badge, const char *name)
{
	size_t len = strlen(name);
	unsigned int words;
	kauri_word_t info;

	if (len > KAURI_BLOCK_NAME_MAX)
		return -KAURI_PROTOCOL_BAD_REQUEST;
	kauri_set_mr(0, len);
	words = kauri_set_mr_text(1, name, len);
	kauri_set_mr(1 + words, badge);
	info = kauri_call(KAURI_APP_CAP_SUPERVISOR, kauri_msginfo(KAURI_MSG_PARTITION, 0, 0, 2 + words));
	if (kauri_msginfo_label(info))
		return -(long)kauri_msginfo_label(info);
	return (long)kauri_get_mr(0);
}
