/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kauri-card: the card's state area (lib/format/card_state.c, docs/storage.md): write a fresh
 * one for make sdcard and make flash-emmc, show the one in a card image or a file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <format/card_state.h>
#include <format/error.h>
#include <format/gpt.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-card state-init -o FILE [--active A|B] [--trial A|B --budget N]\n"
		"                             [--release-version N] [--force]\n"
		"       kauri-card state-show FILE [--offset BYTES]\n"
		"       kauri-card partitions CARD.IMG\n"
		"\n"
		"state-init  writes a state area (%u bytes): slot A (or B) active, no trial (or the\n"
		"            other slot on trial with N boots, 1-255), the release version N (default\n"
		"            0), sequence 1.\n"
		"state-show  prints the state in FILE, from BYTES into it (a card image's state\n"
		"            partition): which copy holds it, the active slot, the trial, the version,\n"
		"            how the last trial ended.\n"
		"partitions  reads the card image's GPT as the storage server does and prints each\n"
		"            partition: name, first and last block.\n"
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
	const char *out = NULL, *args[2] = { NULL, NULL };
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
		} else if (argv[i][0] == '-' || nargs == 2) {
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
	if (argc < 2)
		usage(stderr);
	else
		tool_error("bad command line (see --help)");
	return 1;
}
