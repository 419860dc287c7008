/* SPDX-License-Identifier: BSD-2-Clause */
/* What every host tool's command line shares (tool_cli.c). */
#ifndef KAURI_TOOL_CLI_H
#define KAURI_TOOL_CLI_H

#include <stdbool.h>
#include <stdint.h>

/* Set once by main(); prefixes every message. */
void tool_set_name(const char *name);

/* Print "NAME: error: MESSAGE" on stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* An option's byte count (decimal, or 0x hex), more than 0; prints the error naming the option. */
int tool_byte_count(const char *option, const char *arg, uint64_t *out);

/* True for "-h"/"--help". */
bool tool_is_help(const char *arg);

/*
 * The options of every tool that writes a file: "-o FILE" sets *out, "--force" adds
 * TOOL_WRITE_FORCE to *flags. True when argv[*i] was one of them; *i is then at its last word.
 */
bool tool_output_option(int argc, char **argv, int *i, const char **out, unsigned *flags);

#endif
