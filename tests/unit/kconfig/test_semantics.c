/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of Kconfig semantics: expressions, defaults, select/imply, visibility, ranges, choices. */
#include "kc_test.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Evaluate the `default` expression of symbol R (a def_bool/def_tristate) via its value. */
static const char *tri_name(enum kc_tristate t)
{
	return t == KC_Y ? "y" : t == KC_M ? "m" : "n";
}

static void test_tristate_logic_with_m(void **state)
{
	(void)state;
	parse_ok("config MODULES\n\tbool \"modules\"\n\tdefault y\n\toption modules\n"
		 "config M1\n\ttristate \"m1\"\n\tdefault m\n"
		 "config Y1\n\ttristate \"y1\"\n\tdefault y\n"
		 "config N1\n\ttristate \"n1\"\n"
		 "config AND_MY\n\tdef_tristate M1 && Y1\n"
		 "config OR_MN\n\tdef_tristate M1 || N1\n"
		 "config NOT_M\n\tdef_tristate !M1\n"
		 "config NOT_Y\n\tdef_tristate !Y1\n"
		 "config AND_MN\n\tdef_tristate M1 && N1\n"
		 "config EQ_M\n\tdef_bool M1 = m\n"
		 "config LT_MY\n\tdef_bool M1 < Y1\n");
	assert_string_equal(val("M1"), "m");
	assert_string_equal(val("AND_MY"), "m");
	assert_string_equal(val("OR_MN"), "m");
	assert_string_equal(val("NOT_M"), "m");
	assert_string_equal(val("NOT_Y"), "n");
	assert_string_equal(val("AND_MN"), "n");
	assert_string_equal(val("EQ_M"), "y");
	assert_string_equal(val("LT_MY"), "y");
	assert_int_equal(kc_sym_type(sym("M1")), KC_TRISTATE);
}

static void test_int_comparisons(void **state)
{
	(void)state;
	parse_ok("config N\n\tint \"n\"\n\tdefault -3\n"
		 "config TEN\n\tint \"ten\"\n\tdefault 10\n"
		 "config LT\n\tdef_bool N < 2\n"
		 "config GT\n\tdef_bool TEN > 9\n"
		 "config LE\n\tdef_bool TEN <= 10\n"
		 "config GE\n\tdef_bool N >= -2\n"
		 "config EQ\n\tdef_bool TEN = 10\n"
		 "config NE\n\tdef_bool TEN != 10\n"
		 "config SYMS\n\tdef_bool N < TEN\n");
	assert_string_equal(val("LT"), "y");
	assert_string_equal(val("GT"), "y");
	assert_string_equal(val("LE"), "y");
	assert_string_equal(val("GE"), "n");
	assert_string_equal(val("EQ"), "y");
	assert_string_equal(val("NE"), "n");
	assert_string_equal(val("SYMS"), "y");
}

static void test_hex_comparisons(void **state)
{
	(void)state;
	parse_ok("config H\n\thex \"h\"\n\tdefault 0x1F\n"
		 "config BIG\n\tdef_bool H > 0x1e\n"
		 "config EQ\n\tdef_bool H = 0x1f\n"
		 "config LT\n\tdef_bool H < 0x100\n"
		 "config HUGE\n\thex \"huge\"\n\tdefault 0xffffffffffffffff\n"
		 "config UNSIGNED\n\tdef_bool HUGE > 0x1\n");
	assert_string_equal(val("BIG"), "y");
	/* Numerically equal even though the text differs in case. */
	assert_string_equal(val("EQ"), "y");
	assert_string_equal(val("LT"), "y");
	/* Hex compares unsigned: all ones is the largest value, not -1. */
	assert_string_equal(val("UNSIGNED"), "y");
}

static void test_string_comparisons(void **state)
{
	(void)state;
	parse_ok("config S\n\tstring \"s\"\n\tdefault \"beta\"\n"
		 "config EQ\n\tdef_bool S = \"beta\"\n"
		 "config NE\n\tdef_bool S != \"alpha\"\n"
		 "config LT\n\tdef_bool S < \"gamma\"\n"
		 "config GT\n\tdef_bool S > \"gamma\"\n"
		 "config NUMSTR\n\tstring \"n\"\n\tdefault \"10\"\n"
		 "config TEXTUAL\n\tdef_bool NUMSTR < \"9\"\n");
	assert_string_equal(val("EQ"), "y");
	assert_string_equal(val("NE"), "y");
	assert_string_equal(val("LT"), "y");
	assert_string_equal(val("GT"), "n");
	/* A string symbol compares as text: "10" < "9". */
	assert_string_equal(val("TEXTUAL"), "y");
}

static void test_undefined_symbols(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\tdepends on NOT_DEFINED\n"
		 "config B\n\tdef_bool !NOT_DEFINED\n"
		 "config S\n\tstring \"s\"\n\tdefault NOT_DEFINED_EITHER\n");
	assert_int_equal(kc_sym_visible(sym("A")), KC_N);
	assert_string_equal(val("B"), "y");
	/* An undefined symbol reads as its own name, as kconfig-conf has it. */
	assert_string_equal(val("S"), "NOT_DEFINED_EITHER");
	assert_string_equal(val("NOT_DEFINED"), "NOT_DEFINED");
	assert_int_equal(kc_sym_tristate(sym("NOT_DEFINED")), KC_N);
}

static void test_implied_y_lifts_m(void **state)
{
	(void)state;
	parse_with_config("config MODULES\n\tdef_bool y\n\toption modules\n"
			  "config IMPLIER\n\tbool \"implier\"\n\timply T\n"
			  "config T\n\ttristate \"t\"\n",
			  "CONFIG_IMPLIER=y\nCONFIG_T=m\n");
	/* As kconfig-conf: a tristate something implies as y cannot stay m. */
	assert_string_equal(val("T"), "y");
}

static void test_tristate_member_hides_when_choice_y(void **state)
{
	(void)state;
	parse_with_config("config MODULES\n\tdef_bool y\n\toption modules\n"
			  "config BUS\n\ttristate \"bus\"\n\tdefault m\n"
			  "choice\n\ttristate \"pick\"\n"
			  "config A\n\ttristate \"a\"\n"
			  "config B\n\ttristate \"b\"\n\tdepends on BUS\nendchoice\n",
			  "CONFIG_A=y\n");
	/* B could only be m (BUS is m), and a choice at y has no modules. */
	assert_int_equal(kc_sym_visible(sym("B")), KC_N);
	assert_string_equal(val("A"), "y");
	assert_string_equal(val("B"), "n");
}

static void test_choice_member_suboption(void **state)
{
	(void)state;
	parse_ok("choice\n\tprompt \"pick\"\n"
		 "config A\n\tbool \"a\"\n"
		 "config A_OPT\n\tbool \"option of a\"\n\tdepends on A\n\tdefault y\n"
		 "config B\n\tbool \"b\"\nendchoice\n");
	/* Depending on the member before it makes A_OPT that member's option, not a member. */
	assert_true(kc_sym_is_choice_value(sym("A")));
	assert_false(kc_sym_is_choice_value(sym("A_OPT")));
	assert_true(kc_sym_is_choice_value(sym("B")));
	assert_string_equal(val("A"), "y");
	assert_string_equal(val("A_OPT"), "y");
}

static void test_expr_to_string(void **state)
{
	char buf[64];
	size_t need;
	char *s;

	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\tdefault y\nconfig B\n\tbool \"b\"\n"
		 "config C\n\tbool \"c\"\n\tdepends on (A || B) && !B && A != \"x\" && 5 < 7\n");
	s = kc_expr_to_str_alloc(sym("C")->menus->dep, false);
	assert_string_equal(s, "(A || B) && !B && A != \"x\" && 5 < 7");
	free(s);
	s = kc_expr_to_str_alloc(sym("C")->menus->dep, true);
	assert_string_equal(s, "(A [=y] || B [=n]) && !B [=n] && A [=y] != \"x\" && 5 < 7");
	free(s);
	need = kc_expr_to_string(sym("C")->menus->dep, false, buf, 8);
	assert_int_equal(need, strlen("(A || B) && !B && A != \"x\" && 5 < 7"));
	assert_string_equal(buf, "(A || B");
	s = kc_expr_to_str_alloc(NULL, false);
	assert_string_equal(s, "y");
	free(s);
}

static void test_defaults_conditional(void **state)
{
	(void)state;
	parse_ok("config FAST\n\tbool \"fast\"\n"
		 "config N\n\tint \"n\"\n\tdefault 8 if FAST\n\tdefault 2\n"
		 "config S\n\tstring\n\tdefault \"f\" if FAST\n\tdefault \"s\"\n"
		 "config FROM\n\tint\n\tdefault N\n");
	assert_string_equal(val("N"), "2");
	assert_string_equal(val("S"), "s");
	assert_string_equal(val("FROM"), "2");
	assert_int_equal(kc_sym_set_tristate(sym("FAST"), KC_Y), 0);
	assert_string_equal(val("N"), "8");
	assert_string_equal(val("S"), "f");
	assert_string_equal(val("FROM"), "8");
}

static void test_default_needs_dependencies(void **state)
{
	(void)state;
	parse_ok("config DEP\n\tbool \"dep\"\n"
		 "config X\n\tbool\n\tdefault y\n\tdepends on DEP\n"
		 "config I\n\tint\n\tdefault 5\n\tdepends on DEP\n");
	/* Defaults only apply when the symbol's dependencies are met. */
	assert_string_equal(val("X"), "n");
	assert_string_equal(val("I"), "");
	assert_int_equal(kc_sym_set_tristate(sym("DEP"), KC_Y), 0);
	assert_string_equal(val("X"), "y");
	assert_string_equal(val("I"), "5");
}

static void test_select_overrides_user_n(void **state)
{
	(void)state;
	parse_with_config("config A\n\tbool \"a\"\n\tselect B\n"
			  "config B\n\tbool \"b\"\n",
			  "CONFIG_A=y\n# CONFIG_B is not set\n");
	assert_string_equal(val("B"), "y");
	assert_int_equal(kc_sym_tristate_min(sym("B")), KC_Y);
	assert_false(kc_sym_is_changeable(sym("B")));
	assert_int_equal(kc_sym_set_tristate(sym("B"), KC_N), -ERANGE);
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_N), 0);
	/* With the selector gone, the user's n is back. */
	assert_string_equal(val("B"), "n");
}

static void test_select_if(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\tdefault y\n\tselect B if C\n"
		 "config B\n\tbool\nconfig C\n\tbool \"c\"\n");
	assert_string_equal(val("B"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("C"), KC_Y), 0);
	assert_string_equal(val("B"), "y");
}

static void test_select_unmet_dependency_warning(void **state)
{
	(void)state;
	parse_ok("config BAR\n\tbool \"bar\"\n\tdefault y\n\tselect FOO\n"
		 "config BAZ\n\tbool \"baz\"\n"
		 "config FOO\n\tbool \"foo\"\n\tdepends on BAZ\n");
	kc_message_log_clear();
	assert_string_equal(val("FOO"), "y");
	kc_recalc();
	assert_string_equal(val("FOO"), "y");
	/* Printed once, naming both symbols and the unmet dependency. */
	assert_string_equal(kc_message_log(),
			    "warning: FOO is selected by BAR but its dependencies (BAZ) are not met\n");
}

static void test_imply(void **state)
{
	(void)state;
	parse_ok("config A\n\tbool \"a\"\n\timply B\n"
		 "config B\n\tbool \"b\"\n"
		 "config C\n\tbool \"c\"\n\tdefault y\n\timply D\n"
		 "config D\n\tbool \"d\"\n\tdepends on A\n");
	assert_string_equal(val("B"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_Y), 0);
	assert_string_equal(val("B"), "y");
	/* Unlike select, the user may still say no. */
	assert_true(kc_sym_is_changeable(sym("B")));
	assert_int_equal(kc_sym_set_tristate(sym("B"), KC_N), 0);
	assert_string_equal(val("B"), "n");
	/* imply never overrides dependencies: D follows A. */
	assert_string_equal(val("D"), "y");
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_N), 0);
	assert_string_equal(val("D"), "n");
}

static void test_visibility_and_menu_visible(void **state)
{
	struct kc_menu *menu;

	(void)state;
	parse_ok("config EN\n\tbool \"en\"\n"
		 "menu \"Sub\"\n\tdepends on EN\n"
		 "config INNER\n\tbool \"inner\"\n\tdefault y\n"
		 "comment \"c\"\n"
		 "endmenu\n");
	/* The menu depends on EN, so it is shown nested below EN. */
	menu = sym("EN")->menus->child;
	assert_non_null(menu);
	assert_int_equal(menu->kind, KC_MENU_MENU);
	assert_false(kc_menu_visible(menu));
	assert_false(kc_menu_visible(menu->child->next));
	assert_int_equal(kc_sym_visible(sym("INNER")), KC_N);
	assert_string_equal(val("INNER"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("EN"), KC_Y), 0);
	assert_true(kc_menu_visible(menu));
	assert_true(kc_menu_visible(menu->child->next));
	assert_int_equal(kc_sym_visible(sym("INNER")), KC_Y);
	assert_string_equal(val("INNER"), "y");
}

static void test_visible_if_keeps_defaults(void **state)
{
	struct kc_menu *menu;

	(void)state;
	parse_ok("config SHOW\n\tbool \"show\"\n"
		 "menu \"Hidden\"\n\tvisible if SHOW\n"
		 "config H\n\tbool \"h\"\n\tdefault y\n"
		 "config N\n\tint \"n\"\n\tdefault 3\n"
		 "endmenu\n");
	menu = sym("SHOW")->menus->next;
	assert_false(kc_menu_visible(menu));
	assert_int_equal(kc_sym_visible(sym("H")), KC_N);
	/* Hidden prompts, but the values (defaults) still apply. */
	assert_string_equal(val("H"), "y");
	assert_string_equal(val("N"), "3");
	assert_int_equal(kc_sym_set_string(sym("N"), "4"), -EPERM);
	assert_int_equal(kc_sym_set_tristate(sym("SHOW"), KC_Y), 0);
	assert_true(kc_menu_visible(menu));
	assert_int_equal(kc_sym_set_string(sym("N"), "4"), 0);
	assert_string_equal(val("N"), "4");
}

static void test_range_checks(void **state)
{
	long long lo, hi;

	(void)state;
	parse_ok("config BIG\n\tbool \"big\"\n"
		 "config N\n\tint \"n\"\n\trange 1 4 if !BIG\n\trange 1 64\n\tdefault 8\n"
		 "config H\n\thex \"h\"\n\trange 0x10 0x20\n\tdefault 0x18\n");
	/* The default is clamped to the active range. */
	assert_string_equal(val("N"), "4");
	assert_true(kc_sym_range(sym("N"), &lo, &hi));
	assert_int_equal(lo, 1);
	assert_int_equal(hi, 4);
	assert_int_equal(kc_sym_set_string(sym("N"), "5"), -ERANGE);
	assert_int_equal(kc_sym_set_string(sym("N"), "abc"), -EINVAL);
	assert_int_equal(kc_sym_set_string(sym("N"), "010"), -EINVAL);
	assert_int_equal(kc_sym_set_string(sym("N"), "3"), 0);
	assert_string_equal(val("N"), "3");
	assert_int_equal(kc_sym_set_tristate(sym("BIG"), KC_Y), 0);
	assert_true(kc_sym_range(sym("N"), &lo, &hi));
	assert_int_equal(hi, 64);
	assert_int_equal(kc_sym_set_string(sym("N"), "64"), 0);
	assert_int_equal(kc_sym_set_string(sym("H"), "0x21"), -ERANGE);
	assert_int_equal(kc_sym_set_string(sym("H"), "1f"), 0);
	assert_string_equal(val("H"), "0x1f");
	assert_int_equal(kc_sym_set_string(sym("H"), "0xg"), -EINVAL);
}

static void test_choice_defaults_and_select(void **state)
{
	struct kc_symbol *choice;

	(void)state;
	parse_ok("config FAST\n\tbool \"fast\"\n"
		 "choice SCHED\n\tprompt \"sched\"\n\tdefault S_FAIR if FAST\n\tdefault S_RR\n"
		 "config S_FIFO\n\tbool \"fifo\"\n"
		 "config S_RR\n\tbool \"rr\"\n"
		 "config S_FAIR\n\tbool \"fair\"\n"
		 "endchoice\n");
	choice = sym("SCHED");
	assert_ptr_equal(kc_choice_selected(choice), sym("S_RR"));
	assert_string_equal(val("S_RR"), "y");
	assert_string_equal(val("S_FIFO"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("FAST"), KC_Y), 0);
	assert_ptr_equal(kc_choice_selected(choice), sym("S_FAIR"));
	assert_int_equal(kc_choice_select(choice, sym("S_FIFO")), 0);
	assert_ptr_equal(kc_choice_selected(choice), sym("S_FIFO"));
	assert_string_equal(val("S_FIFO"), "y");
	assert_string_equal(val("S_FAIR"), "n");
	assert_int_equal(kc_choice_select(choice, sym("FAST")), -EINVAL);
	/* A member can be picked through the generic setter too; n is not allowed. */
	assert_int_equal(kc_sym_set_tristate(sym("S_RR"), KC_Y), 0);
	assert_ptr_equal(kc_choice_selected(choice), sym("S_RR"));
	assert_int_equal(kc_sym_set_tristate(sym("S_RR"), KC_N), -ERANGE);
}

static void test_choice_optional(void **state)
{
	struct kc_symbol *choice;

	(void)state;
	parse_ok("choice C\n\tprompt \"c\"\n\toptional\n"
		 "config O1\n\tbool \"o1\"\nconfig O2\n\tbool \"o2\"\nendchoice\n");
	choice = sym("C");
	assert_null(kc_choice_selected(choice));
	assert_string_equal(val("O1"), "n");
	assert_string_equal(val("O2"), "n");
	assert_int_equal(kc_choice_select(choice, sym("O2")), 0);
	assert_string_equal(val("O2"), "y");
	assert_int_equal(kc_sym_set_tristate(choice, KC_N), 0);
	assert_null(kc_choice_selected(choice));
	assert_string_equal(val("O2"), "n");
}

static void test_choice_member_dependencies(void **state)
{
	(void)state;
	parse_with_config("config HW\n\tbool \"hw\"\n"
			  "choice C\n\tprompt \"c\"\n\tdefault C_HW\n"
			  "config C_HW\n\tbool \"hw\"\n\tdepends on HW\n"
			  "config C_SW\n\tbool \"sw\"\n"
			  "endchoice\n"
			  "choice D\n\tprompt \"d\"\n\tdepends on HW\n"
			  "config D1\n\tbool \"d1\"\nendchoice\n",
			  "CONFIG_C_HW=y\n");
	/* The user's pick is not visible: fall back to the first visible member. */
	assert_ptr_equal(kc_choice_selected(sym("C")), sym("C_SW"));
	assert_string_equal(val("C_HW"), "n");
	/* A choice whose dependencies are unmet has no selection at all. */
	assert_null(kc_choice_selected(sym("D")));
	assert_string_equal(val("D1"), "n");
	assert_int_equal(kc_sym_set_tristate(sym("HW"), KC_Y), 0);
	/* The remembered pick becomes effective once visible. */
	assert_ptr_equal(kc_choice_selected(sym("C")), sym("C_HW"));
	assert_ptr_equal(kc_choice_selected(sym("D")), sym("D1"));
}

static void test_tristate_as_bool(void **state)
{
	(void)state;
	parse_ok("config T\n\ttristate \"t\"\n\tdefault m\n"
		 "config B\n\tbool \"b\"\n\tdefault m\n"
		 "config DEP_M\n\tbool \"dep m\"\n\tdepends on m\n");
	/* Without a modules symbol, tristate behaves as bool and m becomes y. */
	assert_int_equal(kc_sym_type(sym("T")), KC_BOOL);
	assert_string_equal(val("T"), "y");
	assert_string_equal(val("B"), "y");
	assert_int_equal(kc_sym_set_tristate(sym("T"), KC_M), -EINVAL);
	assert_int_equal(kc_sym_set_string(sym("T"), "m"), -EINVAL);
	/* `depends on m` needs modules: never visible here. */
	assert_int_equal(kc_sym_visible(sym("DEP_M")), KC_N);
	assert_string_equal(tri_name(kc_sym_tristate(sym("T"))), "y");
}

static void test_tristate_with_modules(void **state)
{
	(void)state;
	parse_ok("config MODULES\n\tbool \"modules\"\n\tmodules\n"
		 "config T\n\ttristate \"t\"\n\tdefault m\n"
		 "config SEL\n\ttristate \"sel\"\n\tselect U\n"
		 "config U\n\ttristate \"u\"\n");
	assert_int_equal(kc_sym_type(sym("T")), KC_BOOL);
	assert_string_equal(val("T"), "y");
	assert_int_equal(kc_sym_set_tristate(sym("MODULES"), KC_Y), 0);
	assert_int_equal(kc_sym_type(sym("T")), KC_TRISTATE);
	assert_string_equal(val("T"), "m");
	assert_int_equal(kc_sym_set_tristate(sym("SEL"), KC_M), 0);
	/* select of a tristate gives at least the selector's value. */
	assert_string_equal(val("U"), "m");
	assert_true(kc_sym_tristate_in_range(sym("U"), KC_Y));
	assert_false(kc_sym_tristate_in_range(sym("U"), KC_N));
}

static void test_conf_changed_tracking(void **state)
{
	(void)state;
	parse_with_config("config A\n\tbool \"a\"\nconfig S\n\tstring \"s\"\n", "CONFIG_A=y\n");
	assert_false(kc_conf_changed());
	assert_int_equal(kc_sym_set_string(sym("S"), "x"), 0);
	assert_true(kc_conf_changed());
	assert_int_equal(kc_conf_write(".config"), 0);
	assert_false(kc_conf_changed());
	kc_sym_clear_user(sym("S"));
	assert_true(kc_conf_changed());
	kc_conf_set_saved();
	assert_false(kc_conf_changed());
}

static void test_iteration(void **state)
{
	int n = 0, choices = 0;

	(void)state;
	parse_ok("config A\n\tbool \"a\"\nconfig B\n\tint \"b\"\n\tdefault 1\n"
		 "choice\n\tprompt \"c\"\nconfig C1\n\tbool \"c1\"\nendchoice\n");
	for (struct kc_symbol *s = kc_sym_first(); s; s = kc_sym_next(s)) {
		n++;
		choices += kc_sym_is_choice(s);
		assert_false(s->flags & KC_SYM_CONST);
	}
	assert_int_equal(n, 4);
	assert_int_equal(choices, 1);
	assert_null(kc_sym_find("NOPE"));
}

static void test_multiple_definitions(void **state)
{
	char *dep;

	(void)state;
	parse_ok("config A\n\tbool \"a\"\nconfig B\n\tbool \"b\"\n"
		 "config S\n\tbool \"s (a)\"\n\tdepends on A\n"
		 "config S\n\tbool \"s (b)\"\n\tdepends on B\n");
	dep = kc_expr_to_str_alloc(sym("S")->dir_dep, false);
	assert_string_equal(dep, "A || B");
	free(dep);
	assert_non_null(sym("S")->menus->next_def);
	assert_int_equal(kc_sym_visible(sym("S")), KC_N);
	assert_int_equal(kc_sym_set_tristate(sym("B"), KC_Y), 0);
	assert_int_equal(kc_sym_visible(sym("S")), KC_Y);
}

const struct CMUnitTest semantic_tests[] = {
	TEST(test_tristate_logic_with_m),
	TEST(test_int_comparisons),
	TEST(test_hex_comparisons),
	TEST(test_string_comparisons),
	TEST(test_undefined_symbols),
	TEST(test_implied_y_lifts_m),
	TEST(test_tristate_member_hides_when_choice_y),
	TEST(test_choice_member_suboption),
	TEST(test_expr_to_string),
	TEST(test_defaults_conditional),
	TEST(test_default_needs_dependencies),
	TEST(test_select_overrides_user_n),
	TEST(test_select_if),
	TEST(test_select_unmet_dependency_warning),
	TEST(test_imply),
	TEST(test_visibility_and_menu_visible),
	TEST(test_visible_if_keeps_defaults),
	TEST(test_range_checks),
	TEST(test_choice_defaults_and_select),
	TEST(test_choice_optional),
	TEST(test_choice_member_dependencies),
	TEST(test_tristate_as_bool),
	TEST(test_tristate_with_modules),
	TEST(test_conf_changed_tracking),
	TEST(test_iteration),
	TEST(test_multiple_definitions),
};
const size_t semantic_tests_count = KC_ARRAY_SIZE(semantic_tests);
