/* SPDX-License-Identifier: BSD-2-Clause */
/* Entry point and fixtures of the Kconfig core unit tests (cmocka). */
#include "kc_test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char saved_cwd[4096];
static char tmp_dir[256];

int kc_test_setup(void **state)
{
	(void)state;
	if (!getcwd(saved_cwd, sizeof(saved_cwd)))
		return -1;
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/kc-unit-XXXXXX");
	if (!mkdtemp(tmp_dir) || chdir(tmp_dir))
		return -1;
	unsetenv("srctree");
	unsetenv("KCONFIG_CONFIG");
	kc_quiet = true;
	kc_message_log_clear();
	kc_reset();
	return 0;
}

int kc_test_teardown(void **state)
{
	char cmd[300];

	(void)state;
	if (chdir(saved_cwd))
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void make_parents(const char *path)
{
	char *p = strdup(path);

	for (char *s = p + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(p, 0755);
			*s = '/';
		}
	}
	free(p);
}

void write_file(const char *path, const char *content)
{
	FILE *f;

	make_parents(path);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fputs(content, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

int parse_text(const char *kconfig)
{
	write_file("Kconfig", kconfig);
	return kc_parse("Kconfig");
}

void parse_ok(const char *kconfig)
{
	int err = parse_text(kconfig);

	if (err)
		fail_msg("parse failed: %s", kc_message_log());
}

struct kc_symbol *sym(const char *name)
{
	struct kc_symbol *s = kc_sym_find(name);

	if (!s)
		fail_msg("no symbol %s", name);
	return s;
}

const char *val(const char *name)
{
	return kc_sym_string(sym(name));
}

void parse_with_config(const char *kconfig, const char *config)
{
	parse_ok(kconfig);
	if (config) {
		write_file(".config", config);
		assert_int_equal(kc_conf_read(".config", false), 0);
	}
}

int main(void)
{
	int failed = 0;

	failed += _cmocka_run_group_tests("kconfig_parse", parse_tests, parse_tests_count, NULL, NULL);
	failed += _cmocka_run_group_tests("kconfig_semantics", semantic_tests, semantic_tests_count,
					  NULL, NULL);
	failed += _cmocka_run_group_tests("kconfig_confdata", confdata_tests, confdata_tests_count,
					  NULL, NULL);
	return failed ? 1 : 0;
}
