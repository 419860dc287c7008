/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of the Kconfig lexer and parser: every construct and every syntax error message. */
#include "kc_test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void test_types_and_prompts(void **state)
{
	(void)state;
	parse_ok("config B\n\tbool \"a bool\"\n"
		 "config T\n\ttristate \"a tristate\"\n"
		 "config I\n\tint \"an int\"\n"
		 "config H\n\thex \"a hex\"\n"
		 "config S\n\tstring \"a string\"\n"
		 "config P\n\tbool\n\tprompt \"separate prompt\"\n");
	assert_int_equal(sym("B")->type, KC_BOOL);
	assert_int_equal(sym("T")->type, KC_TRISTATE);
	assert_int_equal(sym("I")->type, KC_INT);
	assert_int_equal(sym("H")->type, KC_HEX);
	assert_int_equal(sym("S")->type, KC_STRING);
	assert_string_equal(kc_sym_prompt(sym("B"))->text, "a bool");
	assert_string_equal(kc_sym_prompt(sym("P"))->text, "separate prompt");
	assert_string_equal(sym("I")->menus->file, "Kconfig");
	assert_int_equal(sym("I")->menus->line, 5);
}

static void test_def_shorthands(void **state)
{
	(void)state;
	parse_ok("config A\n\tdef_bool y\n"
		 "config T\n\tdef_tristate A\n"
		 "config C\n\tdef_bool n if A\n\tdefault y\n");
	assert_int_equal(sym("A")->type, KC_BOOL);
	assert_string_equal(val("A"), "y");
	assert_int_equal(sym("T")->type, KC_TRISTATE);
	assert_string_equal(val("T"), "y");
	/* The first default whose condition holds wins. */
	assert_string_equal(val("C"), "n");
	assert_null(kc_sym_prompt(sym("A")));
}

static void test_prompt_if(void **state)
{
	(void)state;
	parse_ok("config GATE\n\tbool \"gate\"\n"
		 "config X\n\tbool \"x\" if GATE\n\tdefault y\n");
	assert_int_equal(kc_sym_visible(sym("X")), KC_N);
	assert_string_equal(val("X"), "y");
	assert_int_equal(kc_sym_set_tristate(sym("GATE"), KC_Y), 0);
	assert_int_equal(kc_sym_visible(sym("X")), KC_Y);
	assert_int_equal(kc_sym_set_tristate(sym("X"), KC_N), 0);
	assert_string_equal(val("X"), "n");
}

static void test_menu_tree(void **state)
{
	struct kc_menu *root, *a, *menu, *inner, *comment;

	(void)state;
	parse_ok("mainmenu \"My Title\"\n"
		 "config A\n\tbool \"a\"\n"
		 "menu \"Sub\"\n"
		 "config INNER\n\tbool \"inner\"\n"
		 "comment \"note\"\n"
		 "endmenu\n");
	assert_string_equal(kc_mainmenu_title(), "My Title");
	root = kc_root_menu();
	a = root->child;
	assert_non_null(a);
	assert_ptr_equal(a->sym, sym("A"));
	menu = a->next;
	assert_int_equal(menu->kind, KC_MENU_MENU);
	assert_string_equal(kc_menu_prompt(menu), "Sub");
	inner = menu->child;
	assert_ptr_equal(inner->sym, sym("INNER"));
	assert_ptr_equal(inner->parent, menu);
	comment = inner->next;
	assert_int_equal(comment->kind, KC_MENU_COMMENT);
	assert_string_equal(kc_menu_prompt(comment), "note");
	assert_null(comment->next);
	assert_null(menu->next);
	assert_ptr_equal(kc_menu_next_dfs(menu), inner);
	assert_ptr_equal(kc_menu_next_dfs(comment), NULL);
}

static void test_default_title(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n");
	assert_string_equal(kc_mainmenu_title(), "Configuration");
}

static void test_help_text(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\thelp\n"
		 "\t  First line.\n\n"
		 "\t    Indented more.\n"
		 "\t  Last line.\n"
		 "\n"
		 "\tdefault y\n"
		 "config B\n\tbool \"b\"\n\t---help---\n\t  Old style.\n"
		 "config C\n\tbool \"c\"\n");
	assert_string_equal(sym("A")->menus->help, "First line.\n\n  Indented more.\nLast line.\n");
	/* The help ended at the less indented line: `default y` still belongs to A. */
	assert_string_equal(val("A"), "y");
	assert_string_equal(sym("B")->menus->help, "Old style.\n");
	assert_non_null(kc_sym_find("C"));
	assert_null(sym("C")->menus->help);
}

static void test_if_block_flattened(void **state)
{
	struct kc_menu *m;
	char *dep;

	(void)state;
	parse_ok("config A\n\tbool \"a\"\n"
		 "if A\n"
		 "config B\n\tbool \"b\"\n\tdefault y\n"
		 "endif\n"
		 "config C\n\tbool \"c\"\n");
	/* No IF node remains; B sits between A and C (nested below A, which it depends on). */
	for (m = kc_root_menu()->child; m; m = kc_menu_next_dfs(m))
		assert_int_not_equal(m->kind, KC_MENU_IF);
	dep = kc_expr_to_str_alloc(sym("B")->dir_dep, false);
	assert_string_equal(dep, "A");
	free(dep);
	assert_string_equal(val("B"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_Y), 0);
	assert_string_equal(val("B"), "y");
}

static void test_menuconfig_nesting(void **state)
{
	struct kc_menu *net;

	(void)state;
	parse_ok("menuconfig NET\n\tbool \"net\"\n"
		 "config NET_A\n\tbool \"a\"\n\tdepends on NET\n"
		 "config NET_B\n\tbool \"b\"\n\tdepends on NET\n"
		 "config OTHER\n\tbool \"other\"\n");
	net = sym("NET")->menus;
	assert_true(net->is_menuconfig);
	assert_ptr_equal(net->child->sym, sym("NET_A"));
	assert_ptr_equal(net->child->next->sym, sym("NET_B"));
	assert_ptr_equal(net->next->sym, sym("OTHER"));
	assert_ptr_equal(sym("NET_B")->menus->parent, net);
}

static void test_choice_named_and_unnamed(void **state)
{
	struct kc_symbol *named;
	struct kc_menu *m;

	(void)state;
	parse_ok("choice\n\tprompt \"first\"\n"
		 "config A1\n\tbool \"a1\"\nconfig A2\n\tbool \"a2\"\nendchoice\n"
		 "choice NAMED\n\tprompt \"second\"\n\tdefault B2\n"
		 "config B1\n\tbool \"b1\"\nconfig B2\n\tbool \"b2\"\nendchoice\n");
	named = sym("NAMED");
	assert_true(kc_sym_is_choice(named));
	assert_true(kc_sym_is_choice_value(sym("B1")));
	assert_ptr_equal(sym("B1")->choice, named);
	assert_ptr_equal(kc_choice_selected(named), sym("B2"));
	m = kc_root_menu()->child;
	assert_int_equal(m->kind, KC_MENU_CHOICE);
	assert_null(m->sym->name);
	assert_ptr_equal(kc_choice_selected(m->sym), sym("A1"));
	assert_ptr_equal(kc_choice_menu(named)->child->sym, sym("B1"));
	assert_int_equal(named->type, KC_BOOL);
}

static void test_source_cwd_and_srctree(void **state)
{
	(void)state;
	write_file("sub/Kconfig.a", "config FROM_CWD\n\tbool \"cwd\"\n");
	write_file("tree/other/Kconfig.b", "config FROM_SRCTREE\n\tbool \"srctree\"\n");
	setenv("srctree", "tree", 1);
	parse_ok("source \"sub/Kconfig.a\"\nsource \"other/Kconfig.b\"\nconfig LAST\n\tbool \"l\"\n");
	unsetenv("srctree");
	assert_non_null(kc_sym_find("FROM_CWD"));
	assert_non_null(kc_sym_find("FROM_SRCTREE"));
	assert_string_equal(sym("FROM_SRCTREE")->menus->file, "tree/other/Kconfig.b");
	assert_ptr_equal(sym("FROM_CWD")->menus->next->sym, sym("FROM_SRCTREE"));
}

static void test_rsource_glob(void **state)
{
	struct kc_menu *m;

	(void)state;
	write_file("drivers/Kconfig", "rsource \"*/Kconfig\"\n");
	write_file("drivers/b/Kconfig", "config DRV_B\n\tbool \"b\"\n");
	write_file("drivers/a/Kconfig", "config DRV_A\n\tbool \"a\"\n");
	write_file("drivers/c/Kconfig", "rsource \"Kconfig.more\"\n");
	write_file("drivers/c/Kconfig.more", "config DRV_C\n\tbool \"c\"\n");
	parse_ok("source \"drivers/Kconfig\"\n");
	/* Glob matches are read in sorted order; rsource is relative to the including file. */
	m = kc_root_menu()->child;
	assert_ptr_equal(m->sym, sym("DRV_A"));
	assert_ptr_equal(m->next->sym, sym("DRV_B"));
	assert_ptr_equal(m->next->next->sym, sym("DRV_C"));
	assert_string_equal(sym("DRV_C")->menus->file, "drivers/c/Kconfig.more");
}

/* Kauri's boards/Kconfig: a glob `source` (found under $srctree) inside a choice adds one member
 * per folder, in sorted order; a second glob reads each folder's settings, a prompt-less second
 * entry of a generic option whose default holds only for its own board. */
static void test_source_glob_board_folders(void **state)
{
	struct kc_menu *choice, *member;

	(void)state;
	write_file("tree/boards/zed/Kconfig.board", "config BOARD_ZED\n\tbool \"zed\"\n");
	write_file("tree/boards/zed/Kconfig", "if BOARD_ZED\nconfig RAM_BASE\n\tdefault 0x0\nendif\n");
	write_file("tree/boards/ant/Kconfig.board", "config BOARD_ANT\n\tbool \"ant\"\n");
	write_file("tree/boards/ant/Kconfig",
		   "if BOARD_ANT\nconfig RAM_BASE\n\tdefault 0x40000000\nendif\n");
	write_file("tree/boards/common/base.dtsi", "/* not a Kconfig file */\n");
	setenv("srctree", "tree", 1);
	parse_ok("choice\n\tprompt \"board\"\n\tdefault BOARD_ZED\n"
		 "source \"boards/*/Kconfig.board\"\n"
		 "endchoice\n"
		 "source \"boards/*/Kconfig\"\n"
		 "config RAM_BASE\n\thex \"RAM base\"\n");
	unsetenv("srctree");
	choice = kc_root_menu()->child;
	member = kc_choice_menu(choice->sym)->child;
	assert_ptr_equal(member->sym, sym("BOARD_ANT"));
	assert_ptr_equal(member->next->sym, sym("BOARD_ZED"));
	assert_null(member->next->next);
	assert_ptr_equal(sym("BOARD_ANT")->choice, choice->sym);
	assert_ptr_equal(kc_choice_selected(choice->sym), sym("BOARD_ZED"));
	assert_int_equal(sym("RAM_BASE")->type, KC_HEX);
	assert_string_equal(val("RAM_BASE"), "0x0");
	assert_int_equal(kc_choice_select(choice->sym, sym("BOARD_ANT")), 0);
	assert_string_equal(val("RAM_BASE"), "0x40000000");
	assert_string_equal(kc_sym_prompt(sym("RAM_BASE"))->text, "RAM base");
}

static void test_osource_missing_is_fine(void **state)
{
	(void)state;
	parse_ok("osource \"nope/Kconfig\"\norsource \"none*/Kconfig\"\nconfig A\n\tbool \"a\"\n");
	assert_non_null(kc_sym_find("A"));
}

static void test_env_expansion(void **state)
{
	(void)state;
	setenv("KC_TEST_ARCH", "arm64", 1);
	setenv("KC_TEST_BOARD", "virt", 1);
	unsetenv("KC_TEST_UNSET");
	write_file("arch/arm64/Kconfig", "config ARCH_FILE\n\tbool \"from arch\"\n");
	write_file("boards/virt/Kconfig", "config BOARD_FILE\n\tbool \"from board\"\n");
	write_file("boards/virt/arm64.kc", "config BOTH_FILE\n\tbool \"from both\"\n");
	/*
	 * $(VAR) is the environment, $NAME and ${NAME} a symbol's value (an `option env`
	 * symbol holds its variable), in source paths and the mainmenu title only; in
	 * prompts and defaults the text stays as written, as kconfig-frontends 4.11 keeps it.
	 */
	parse_ok("mainmenu \"$BOARD on $(KC_TEST_ARCH)\"\n"
		 "config BOARD\n\tstring\n\toption env=\"KC_TEST_BOARD\"\n"
		 "source \"arch/$(KC_TEST_ARCH)/Kconfig\"\n"
		 "source \"boards/$BOARD/Kconfig\"\n"
		 "source \"boards/${BOARD}/$(KC_TEST_ARCH).kc\"\n"
		 "osource \"none/$NOT_A_SYMBOL/Kconfig\"\n"
		 "config A\n\tstring \"arch is $(KC_TEST_ARCH)\"\n\tdefault \"$(KC_TEST_ARCH) $BOARD\"\n"
		 "osource \"[$(KC_TEST_UNSET)]\"\n");
	assert_non_null(kc_sym_find("ARCH_FILE"));
	assert_non_null(kc_sym_find("BOARD_FILE"));
	assert_non_null(kc_sym_find("BOTH_FILE"));
	assert_string_equal(kc_mainmenu_title(), "virt on arm64");
	assert_string_equal(kc_sym_prompt(sym("A"))->text, "arch is $(KC_TEST_ARCH)");
	assert_string_equal(val("A"), "$(KC_TEST_ARCH) $BOARD");
	assert_string_equal(val("BOARD"), "virt");
	assert_string_equal(kc_message_log(),
			    "Kconfig:12: warning: environment variable KC_TEST_UNSET is undefined\n");
}

static void test_env_source_missing(void **state)
{
	(void)state;
	unsetenv("KC_TEST_UNSET");
	/* An unset variable leaves "/Kconfig", which does not open: the error names the path. */
	assert_int_equal(parse_text("config ROOT\n\tstring\n\toption env=\"KC_TEST_UNSET\"\n"
				    "source \"$ROOT/Kconfig\"\n"), -ENOENT);
	assert_string_equal(kc_message_log(),
			    "Kconfig:3: warning: environment variable KC_TEST_UNSET undefined\n"
			    "Kconfig:4: error: can't open file \"/Kconfig\"\n");
}

static void test_line_continuation_and_comments(void **state)
{
	(void)state;
	parse_ok("# a comment line\n"
		 "config A\n\tbool \"a\" # trailing comment\n\tdefault y if \\\n\t\tB || \\\n\t\t!B\n"
		 "config B\n\tbool\n"
		 "config C\n\tbool \"c\"\n");
	assert_string_equal(val("A"), "y");
	/* Line numbers keep counting physical lines. */
	assert_int_equal(sym("C")->menus->line, 9);
}

static void test_options(void **state)
{
	(void)state;
	setenv("KC_TEST_ENVVAL", "from-env", 1);
	parse_ok("config ENVSYM\n\tstring\n\toption env=\"KC_TEST_ENVVAL\"\n"
		 "config DEFLIST\n\tstring\n\toption defconfig_list\n\tdefault \"x\"\n"
		 "config MODULES\n\tbool \"modules\"\n\toption modules\n"
		 "config ALLNO\n\tbool \"a\"\n\toption allnoconfig_y\n");
	assert_string_equal(val("ENVSYM"), "from-env");
	assert_true(sym("ENVSYM")->flags & KC_SYM_ENV);
	assert_true(sym("DEFLIST")->flags & KC_SYM_DEFCONFIG_LIST);
	assert_ptr_equal(kc_modules_sym, sym("MODULES"));
	/* Environment symbols never end up in .config. */
	assert_int_equal(kc_conf_write(".config"), 0);
	{
		char *text = read_file(".config");

		assert_null(strstr(text, "ENVSYM"));
		free(text);
	}
}

static void test_ranges_selects_parsed(void **state)
{
	struct kc_property *p;
	int n_select = 0, n_imply = 0, n_range = 0;

	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\tselect B if C\n\timply D\n"
		 "config B\n\tbool\nconfig C\n\tbool\nconfig D\n\tbool \"d\"\n"
		 "config N\n\tint \"n\"\n\trange 1 10 if C\n\trange 0 100\n");
	for (p = sym("A")->props; p; p = p->next) {
		n_select += p->kind == KC_PROP_SELECT;
		n_imply += p->kind == KC_PROP_IMPLY;
	}
	for (p = sym("N")->props; p; p = p->next)
		n_range += p->kind == KC_PROP_RANGE;
	assert_int_equal(n_select, 1);
	assert_int_equal(n_imply, 1);
	assert_int_equal(n_range, 2);
	assert_ptr_equal(sym("B")->selected_by->sym, sym("A"));
	assert_ptr_equal(sym("D")->implied_by->sym, sym("A"));
	assert_int_equal(sym("B")->selected_by->line, 3);
}

/* Each syntax error: exactly one message naming file:line and what was expected. */
static void expect_parse_error(const char *kconfig, const char *message)
{
	assert_true(parse_text(kconfig) < 0);
	assert_string_equal(kc_message_log(), message);
}

static void test_err_unknown_statement(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\nfrobnicate A\n",
			   "Kconfig:3: error: unknown statement 'frobnicate'\n");
}

static void test_err_missing_endmenu(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\nmenu \"M\"\nconfig B\n\tbool \"b\"\n",
			   "Kconfig:3: error: 'menu' is missing its 'endmenu'\n");
}

static void test_err_stray_endif(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\nendif\n",
			   "Kconfig:3: error: 'endif' without a matching opening statement\n");
}

static void test_err_mismatched_end(void **state)
{
	(void)state;
	expect_parse_error("menu \"M\"\nif A\nendmenu\nendif\n",
			   "Kconfig:3: error: 'endmenu' does not close the 'if' at Kconfig:2\n");
}

static void test_unterminated_string(void **state)
{
	(void)state;
	/* As kconfig-conf: a warning, and the string ends with the line. */
	parse_ok("config A\n\tstring \"a\n\tdefault \"x y\n");
	assert_string_equal(kc_sym_prompt(sym("A"))->text, "a");
	assert_string_equal(val("A"), "x y");
	assert_string_equal(kc_message_log(),
			    "Kconfig:2: warning: multi-line strings not supported\n"
			    "Kconfig:3: warning: multi-line strings not supported\n");
}

static void test_err_def_int(void **state)
{
	(void)state;
	/* Neither Linux nor kconfig-frontends has def_int; it ends the entry and is no statement. */
	expect_parse_error("config A\n\tdef_int 3\n", "Kconfig:2: error: unknown statement 'def_int'\n");
}

static void test_unknown_option_ignored(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\toption nosuch\n\tdefault y\n");
	assert_string_equal(val("A"), "y");
	assert_string_equal(kc_message_log(), "Kconfig:3: warning: ignoring unknown option nosuch\n");
}

static void test_err_bad_expression(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdepends on B &&\n",
			   "Kconfig:3: error: expected a symbol, constant, '!' or '(' but got end of line\n");
}

static void test_err_missing_paren(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdepends on (B || C\n",
			   "Kconfig:3: error: expected ')' but got end of line\n");
}

static void test_err_attribute_not_allowed(void **state)
{
	(void)state;
	expect_parse_error("menu \"M\"\n\tselect FOO\nendmenu\n",
			   "Kconfig:2: error: 'select' is not allowed in a menu entry\n");
}

static void test_err_depends_without_on(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdepends B\n",
			   "Kconfig:3: error: expected 'on' after 'depends' but got 'B'\n");
}

static void test_err_source_missing(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\nsource \"missing/Kconfig\"\n",
			   "Kconfig:3: error: can't open file \"missing/Kconfig\"\n");
}

static void test_err_trailing_garbage(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdefault y z\n",
			   "Kconfig:3: error: unexpected 'z' after default value\n");
}

static void test_err_attribute_outside_entry(void **state)
{
	(void)state;
	expect_parse_error("menu \"M\"\nendmenu\n\tdefault y\n",
			   "Kconfig:3: error: 'default' outside of a config, choice, menu or comment entry\n");
}

static void test_err_in_sourced_file(void **state)
{
	(void)state;
	write_file("sub/Kconfig", "config OK\n\tbool \"ok\"\n\n\trange 1\n");
	expect_parse_error("source \"sub/Kconfig\"\n",
			   "sub/Kconfig:4: error: expected two values after 'range'\n");
}

static void test_err_bad_char(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdepends on B & C\n",
			   "Kconfig:3: error: unexpected character '&'\n");
}

static void test_err_recursive_source(void **state)
{
	(void)state;
	write_file("loop/Kconfig", "source \"loop/Kconfig\"\n");
	expect_parse_error("source \"loop/Kconfig\"\n",
			   "loop/Kconfig:1: error: recursive inclusion of \"loop/Kconfig\"\n");
}

static void test_err_dependency_loop(void **state)
{
	(void)state;
	expect_parse_error("config A\n\tbool \"a\"\n\tdepends on B\n"
			   "config B\n\tbool \"b\"\n\tdefault C\n"
			   "config C\n\tbool\n\tdefault A\n",
			   "Kconfig:1: error: recursive dependency: A -> B -> C -> A\n"
			   "Kconfig:1: note: symbol A depends on B\n"
			   "Kconfig:6: note: symbol B default value contains C\n"
			   "Kconfig:9: note: symbol C default value contains A\n");
}

static void test_no_false_dependency_loops(void **state)
{
	(void)state;
	/* select back into a dependent, choice members using their choice, menuconfig children. */
	parse_ok("config A\n\tbool \"a\"\n\tselect B\n"
		 "config B\n\tbool \"b\"\n\tdepends on A\n"
		 "choice C\n\tprompt \"c\"\n\tdefault C2 if A\n"
		 "config C1\n\tbool \"c1\"\nconfig C2\n\tbool \"c2\"\n\tdepends on !C1 || A\nendchoice\n"
		 "config D\n\tbool\n\tdefault C2\n\timply E\n"
		 "config E\n\tbool \"e\"\n\tdepends on B\n");
	assert_string_equal(kc_message_log(), "");
}

const struct CMUnitTest parse_tests[] = {
	TEST(test_types_and_prompts),
	TEST(test_def_shorthands),
	TEST(test_prompt_if),
	TEST(test_menu_tree),
	TEST(test_default_title),
	TEST(test_help_text),
	TEST(test_if_block_flattened),
	TEST(test_menuconfig_nesting),
	TEST(test_choice_named_and_unnamed),
	TEST(test_source_cwd_and_srctree),
	TEST(test_rsource_glob),
	TEST(test_source_glob_board_folders),
	TEST(test_osource_missing_is_fine),
	TEST(test_env_expansion),
	TEST(test_env_source_missing),
	TEST(test_line_continuation_and_comments),
	TEST(test_options),
	TEST(test_ranges_selects_parsed),
	TEST(test_err_unknown_statement),
	TEST(test_err_missing_endmenu),
	TEST(test_err_stray_endif),
	TEST(test_err_mismatched_end),
	TEST(test_unterminated_string),
	TEST(test_err_def_int),
	TEST(test_unknown_option_ignored),
	TEST(test_err_bad_expression),
	TEST(test_err_missing_paren),
	TEST(test_err_attribute_not_allowed),
	TEST(test_err_depends_without_on),
	TEST(test_err_source_missing),
	TEST(test_err_trailing_garbage),
	TEST(test_err_attribute_outside_entry),
	TEST(test_err_in_sourced_file),
	TEST(test_err_bad_char),
	TEST(test_err_recursive_source),
	TEST(test_err_dependency_loop),
	TEST(test_no_false_dependency_loops),
};
const size_t parse_tests_count = KC_ARRAY_SIZE(parse_tests);
