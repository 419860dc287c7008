/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kauri-card: the card's state area (lib/format/card_state.c, docs/storage.md): write a fresh
 * one for make sdcard and make flash-emmc, show the one in a card image or a file; its partitions;
 * the upgrade inbox (lib/format/inbox.c, docs/upgrades.md): put a package in, say what the admin
 * service did with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/card_state.h>
#include <format/error.h>
#include <format/gpt.h>
#include <format/bootfs.h>
#include <format/inbox.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-card state-init -o FILE [--active A|B] [--trial A|B --budget N]\n"
		"                             [--release-version N] [--force]\n"
		"       kauri-card state-show FILE [--offset BYTES]\n"
		"       kauri-card partitions CARD.IMG\n"
		"       kauri-card inbox-put CARD.IMG PACKAGE\n"
		"       kauri-card inbox-show CARD.IMG\n"
		"\n"
		"state-init  writes a state area (%u bytes): slot A (or B) active, no trial (or the\n"
		"            other slot on trial with N boots, 1-255), the release version N (default\n"
		"            0), sequence 1.\n"
		"state-show  prints the state in FILE, from BYTES into it (a card image's state\n"
		"            partition): which copy holds it, the active slot, the trial, the version,\n"
		"            how the last trial ended.\n"
		"partitions  reads the card image's GPT as the storage server does and prints each\n"
		"            partition: name, first and last block.\n"
		"inbox-put   puts PACKAGE (a release's bootfs image, as kauri-bootfs create writes\n"
		"            it) into the card image's upgrade inbox, the start of its data partition,\n"
		"            for the admin service to install at the next boot.\n"
		"inbox-show  says whether a package waits in the inbox, or what came of the last one.\n"
		"Exit status: 0 success, 1 failure.\n", CARD_STATE_AREA_SIZE);
}

static int parse_slot(const char *arg, uint8_t *slot)
{
	if ((arg[0] == 'A' || arg[0] == 'a') && !arg[1])
		*slot = CARD_SLOT_A;
	else if ((arg[0] == 'B' || arg[0] == 'b') && !arg[1])
		*slot = CARD_SLOT_B;
	else {
		tool_error("%s: a slot is A or B", arg);
		return -1;
	}
	return 0;
}

static int cmd_init(const char *out, uint8_t active, uint8_t trial, uint64_t budget, uint64_t version, unsigned flags)
{
	uint8_t area[CARD_STATE_AREA_SIZE] = { 0 };
	struct card_state s = { .active_slot = active, .trial_slot = trial, .trial_budget = (uint8_t)budget,
				.release_version = version };

	if (trial != CARD_SLOT_NONE && (trial == active || budget < 1 || budget > 255)) {
		tool_error("--trial %c: the slot on trial is the one not active, with --budget 1 to 255 boots",
			   card_slot_letter(trial));
		return 1;
	}
	if (trial == CARD_SLOT_NONE && budget) {
		tool_error("--budget without --trial");
		return 1;
	}

	if (card_state_write_next(area, sizeof(area), &s) < 0) {
		tool_error("%s: cannot encode the state", out);
		return 1;
	}
	if (tool_write_file(out, area, sizeof(area), 0644, flags))
		return 1;
	printf("%s: state area, slot %c active, release version %llu, sequence %llu\n", out,
	       card_slot_letter(s.active_slot), (unsigned long long)s.release_version,
	       (unsigned long long)s.sequence);
	return 0;
}

static int cmd_show(const char *path, uint64_t offset)
{
	struct card_state s;
	unsigned int copy;
	uint8_t *buf = NULL;
	size_t len;
	int ret = 1;

	if (tool_read_file(path, &buf, &len))
		return 1;
	if (offset > len || len - offset < CARD_STATE_AREA_SIZE) {
		tool_error("%s: no %u-byte state area at offset %llu (the file has %zu bytes)", path,
			   CARD_STATE_AREA_SIZE, (unsigned long long)offset, len);
		goto out;
	}
	if (card_state_read(buf + offset, len - offset, &s, &copy)) {
		tool_error("%s: offset %llu: no valid state record in either copy (a blank card, or both torn)",
			   path, (unsigned long long)offset);
		goto out;
	}
	printf("sequence %llu (copy %u)\nactive slot %c\n", (unsigned long long)s.sequence, copy,
	       card_slot_letter(s.active_slot));
	if (s.trial_slot == CARD_SLOT_NONE)
		printf("trial none\n");
	else
		printf("trial slot %c, %u boots left\n", card_slot_letter(s.trial_slot), s.trial_budget);
	printf("release version %llu\n", (unsigned long long)s.release_version);
	if (s.last_trial == CARD_TRIAL_NONE)
		printf("last trial none\n");
	else
		printf("last trial slot %c: %s\n", card_slot_letter(s.last_trial_slot), card_trial_end_name(s.last_trial));
	if (s.overlay)
		printf("overlay in area %u\n", s.overlay);
	else
		printf("overlay none\n");
	ret = 0;
out:
	free(buf);
	return ret;
}

static int cmd_partitions(const char *path)
{
	struct gpt gpt;
	const char *why;
	uint8_t *buf = NULL;
	size_t len;
	int ret = 1;

	if (tool_read_file(path, &buf, &len))
		return 1;
	if (gpt_read(buf, len, len / GPT_BLOCK_SIZE, &gpt, &why)) {
		tool_error("%s: %s", path, why);
		goto out;
	}
	for (unsigned int i = 0; i < gpt.count; i++)
		printf("%s %llu %llu\n", gpt.part[i].name, (unsigned long long)gpt.part[i].first_lba,
		       (unsigned long long)gpt.part[i].last_lba);
	ret = 0;
out:
	free(buf);
	return ret;
}

/* The data partition of CARD (its GPT read from the open FILE): 0 with its byte range, or 1 said. */
static int find_data(FILE *f, const char *card, uint64_t *start, uint64_t *bytes)
{
	static uint8_t table[34 * GPT_BLOCK_SIZE];
	const struct gpt_partition *data;
	struct gpt gpt;
	const char *why;
	long size;

	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < (long)sizeof(table) || fseek(f, 0, SEEK_SET) != 0 ||
	    fread(table, 1, sizeof(table), f) != sizeof(table)) {
		tool_error("%s: cannot read its partition table", card);
		return 1;
	}
	if (gpt_read(table, sizeof(table), (uint64_t)size / GPT_BLOCK_SIZE, &gpt, &why)) {
		tool_error("%s: %s", card, why);
		return 1;
	}
	data = gpt_find(&gpt, "data");
	if (!data) {
		tool_error("%s: no partition named data (not Kauri's card layout)", card);
		return 1;
	}
	*start = data->first_lba * GPT_BLOCK_SIZE;
	*bytes = (data->last_lba - data->first_lba + 1) * GPT_BLOCK_SIZE;
	return 0;
}

static int cmd_inbox_put(const char *card, const char *package)
{
	uint8_t header[INBOX_HEADER_SIZE], *buf = NULL;
	struct inbox_header h = { .status = INBOX_PENDING };
	uint64_t start, bytes;
	size_t len;
	FILE *f = NULL;
	int ret = 1;

	if (tool_read_file(package, &buf, &len))
		return 1;
	if (len < BOOTFS_HEADER_SIZE || memcmp(buf, BOOTFS_MAGIC, 8) != 0) {
		tool_error("%s: not a release image (no bootfs header; kauri-bootfs create makes one)", package);
		goto out;
	}
	f = fopen(card, "r+b");
	if (!f) {
		tool_error("%s: %s", card, strerror(errno));
		goto out;
	}
	if (find_data(f, card, &start, &bytes))
		goto out;
	if (INBOX_PACKAGE_OFFSET + len > bytes) {
		tool_error("%s: %zu bytes do not fit the inbox (the data partition holds %llu after the header)", package,
			   len, (unsigned long long)(bytes - INBOX_PACKAGE_OFFSET));
		goto out;
	}
	h.size = len;
	inbox_header_write(header, &h);
	/* The package first, its header last: a header never names a package not all there. */
	if (fseek(f, (long)(start + INBOX_PACKAGE_OFFSET), SEEK_SET) != 0 || fwrite(buf, 1, len, f) != len ||
	    fflush(f) != 0 || fseek(f, (long)start, SEEK_SET) != 0 || fwrite(header, 1, sizeof(header), f) != sizeof(header) ||
	    fflush(f) != 0) {
		tool_error("%s: cannot write: %s", card, strerror(errno));
		goto out;
	}
	printf("%s: a package of %zu bytes waits in the upgrade inbox (data partition, byte %llu)\n", card, len,
	       (unsigned long long)start);
	ret = 0;
out:
	if (f && fclose(f) != 0 && ret == 0) {
		tool_error("%s: %s", card, strerror(errno));
		ret = 1;
	}
	free(buf);
	return ret;
}

static int cmd_inbox_show(const char *card)
{
	uint8_t header[INBOX_HEADER_SIZE];
	struct inbox_header h;
	uint64_t start, bytes;
	FILE *f = fopen(card, "rb");
	int ret = 1, err;

	if (!f) {
		tool_error("%s: %s", card, strerror(errno));
		return 1;
	}
	if (find_data(f, card, &start, &bytes))
		goto out;
	if (fseek(f, (long)start, SEEK_SET) != 0 || fread(header, 1, sizeof(header), f) != sizeof(header)) {
		tool_error("%s: cannot read the inbox header", card);
		goto out;
	}
	err = inbox_header_read(header, &h);
	if (err == -KFMT_ENOENT) {
		printf("inbox: empty\n");
	} else if (err) {
		tool_error("%s: the inbox header is damaged", card);
		goto out;
	} else if (h.status == INBOX_PENDING) {
		printf("inbox: a package of %llu bytes, pending\n", (unsigned long long)h.size);
	} else {
		printf("inbox: a package of %llu bytes, release version %u: %s", (unsigned long long)h.size, h.version,
		       inbox_outcome_name(h.outcome));
		if (h.slot)
			printf(" (slot %c)", h.slot);
		if (h.detail)
			printf(" (%s)", kauri_format_strerror(h.detail));
		printf("\n");
	}
	ret = 0;
out:
	fclose(f);
	return ret;
}

/* A decimal number for OPTION: 0, or -1 after saying what is wrong. */
static int parse_number(const char *option, const char *arg, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(arg, &end, 10);
	if (!arg[0] || *end || errno || arg[0] == '-') {
		tool_error("%s %s: not a decimal number", option, arg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *out = NULL, *args[3] = { NULL, NULL, NULL };
	uint64_t version = 0, offset = 0, budget = 0;
	uint8_t active = CARD_SLOT_A, trial = CARD_SLOT_NONE;
	unsigned flags = 0;
	int i, nargs = 0;

	tool_set_name("kauri-card");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (tool_output_option(argc, argv, &i, &out, &flags)) {
			continue;
		} else if (strcmp(argv[i], "--active") == 0 && i + 1 < argc) {
			if (parse_slot(argv[++i], &active))
				return 1;
		} else if (strcmp(argv[i], "--trial") == 0 && i + 1 < argc) {
			if (parse_slot(argv[++i], &trial))
				return 1;
		} else if (strcmp(argv[i], "--budget") == 0 && i + 1 < argc) {
			if (parse_number("--budget", argv[++i], &budget))
				return 1;
		} else if (strcmp(argv[i], "--release-version") == 0 && i + 1 < argc) {
			if (parse_number("--release-version", argv[++i], &version))
				return 1;
		} else if (strcmp(argv[i], "--offset") == 0 && i + 1 < argc) {
			if (parse_number("--offset", argv[++i], &offset))
				return 1;
		} else if (argv[i][0] == '-' || nargs == 3) {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 1;
		} else {
			args[nargs++] = argv[i];
		}
	}
	if (nargs == 1 && strcmp(args[0], "state-init") == 0 && out)
		return cmd_init(out, active, trial, budget, version, flags);
	if (nargs == 2 && strcmp(args[0], "state-show") == 0)
		return cmd_show(args[1], offset);
	if (nargs == 2 && strcmp(args[0], "partitions") == 0)
		return cmd_partitions(args[1]);
	if (nargs == 3 && strcmp(args[0], "inbox-put") == 0)
		return cmd_inbox_put(args[1], args[2]);
	if (nargs == 2 && strcmp(args[0], "inbox-show") == 0)
		return cmd_inbox_show(args[1]);
	if (argc < 2)
		usage(stderr);
	else
		tool_error("bad command line (see --help)");
	return 1;
}
