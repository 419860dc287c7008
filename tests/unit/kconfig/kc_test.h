/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared fixtures for the Kconfig core unit tests: temp dirs, file helpers, parsing shortcuts. */
#ifndef KC_TEST_H
#define KC_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "kconfig_internal.h"

/* Per-test setup/teardown: a fresh temp dir as cwd, a reset core, quiet messages. */
int kc_test_setup(void **state);
int kc_test_teardown(void **state);

void write_file(const char *path, const char *content);
char *read_file(const char *path);		/* NULL if missing; caller frees */
/* Write `kconfig` to ./Kconfig and parse it; returns kc_parse()'s result. */
int parse_text(const char *kconfig);
/* parse_text() that must succeed. */
void parse_ok(const char *kconfig);
/* Symbol that must exist. */
struct kc_symbol *sym(const char *name);
/* Current value of a symbol as text. */
const char *val(const char *name);
/* Parse, then read `config` as .config text (NULL: none). */
void parse_with_config(const char *kconfig, const char *config);

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, kc_test_setup, kc_test_teardown)

extern const struct CMUnitTest parse_tests[];
extern const size_t parse_tests_count;
extern const struct CMUnitTest semantic_tests[];
extern const size_t semantic_tests_count;
extern const struct CMUnitTest confdata_tests[];
extern const size_t confdata_tests_count;

#endif
