/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of the manifest parser's property readers and error paths, on trees built here. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <format/error.h>

#include "manifest_parser.h"

static char tree[8192];
static struct manifest_error error;
static struct parser p;
static int node; /* /n, which every property below is on */

/* One property of /n: name, then len bytes of value. */
struct prop {
	const char *name;
	const void *value;
	int len;
};

/* A string literal without its last NUL, one with it, and a property without a value. */
#define PROP(n, v) { n, v, sizeof(v) - 1 }
#define STR(n, v) { n, v, sizeof(v) }
#define FLAG(n) { n, "", 0 }

/* Build / with /n holding props (and /target, phandle 0x10) and point p at it. */
static void build(const struct prop *props, size_t n)
{
	size_t i;

	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_begin_node(tree, "n"), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(fdt_property(tree, props[i].name, props[i].value, props[i].len),
				 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_begin_node(tree, "target"), 0);
	assert_int_equal(fdt_property_u32(tree, "phandle", 0x10), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
	memset(&error, 0, sizeof(error));
	memset(&p, 0, sizeof(p));
	p.dtb = tree;
	p.err = &error;
	node = fdt_path_offset(tree, "/n");
	assert_true(node > 0);
}

static void expect(int ret, int code, const char *path, const char *message)
{
	assert_int_equal(ret, -code);
	assert_string_equal(error.path, path);
	assert_string_equal(error.message, message);
}

static void test_u32(void **state)
{
	static const char cell[] = { 0, 0, 1, 2 };
	const struct prop props[] = { { "v", cell, 4 }, STR("s", "abcd"), FLAG("e") };
	uint32_t v = 7;
	bool found = true;

	(void)state;
	build(props, 3);
	assert_int_equal(manifest_prop_u32(&p, node, "absent", &v, &found), 0);
	assert_false(found);
	assert_int_equal(v, 7);
	assert_int_equal(manifest_prop_u32(&p, node, "v", &v, &found), 0);
	assert_true(found);
	assert_int_equal(v, 0x102);
	expect(manifest_prop_u32(&p, node, "s", &v, &found), KFMT_EFORMAT, "/n/s",
	       "s must be one 32-bit cell, not 5 bytes");
	expect(manifest_prop_u32(&p, node, "e", &v, &found), KFMT_EFORMAT, "/n/e",
	       "e must be one 32-bit cell, not 0 bytes");
}

static void test_string(void **state)
{
	const struct prop props[] = { STR("ok", "hello"), FLAG("empty"), PROP("unterminated", "ab"),
				      PROP("list", "a\0b\0") };
	const char *s = NULL;

	(void)state;
	build(props, 4);
	assert_int_equal(manifest_prop_string(&p, node, "absent", &s), 0);
	assert_null(s);
	assert_int_equal(manifest_prop_string(&p, node, "ok", &s), 0);
	assert_string_equal(s, "hello");
	expect(manifest_prop_string(&p, node, "empty", &s), KFMT_EFORMAT, "/n/empty",
	       "empty is not a NUL-terminated string");
	expect(manifest_prop_string(&p, node, "unterminated", &s), KFMT_EFORMAT, "/n/unterminated",
	       "unterminated is not a NUL-terminated string");
	expect(manifest_prop_string(&p, node, "list", &s), KFMT_EFORMAT, "/n/list",
	       "list must be one string, not a list");
}

static void test_string_list(void **state)
{
	const struct prop props[] = { PROP("ok", "a\0b\0"),    PROP("blank", "a\0\0"),
				      PROP("twice", "a\0a\0"), PROP("three", "a\0b\0c\0"),
				      FLAG("empty"),	       PROP("unterminated", "a\0b") };
	const char *out[2];
	uint32_t n = 9;

	(void)state;
	build(props, 6);
	assert_int_equal(manifest_prop_string_list(&p, node, "absent", out, 2, &n, false), 0);
	assert_int_equal(n, 0);
	assert_int_equal(manifest_prop_string_list(&p, node, "ok", out, 2, &n, false), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[0], "a");
	assert_string_equal(out[1], "b");
	/* args may hold empty and repeated strings, protocol lists may not. */
	assert_int_equal(manifest_prop_string_list(&p, node, "blank", out, 2, &n, true), 0);
	assert_int_equal(n, 2);
	assert_string_equal(out[1], "");
	expect(manifest_prop_string_list(&p, node, "blank", out, 2, &n, false), KFMT_EFORMAT,
	       "/n/blank", "blank has an empty entry");
	assert_int_equal(manifest_prop_string_list(&p, node, "twice", out, 2, &n, true), 0);
	assert_int_equal(n, 2);
	expect(manifest_prop_string_list(&p, node, "twice", out, 2, &n, false), KFMT_EFORMAT,
	       "/n/twice", "twice lists a twice");
	expect(manifest_prop_string_list(&p, node, "three", out, 2, &n, false), KFMT_ENOSPC,
	       "/n/three", "too many three: more than 2");
	assert_int_equal(n, 0);
	expect(manifest_prop_string_list(&p, node, "empty", out, 2, &n, false), KFMT_EFORMAT,
	       "/n/empty", "empty is not a NUL-terminated string list");
	expect(manifest_prop_string_list(&p, node, "unterminated", out, 2, &n, true), KFMT_EFORMAT,
	       "/n/unterminated", "unterminated is not a NUL-terminated string list");
}

static void test_bool(void **state)
{
	const struct prop props[] = { FLAG("set"), STR("valued", "yes") };
	bool b = true;

	(void)state;
	build(props, 2);
	assert_int_equal(manifest_prop_bool(&p, node, "absent", &b), 0);
	assert_false(b);
	assert_int_equal(manifest_prop_bool(&p, node, "set", &b), 0);
	assert_true(b);
	expect(manifest_prop_bool(&p, node, "valued", &b), KFMT_EFORMAT, "/n/valued",
	       "valued takes no value");
}

static void test_cells(void **state)
{
	static const char two[] = { 0, 0, 0, 16, 0, 0, 0, 17 };
	static const char three[] = { 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3 };
	const struct prop props[] = {
		{ "two", two, 8 }, { "three", three, 12 }, { "partial", two, 6 }, FLAG("empty")
	};
	const fdt32_t *cells = (const fdt32_t *)two;
	uint32_t n = 9;

	(void)state;
	build(props, 4);
	assert_int_equal(manifest_prop_cells(&p, node, "absent", "cells", 2, &cells, &n), 0);
	assert_null(cells);
	assert_int_equal(n, 0);
	assert_int_equal(manifest_prop_cells(&p, node, "two", "cells", 2, &cells, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(fdt32_ld(cells + 1), 17);
	expect(manifest_prop_cells(&p, node, "three", "cells", 2, &cells, &n), KFMT_ENOSPC,
	       "/n/three", "too many three: more than 2");
	expect(manifest_prop_cells(&p, node, "partial", "app phandles", 2, &cells, &n),
	       KFMT_EFORMAT, "/n/partial", "partial must be a list of app phandles, not 6 bytes");
	expect(manifest_prop_cells(&p, node, "empty", "32-bit cells", 2, &cells, &n), KFMT_EFORMAT,
	       "/n/empty", "empty must be a list of 32-bit cells, not 0 bytes");
}

static void test_phandle(void **state)
{
	static const char good[] = { 0, 0, 0, 0x10 };
	static const char dangling[] = { 0, 0, 0, 0x99 };
	const struct prop props[] = { { "good", good, 4 },
				      { "dangling", dangling, 4 },
				      STR("text", "x") };
	uint32_t phandle = 0;
	int target = -1;
	bool found = true;

	(void)state;
	build(props, 3);
	assert_int_equal(manifest_prop_phandle(&p, node, "absent", &phandle, &target, &found), 0);
	assert_false(found);
	assert_int_equal(manifest_prop_phandle(&p, node, "good", &phandle, &target, &found), 0);
	assert_true(found);
	assert_int_equal(phandle, 0x10);
	assert_int_equal(target, fdt_path_offset(tree, "/target"));
	expect(manifest_prop_phandle(&p, node, "dangling", &phandle, &target, &found), KFMT_EFORMAT,
	       "/n/dangling", "phandle 0x99 points to no node");
	expect(manifest_prop_phandle(&p, node, "text", &phandle, &target, &found), KFMT_EFORMAT,
	       "/n/text", "text must be one 32-bit cell, not 2 bytes");
}

static void test_node_checks(void **state)
{
	static const char *const known[] = { "a", "b", NULL };
	const struct prop unknown[] = { STR("a", "x"), STR("c", "y") };
	const struct prop labelled[] = { STR("a", "x"), STR("phandle", "y"),
					 STR("linux,phandle", "z") };

	(void)state;
	build(unknown, 2);
	expect(manifest_check_properties(&p, node, known), KFMT_EFORMAT, "/n/c",
	       "unknown property c (known: a b)");
	/* dtc's labels add phandle properties: never refused. */
	build(labelled, 3);
	assert_int_equal(manifest_check_properties(&p, node, known), 0);
	/* The root's subnodes: n and target. */
	expect(manifest_check_subnodes(&p, 0, manifest_no_names), KFMT_EFORMAT, "/n",
	       "unknown node n (known: none)");
}

static void test_error_paths(void **state)
{
	char deep[MANIFEST_ERROR_PATH_LEN + 40];
	int i, at;

	(void)state;
	build(NULL, 0);
	expect(manifest_fail(&p, KFMT_EFORMAT, -1, NULL, "at %s", "root"), KFMT_EFORMAT, "/",
	       "at root");
	expect(manifest_fail(&p, KFMT_ENOSPC, -1, "apps", "x"), KFMT_ENOSPC, "/apps", "x");
	expect(manifest_fail(&p, KFMT_EFORMAT, node, NULL, "y"), KFMT_EFORMAT, "/n", "y");
	/* Without an error record the code is still returned. */
	p.err = NULL;
	assert_int_equal(manifest_fail(&p, KFMT_EFORMAT, node, "q", "z"), -KFMT_EFORMAT);

	/* A path too long for the record keeps the node's own name. */
	assert_int_equal(fdt_create_empty_tree(tree, sizeof(tree)), 0);
	at = 0;
	for (i = 0; i < 12; i++) {
		at = fdt_add_subnode(tree, at, i < 11 ? "a-rather-long-node-name" : "leaf");
		assert_true(at > 0);
	}
	p.dtb = tree;
	p.err = &error;
	expect(manifest_fail(&p, KFMT_EFORMAT, at, "prop", "deep"), KFMT_EFORMAT, "/.../leaf/prop",
	       "deep");
	assert_int_not_equal(fdt_get_path(tree, at, deep, sizeof(deep)), 0);
}

static void test_known_names(void **state)
{
	static const char *const three[] = { "x", "y", "z", NULL };

	(void)state;
	assert_string_equal(manifest_known_names(&p, manifest_no_names), "none");
	assert_string_equal(manifest_known_names(&p, three), "x y z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32),	    cmocka_unit_test(test_string),
		cmocka_unit_test(test_string_list), cmocka_unit_test(test_bool),
		cmocka_unit_test(test_cells),	    cmocka_unit_test(test_phandle),
		cmocka_unit_test(test_node_checks), cmocka_unit_test(test_error_paths),
		cmocka_unit_test(test_known_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
