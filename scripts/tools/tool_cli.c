/* SPDX-License-Identifier: BSD-2-Clause */
/* What every host tool's command line shares: its name on each message, --help, -o/--force, byte counts. */
#include "tool_cli.h"
#include "tool_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *program_name = "kauri-tool";

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
