/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests of .config reading/writing, savedefconfig, auto.conf/autoconf.h and stamp files. */
#include "kc_test.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *const sample_kconfig =
	"mainmenu \"Sample\"\n"
	"config A\n\tbool \"a\"\n\tdefault y\n"
	"config B\n\tbool \"b\"\n"
	"menu \"Numbers\"\n"
	"config NR_PRIO\n\tint \"prio\"\n\trange 4 64\n\tdefault 32\n"
	"config BASE\n\thex \"base\"\n\tdefault 0x1000\n"
	"endmenu\n"
	"config NAME\n\tstring \"name\"\n\tdefault \"a \\\"b\\\" \\\\ c\"\n";

static void expect_file(const char *path, const char *content)
{
	char *text = read_file(path);

	assert_non_null(text);
	assert_string_equal(text, content);
	free(text);
}

static void test_read_invalid_int(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_A=y\nCONFIG_NR_PRIO=abc\n");
	assert_string_equal(kc_message_log(),
			    ".config:2: warning: invalid value 'abc' for CONFIG_NR_PRIO (int); using default\n");
	assert_string_equal(val("NR_PRIO"), "32");
}

static void test_read_out_of_range(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "# comment\n\nCONFIG_NR_PRIO=100\n");
	assert_string_equal(kc_message_log(),
			    ".config:3: warning: invalid value '100' for CONFIG_NR_PRIO (int); using default\n");
	assert_string_equal(val("NR_PRIO"), "32");
	assert_false(kc_sym_has_user_value(sym("NR_PRIO")));
}

static void test_read_bool_m_and_bad_hex(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_B=m\nCONFIG_BASE=0xzz\nCONFIG_A=yes\n");
	assert_string_equal(kc_message_log(),
			    ".config:1: warning: invalid value 'm' for CONFIG_B (bool); using default\n"
			    ".config:2: warning: invalid value '0xzz' for CONFIG_BASE (hex); using default\n"
			    ".config:3: warning: invalid value 'yes' for CONFIG_A (bool); using default\n");
	assert_string_equal(val("B"), "n");
	assert_string_equal(val("BASE"), "0x1000");
	assert_string_equal(val("A"), "y");
}

static void test_read_unknown_symbols(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig,
			  "CONFIG_GONE=y\n# CONFIG_ALSO_GONE is not set\nCONFIG_B=y\njunk\n");
	assert_string_equal(kc_message_log(),
			    ".config:1: warning: unknown symbol CONFIG_GONE; ignored\n"
			    ".config:2: warning: unknown symbol CONFIG_ALSO_GONE; ignored\n"
			    ".config:4: warning: unexpected line 'junk'; ignored\n");
	assert_string_equal(val("B"), "y");
	assert_null(kc_sym_find("GONE"));
}

static void test_read_string_escapes(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_NAME=\"q\\\"uote\\\\d\"\n");
	assert_string_equal(val("NAME"), "q\"uote\\d");
	kc_message_log_clear();
	assert_int_equal(kc_conf_read(".config", false), 0);
	write_file("bad.config", "CONFIG_NAME=\"unterminated\n");
	assert_int_equal(kc_conf_read("bad.config", false), 0);
	assert_string_equal(kc_message_log(),
			    "bad.config:1: warning: invalid value '\"unterminated' for CONFIG_NAME (string); using default\n");
	assert_string_equal(val("NAME"), "a \"b\" \\ c");
}

static void test_read_hex_without_prefix(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_BASE=2000\n");
	/* Kept as written: kconfig-conf writes CONFIG_BASE=2000 back. */
	assert_string_equal(val("BASE"), "2000");
	assert_string_equal(kc_message_log(), "");
}

static void test_hex_header_gets_prefix(void **state)
{
	char *conf, *header;

	(void)state;
	parse_ok("config BARE\n\thex \"bare\"\n\tdefault 37\n"
		 "config PLAIN\n\thex \"plain\"\n\tdefault 0X1F\n");
	assert_int_equal(kc_conf_write_auto("auto.conf", "autoconf.h"), 0);
	conf = read_file("auto.conf");
	header = read_file("autoconf.h");
	/* auto.conf as written, the C header with the 0x a C literal needs. */
	assert_non_null(strstr(conf, "CONFIG_BARE=37\n"));
	assert_non_null(strstr(conf, "CONFIG_PLAIN=0X1F\n"));
	assert_non_null(strstr(header, "#define CONFIG_BARE 0x37\n"));
	assert_non_null(strstr(header, "#define CONFIG_PLAIN 0X1F\n"));
	free(conf);
	free(header);
}

static const char tristate_choice_kconfig[] =
	"config MODULES\n\tdef_bool y\n\toption modules\n"
	"choice\n\ttristate \"pick\"\n\toptional\n"
	"config A\n\ttristate \"a\"\nconfig B\n\ttristate \"b\"\n"
	"config C\n\tbool \"c (a bool member)\"\nendchoice\n";

static void test_read_tristate_choice_members(void **state)
{
	(void)state;
	/* Members at m make an optional tristate choice m, and both stay modules. */
	parse_with_config(tristate_choice_kconfig, "CONFIG_A=m\nCONFIG_B=m\n");
	assert_string_equal(val("A"), "m");
	assert_string_equal(val("B"), "m");
	/* A bool member needs the choice at y. */
	assert_int_equal(kc_sym_visible(sym("C")), KC_N);
	assert_string_equal(kc_message_log(), "");
}

static void test_read_optional_choice_unset(void **state)
{
	(void)state;
	/* A .config that sets no member leaves an optional choice off. */
	parse_with_config(tristate_choice_kconfig, "# CONFIG_A is not set\n");
	assert_int_equal(kc_sym_tristate(kc_choice_menu(sym("A")->choice)->sym), KC_N);
	assert_string_equal(val("A"), "n");
	assert_string_equal(val("B"), "n");
}

static void test_read_inconsistent_choice(void **state)
{
	(void)state;
	parse_with_config(tristate_choice_kconfig, "CONFIG_A=y\nCONFIG_B=m\n");
	assert_string_equal(kc_message_log(),
			    ".config:2: warning: B creates inconsistent choice state\n");
}

static void test_defconfig_list(void **state)
{
	(void)state;
	setenv("KC_TEST_BOARD", "virt", 1);
	write_file("boards/virt_defconfig", "CONFIG_COUNT=7\n");
	parse_ok("config BOARD\n\tstring\n\toption env=\"KC_TEST_BOARD\"\n"
		 "config DEFCONFIG_LIST\n\tstring\n\toption defconfig_list\n"
		 "\tdefault \"never/$BOARD_defconfig\" if COUNT_OFF\n"
		 "\tdefault \"missing_defconfig\"\n"
		 "\tdefault \"boards/$BOARD_defconfig\"\n"
		 "config COUNT_OFF\n\tbool\n"
		 "config COUNT\n\tint \"count\"\n\tdefault 3\n");
	/* $BOARD_defconfig is the symbol BOARD_defconfig, unknown, so "": use ${BOARD}. */
	assert_null(kc_conf_default_name());
	kc_reset();
	parse_ok("config BOARD\n\tstring\n\toption env=\"KC_TEST_BOARD\"\n"
		 "config DEFCONFIG_LIST\n\tstring\n\toption defconfig_list\n"
		 "\tdefault \"missing_defconfig\"\n"
		 "\tdefault \"boards/${BOARD}_defconfig\"\n"
		 "config COUNT\n\tint \"count\"\n\tdefault 3\n");
	assert_string_equal(kc_conf_default_name(), "boards/virt_defconfig");
	assert_int_equal(kc_conf_read(kc_conf_default_name(), false), 0);
	assert_string_equal(val("COUNT"), "7");
}

static void test_read_missing_file(void **state)
{
	(void)state;
	parse_ok(sample_kconfig);
	assert_int_equal(kc_conf_read("does-not-exist", false), -ENOENT);
	assert_string_equal(kc_message_log(), "");
}

static void test_read_merge(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_B=y\n");
	write_file("frag", "CONFIG_NR_PRIO=8\n");
	assert_int_equal(kc_conf_read("frag", true), 0);
	assert_string_equal(val("B"), "y");
	assert_string_equal(val("NR_PRIO"), "8");
	assert_int_equal(kc_conf_read("frag", false), 0);
	assert_string_equal(val("B"), "n");
}

static void test_write_format(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_BASE=0xABC\n");
	assert_int_equal(kc_conf_write("out/dir/.config"), 0);
	expect_file("out/dir/.config",
		    "#\n"
		    "# Automatically generated file; DO NOT EDIT.\n"
		    "# Sample\n"
		    "#\n"
		    "CONFIG_A=y\n"
		    "# CONFIG_B is not set\n"
		    "\n"
		    "#\n"
		    "# Numbers\n"
		    "#\n"
		    "CONFIG_NR_PRIO=32\n"
		    "CONFIG_BASE=0xABC\n"
		    "CONFIG_NAME=\"a \\\"b\\\" \\\\ c\"\n");
	/* No temporary file is left behind. */
	assert_int_equal(access("out/dir/.config.tmp", F_OK), -1);
}

static void test_write_read_round_trip(void **state)
{
	char *first;

	(void)state;
	parse_ok(sample_kconfig);
	assert_int_equal(kc_sym_set_tristate(sym("B"), KC_Y), 0);
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_N), 0);
	assert_int_equal(kc_sym_set_string(sym("NAME"), "x\"y\\z"), 0);
	assert_int_equal(kc_sym_set_string(sym("BASE"), "ff"), 0);
	assert_int_equal(kc_conf_write(".config"), 0);
	first = read_file(".config");
	kc_reset();
	parse_with_config(sample_kconfig, NULL);
	assert_int_equal(kc_conf_read(".config", false), 0);
	assert_string_equal(val("B"), "y");
	assert_string_equal(val("A"), "n");
	assert_string_equal(val("NAME"), "x\"y\\z");
	assert_string_equal(val("BASE"), "0xff");
	assert_int_equal(kc_conf_write("second"), 0);
	expect_file("second", first);
	free(first);
}

static void test_savedefconfig_minimal(void **state)
{
	(void)state;
	parse_with_config(sample_kconfig, "CONFIG_A=y\nCONFIG_B=y\nCONFIG_NR_PRIO=32\nCONFIG_BASE=0x2000\n");
	assert_int_equal(kc_conf_write_min("defconfig"), 0);
	/* Only what differs from the defaults, in menu order. */
	expect_file("defconfig", "CONFIG_B=y\nCONFIG_BASE=0x2000\n");
	assert_int_equal(kc_sym_set_tristate(sym("A"), KC_N), 0);
	assert_int_equal(kc_conf_write_min("defconfig"), 0);
	expect_file("defconfig", "# CONFIG_A is not set\nCONFIG_B=y\nCONFIG_BASE=0x2000\n");
}

static void test_savedefconfig_choice_and_select(void **state)
{
	static const char *const kconfig =
		"config SEL\n\tbool \"sel\"\n\tselect FORCED\n"
		"config FORCED\n\tbool \"forced\"\n"
		"choice\n\tprompt \"c\"\n\tdefault C2\n"
		"config C1\n\tbool \"c1\"\nconfig C2\n\tbool \"c2\"\nendchoice\n";

	(void)state;
	parse_with_config(kconfig, "CONFIG_SEL=y\nCONFIG_FORCED=y\nCONFIG_C2=y\n");
	assert_int_equal(kc_conf_write_min("d1"), 0);
	/* Selected symbols and the default choice member need no line. */
	expect_file("d1", "CONFIG_SEL=y\n");
	assert_int_equal(kc_choice_select(sym("C2")->choice, sym("C1")), 0);
	assert_int_equal(kc_conf_write_min("d2"), 0);
	expect_file("d2", "CONFIG_SEL=y\nCONFIG_C1=y\n");
	/* And reading it back reproduces the configuration. */
	kc_reset();
	parse_with_config(kconfig, NULL);
	assert_int_equal(kc_conf_read("d2", false), 0);
	assert_string_equal(val("C1"), "y");
	assert_string_equal(val("C2"), "n");
	assert_string_equal(val("FORCED"), "y");
}

static void test_auto_conf_and_header(void **state)
{
	(void)state;
	parse_ok("config MODULES\n\tbool \"m\"\n\tdefault y\n\toption modules\n"
		 "config Y\n\tbool \"y\"\n\tdefault y\n"
		 "config N\n\tbool \"n\"\n"
		 "config T\n\ttristate \"t\"\n\tdefault m\n"
		 "config I\n\tint \"i\"\n\tdefault -7\n"
		 "config H\n\thex \"h\"\n\tdefault 0xBEEF\n"
		 "config S\n\tstring \"s\"\n\tdefault \"q\\\"s\"\n");
	assert_int_equal(kc_conf_write_auto("inc/config/auto.conf", "inc/gen/autoconf.h"), 0);
	expect_file("inc/config/auto.conf",
		    "#\n# Automatically generated file; DO NOT EDIT.\n# Configuration\n#\n"
		    "CONFIG_MODULES=y\nCONFIG_Y=y\nCONFIG_T=m\nCONFIG_I=-7\nCONFIG_H=0xBEEF\n"
		    "CONFIG_S=\"q\\\"s\"\n");
	expect_file("inc/gen/autoconf.h",
		    "/*\n * Automatically generated file; DO NOT EDIT.\n * Configuration\n */\n"
		    "#define CONFIG_MODULES 1\n#define CONFIG_Y 1\n#define CONFIG_T_MODULE 1\n"
		    "#define CONFIG_I -7\n#define CONFIG_H 0xBEEF\n#define CONFIG_S \"q\\\"s\"\n");
}

static void set_old_mtime(const char *path)
{
	struct timespec times[2] = { { .tv_sec = 1000000000 }, { .tv_sec = 1000000000 } };

	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static bool is_fresh(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mtime > 1000000000;
}

static void test_stamps_only_for_changed(void **state)
{
	static const char *const kconfig =
		"config HYP\n\tbool \"hyp\"\n"
		"config SMP\n\tbool \"smp\"\n\tdefault y\n"
		"config NR\n\tint \"nr\"\n\tdefault 4\n"
		"config OFF\n\tbool \"off\"\n"
		"config S\n\tstring \"s\"\n";

	(void)state;
	parse_ok(kconfig);
	assert_int_equal(kc_conf_write_auto("include/config/auto.conf", "include/generated/autoconf.h"), 0);
	/* First run: every symbol that is not n/empty gets a stamp; off ones do not. */
	assert_int_equal(access("include/config/SMP", F_OK), 0);
	assert_int_equal(access("include/config/NR", F_OK), 0);
	assert_int_equal(access("include/config/HYP", F_OK), -1);
	assert_int_equal(access("include/config/OFF", F_OK), -1);
	assert_int_equal(access("include/config/S", F_OK), -1);
	set_old_mtime("include/config/SMP");
	set_old_mtime("include/config/NR");

	assert_int_equal(kc_sym_set_tristate(sym("HYP"), KC_Y), 0);
	assert_int_equal(kc_sym_set_string(sym("NR"), "8"), 0);
	assert_int_equal(kc_conf_write_auto("include/config/auto.conf", "include/generated/autoconf.h"), 0);
	assert_int_equal(access("include/config/HYP", F_OK), 0);
	assert_true(is_fresh("include/config/NR"));
	assert_false(is_fresh("include/config/SMP"));
	assert_int_equal(access("include/config/OFF", F_OK), -1);

	/* Nothing changed: nothing touched. */
	set_old_mtime("include/config/HYP");
	set_old_mtime("include/config/NR");
	assert_int_equal(kc_conf_write_auto("include/config/auto.conf", "include/generated/autoconf.h"), 0);
	assert_false(is_fresh("include/config/HYP"));
	assert_false(is_fresh("include/config/NR"));
	assert_false(is_fresh("include/config/SMP"));

	/* Turning a symbol off is a change too. */
	assert_int_equal(kc_sym_set_tristate(sym("SMP"), KC_N), 0);
	assert_int_equal(kc_conf_write_auto("include/config/auto.conf", "include/generated/autoconf.h"), 0);
	assert_true(is_fresh("include/config/SMP"));
	assert_false(is_fresh("include/config/HYP"));
}

static void test_write_if_changed_keeps_file(void **state)
{
	(void)state;
	parse_ok(sample_kconfig);
	assert_int_equal(kc_conf_write_if_changed(".config"), 0);
	set_old_mtime(".config");
	assert_int_equal(kc_conf_write_if_changed(".config"), 0);
	assert_false(is_fresh(".config"));
	assert_int_equal(kc_sym_set_tristate(sym("B"), KC_Y), 0);
	assert_int_equal(kc_conf_write_if_changed(".config"), 0);
	assert_true(is_fresh(".config"));
}

static void test_invisible_symbols_not_written(void **state)
{
	char *text;

	(void)state;
	parse_with_config("config EN\n\tbool \"en\"\n"
			  "config DEP\n\tbool \"dep\"\n\tdepends on EN\n"
			  "config HIDDEN\n\tbool\n"
			  "config HIDDEN_DEF\n\tbool\n\tdefault y\n",
			  "CONFIG_DEP=y\n");
	assert_int_equal(kc_conf_write(".config"), 0);
	text = read_file(".config");
	assert_non_null(strstr(text, "# CONFIG_EN is not set\n"));
	assert_null(strstr(text, "CONFIG_DEP"));
	assert_null(strstr(text, "CONFIG_HIDDEN\n"));
	assert_null(strstr(text, "CONFIG_HIDDEN "));
	assert_non_null(strstr(text, "CONFIG_HIDDEN_DEF=y\n"));
	free(text);
	/* The user value of the invisible symbol is kept for when it becomes visible. */
	assert_int_equal(kc_sym_set_tristate(sym("EN"), KC_Y), 0);
	assert_string_equal(val("DEP"), "y");
}

static void test_empty_int_and_hex(void **state)
{
	(void)state;
	parse_ok("config I\n\tint \"i\"\nconfig H\n\thex \"h\"\n"
		 "config R\n\tint \"r\"\n\trange 5 10\n");
	assert_int_equal(kc_conf_write(".config"), 0);
	/* No value at all stays empty (no bare "0x"); an empty value below a range is clamped. */
	expect_file(".config",
		    "#\n# Automatically generated file; DO NOT EDIT.\n# Configuration\n#\n"
		    "CONFIG_I=\nCONFIG_H=\nCONFIG_R=5\n");
	write_file("back", "CONFIG_I=\n");
	assert_int_equal(kc_conf_read("back", false), 0);
	assert_string_equal(kc_message_log(),
			    "back:1: warning: invalid value '' for CONFIG_I (int); using default\n");
}

const struct CMUnitTest confdata_tests[] = {
	TEST(test_read_invalid_int),
	TEST(test_read_out_of_range),
	TEST(test_read_bool_m_and_bad_hex),
	TEST(test_read_unknown_symbols),
	TEST(test_read_string_escapes),
	TEST(test_read_hex_without_prefix),
	TEST(test_hex_header_gets_prefix),
	TEST(test_read_tristate_choice_members),
	TEST(test_read_optional_choice_unset),
	TEST(test_read_inconsistent_choice),
	TEST(test_defconfig_list),
	TEST(test_read_missing_file),
	TEST(test_read_merge),
	TEST(test_write_format),
	TEST(test_write_read_round_trip),
	TEST(test_savedefconfig_minimal),
	TEST(test_savedefconfig_choice_and_select),
	TEST(test_auto_conf_and_header),
	TEST(test_stamps_only_for_changed),
	TEST(test_write_if_changed_keeps_file),
	TEST(test_invisible_symbols_not_written),
	TEST(test_empty_int_and_hex),
};
const size_t confdata_tests_count = KC_ARRAY_SIZE(confdata_tests);
