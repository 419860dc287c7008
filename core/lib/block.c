/* SPDX-License-Identifier: BSD-2-Clause */
/* kos_block_protocol's client calls (kauri/block.h): a block a call, through the IPC buffer. */
#include <string.h>
#include <kauri/block.h>
#include <kauri/syscalls.h>

#define BLOCK_WORDS	(KAURI_BLOCK_SIZE / sizeof(kauri_word_t))

static const char *const errors[KAURI_BLOCK_E_MAX] = {
	[KAURI_BLOCK_OK] = "no error",
	[KAURI_BLOCK_E_REQUEST] = "not a block request",
	[KAURI_BLOCK_E_RANGE] = "block out of range",
	[KAURI_BLOCK_E_IO] = "I/O error",
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

long kauri_block_info(kauri_cptr_t ep, struct kauri_block_info *info)
{
	long err = result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_INFO, 0, 0, 0)), 2);

	if (!err) {
		info->blocks = kauri_get_mr(0);
		info->block_size = (uint32_t)kauri_get_mr(1);
	}
	return err;
}

long kauri_block_read(kauri_cptr_t ep, uint64_t lba, void *block)
{
	long err;

	kauri_set_mr(0, lba);
	err = result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_READ, 0, 0, 1)), BLOCK_WORDS);
	if (!err)
		memcpy(block, kauri_ipc_buffer()->msg, KAURI_BLOCK_SIZE);
	return err;
}

long kauri_block_write(kauri_cptr_t ep, uint64_t lba, const void *block)
{
	kauri_set_mr(0, lba);
	memcpy(kauri_ipc_buffer()->msg + 1, block, KAURI_BLOCK_SIZE);
	return result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_WRITE, 0, 0, 1 + BLOCK_WORDS)), 0);
}

long kauri_block_flush(kauri_cptr_t ep)
{
	return result(kauri_call(ep, kauri_msginfo(KAURI_BLOCK_FLUSH, 0, 0, 0)), 0);
}
