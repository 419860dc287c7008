/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fixdep: turns gcc's -MD dependency file into the .cmd file the build includes,
 * replacing the dependency on autoconf.h by one on a stamp file per CONFIG_ symbol
 * the sources mention, so that changing one option rebuilds only its users.
 *
 * Usage: fixdep DEPFILE TARGET COMMAND > .TARGET.cmd
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define CONFIG_PREFIX "CONFIG_"
#define CONFIG_PREFIX_LEN (sizeof(CONFIG_PREFIX) - 1)

/* Symbols already emitted for this target, kept in a small open hash table. */
struct seen {
	char **names;
	size_t size;
	size_t used;
};

static struct seen seen_symbols;
static const char *progname = "fixdep";

static void die(const char *what, const char *path)
{
	fprintf(stderr, "%s: %s: %s: %s\n", progname, what, path, strerror(errno));
	exit(2);
}

static unsigned long hash_name(const char *s, size_t len)
{
	unsigned long h = 5381;

	while (len--)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Returns 1 if NAME (LEN bytes) was new and is now recorded. */
static int remember(const char *name, size_t len)
{
	struct seen *t = &seen_symbols;
	size_t i;

	if (t->used * 2 >= t->size) {
		struct seen bigger = { .size = t->size ? t->size * 2 : 256 };

		bigger.names = calloc(bigger.size, sizeof(char *));
		if (!bigger.names)
			die("out of memory", "");
		for (i = 0; i < t->size; i++) {
			char *n = t->names[i];
			size_t j;

			if (!n)
				continue;
			j = hash_name(n, strlen(n)) & (bigger.size - 1);
			while (bigger.names[j])
				j = (j + 1) & (bigger.size - 1);
			bigger.names[j] = n;
			bigger.used++;
		}
		free(t->names);
		*t = bigger;
	}
	i = hash_name(name, len) & (t->size - 1);
	while (t->names[i]) {
		if (strlen(t->names[i]) == len && !memcmp(t->names[i], name, len))
			return 0;
		i = (i + 1) & (t->size - 1);
	}
	t->names[i] = strndup(name, len);
	if (!t->names[i])
		die("out of memory", "");
	t->used++;
	return 1;
}

static int is_symbol_char(int c)
{
	return isalnum(c) || c == '_';
}

static void use_symbol(const char *name, size_t len)
{
	/* CONFIG_FOO_MODULE in autoconf.h belongs to FOO. */
	if (len > 7 && !memcmp(name + len - 7, "_MODULE", 7))
		len -= 7;
	if (len == 0 || !remember(name, len))
		return;
	printf("    $(wildcard include/config/%.*s) \\\n", (int)len, name);
}

/* Emits a stamp dependency for every CONFIG_ symbol named in the file. */
static void scan_for_symbols(const char *path)
{
	struct stat st;
	const char *text, *p, *end;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		die("cannot open", path);
	if (fstat(fd, &st) < 0)
		die("cannot stat", path);
	if (st.st_size == 0) {
		close(fd);
		return;
	}
	text = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (text == MAP_FAILED)
		die("cannot map", path);
	close(fd);
	end = text + st.st_size;
	for (p = text; p + CONFIG_PREFIX_LEN < end; p++) {
		const char *name;

		if (*p != 'C' || memcmp(p, CONFIG_PREFIX, CONFIG_PREFIX_LEN))
			continue;
		if (p > text && is_symbol_char((unsigned char)p[-1]))
			continue;
		name = p + CONFIG_PREFIX_LEN;
		p = name;
		while (p < end && is_symbol_char((unsigned char)*p))
			p++;
		use_symbol(name, p - name);
		p--;
	}
	munmap((void *)text, st.st_size);
}

static int is_config_header(const char *path, size_t len)
{
	static const char autoconf[] = "include/generated/autoconf.h";
	size_t n = sizeof(autoconf) - 1;

	return len >= n && !memcmp(path + len - n, autoconf, n) &&
	       (len == n || path[len - n - 1] == '/');
}

/* The depfile is "target: dep dep \\\n dep ..."; paths contain no spaces here. */
static void parse_depfile(char *buf, const char *target)
{
	char *p = buf, *word;
	int first = 1;

	printf("deps_%s := \\\n", target);
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\\')
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
		if (first) {
			/* Skip the "target:" word(s) gcc writes first. */
			if (word[strlen(word) - 1] == ':')
				first = 0;
			continue;
		}
		if (is_config_header(word, strlen(word)))
			continue;
		printf("    %s \\\n", word);
		scan_for_symbols(word);
	}
	printf("\n%s: $(deps_%s)\n\n$(deps_%s):\n", target, target, target);
}

int main(int argc, char **argv)
{
	const char *depfile, *target, *command;
	struct stat st;
	char *buf;
	FILE *f;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: fixdep DEPFILE TARGET COMMAND\n"
		       "Rewrites gcc -MD output into a make fragment on stdout: the saved command\n"
		       "line and the target's dependencies, with autoconf.h replaced by\n"
		       "include/config/<SYMBOL> stamps for each CONFIG_ symbol used.\n");
		return 0;
	}
	if (argc != 4) {
		fprintf(stderr, "usage: fixdep DEPFILE TARGET COMMAND (see --help)\n");
		return 2;
	}
	depfile = argv[1];
	target = argv[2];
	command = argv[3];

	f = fopen(depfile, "r");
	if (!f)
		die("cannot open", depfile);
	if (fstat(fileno(f), &st) < 0)
		die("cannot stat", depfile);
	buf = malloc(st.st_size + 1);
	if (!buf)
		die("out of memory", depfile);
	if (fread(buf, 1, st.st_size, f) != (size_t)st.st_size)
		die("cannot read", depfile);
	buf[st.st_size] = '\0';
	fclose(f);

	printf("savedcmd_%s := %s\n\n", target, command);
	parse_depfile(buf, target);
	free(buf);
	if (fflush(stdout) || ferror(stdout))
		die("cannot write", "stdout");
	return 0;
}
