/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kauri-log: splits a captured Kauri console log per app. App lines look like
 * "[    1.234567] hello: text" (the console server's); "kernel: ..." and
 * "rootserver: ..." lines belong to "kernel" and "rootserver"; anything else
 * (boot banner) to "boot".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tool_util.h"

#define MAX_APPS	128
#define NAME_MAX_LEN	64

struct app_count {
	char name[NAME_MAX_LEN];
	unsigned long lines;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-log [--app NAME] [--timestamps] [LOG]\n"
		"\n"
		"Splits a captured Kauri console log (LOG, or standard input) per app.\n"
		"Without --app: one line per app with its number of lines.\n"
		"With --app NAME: that app's lines, text only (--timestamps keeps the time).\n"
		"Exit status: 0 success, 1 NAME not found in the log, 2 usage or read error.\n");
}

/* The app a line belongs to, its text and (if any) where its timestamp is. */
static void classify(char *line, char *app, const char **text, const char **stamp)
{
	char *p = line, *close, *colon;

	*stamp = NULL;
	if (*p == '[' && (close = strchr(p, ']')) && close[1] == ' ') {
		*stamp = p;
		*close = '\0';
		p = close + 2;
		colon = strstr(p, ": ");
		if (colon && colon - p < NAME_MAX_LEN && !memchr(p, ' ', (size_t)(colon - p))) {
			memcpy(app, p, (size_t)(colon - p));
			app[colon - p] = '\0';
			*text = colon + 2;
			return;
		}
		strcpy(app, "boot");
		*text = p;
		return;
	}
	if (!strncmp(p, "kernel: ", 8) || !strncmp(p, "rootserver: ", 12)) {
		colon = strchr(p, ':');
		memcpy(app, p, (size_t)(colon - p));
		app[colon - p] = '\0';
		*text = colon + 2;
		return;
	}
	strcpy(app, "boot");
	*text = p;
}

int main(int argc, char **argv)
{
	const char *want = NULL, *path = NULL;
	struct app_count apps[MAX_APPS];
	unsigned int napps = 0;
	int timestamps = 0, found = 0;
	char line[4096];
	FILE *in = stdin;

	tool_set_name("kauri-log");
	for (int i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		} else if (!strcmp(argv[i], "--app") && i + 1 < argc) {
			want = argv[++i];
		} else if (!strcmp(argv[i], "--timestamps")) {
			timestamps = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			tool_error("unknown option %s (see --help)", argv[i]);
			return 2;
		} else if (!path) {
			path = argv[i];
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (path && strcmp(path, "-") && !(in = fopen(path, "r"))) {
		tool_error("%s: %s", path, strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), in)) {
		char app[NAME_MAX_LEN];
		const char *text, *stamp;
		size_t len = strcspn(line, "\r\n");
		unsigned int i;

		line[len] = '\0';
		classify(line, app, &text, &stamp);
		if (want) {
			if (strcmp(app, want))
				continue;
			found = 1;
			if (timestamps && stamp)
				printf("%s] %s\n", stamp, text);
			else
				printf("%s\n", text);
			continue;
		}
		for (i = 0; i < napps && strcmp(apps[i].name, app); i++)
			;
		if (i == napps && napps < MAX_APPS) {
			snprintf(apps[napps].name, sizeof(apps[napps].name), "%s", app);
			apps[napps++].lines = 0;
		}
		if (i < napps)
			apps[i].lines++;
	}
	if (ferror(in)) {
		tool_error("%s: read error", path ? path : "standard input");
		return 2;
	}
	if (in != stdin)
		fclose(in);
	if (want) {
		if (!found)
			tool_error("no lines of app '%s' in the log", want);
		return found ? 0 : 1;
	}
	for (unsigned int i = 0; i < napps; i++)
		printf("%-24s %lu lines\n", apps[i].name, apps[i].lines);
	return 0;
}
