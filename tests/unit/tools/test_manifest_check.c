/* SPDX-License-Identifier: BSD-2-Clause */
/* Unit tests for lib/format/manifest_check.c: the device's refusals first, then per check, a
 * manifest that triggers it and one that does not. Manifests are DTS text compiled with dtc. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <format/error.h>
#include <format/manifest.h>
#include <format/manifest_check.h>

#define MAX_FINDINGS 64

static struct manifest_finding findings[MAX_FINDINGS];
static int nfindings;
static int worst;
static struct kauri_manifest manifest;
static uint8_t dtb[65536];
static size_t dtb_len;

static void collect(void *ctx, const struct manifest_finding *f)
{
	(void)ctx;
	assert_true(nfindings < MAX_FINDINGS);
	findings[nfindings++] = *f;
}

/* Compile dts with dtc and run the checks with opts (NULL: defaults). */
static void run_opts(const char *dts, const struct manifest_check_options *opts)
{
	struct manifest_check_options defaults = { .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY };
	char src[] = "/tmp/kauri-mc-XXXXXX", cmd[128];
	FILE *f;
	int fd;

	fd = mkstemp(src);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, dts, strlen(dts)), (ssize_t)strlen(dts));
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -q -I dts -O dtb %s", src);
	f = popen(cmd, "r");
	assert_non_null(f);
	dtb_len = fread(dtb, 1, sizeof(dtb), f);
	assert_int_equal(pclose(f), 0);
	unlink(src);
	nfindings = 0;
	worst = manifest_check(dtb, dtb_len, opts ? opts : &defaults, &manifest, collect, NULL);
	assert_true(worst >= 0);
}

static void run(const char *dts)
{
	run_opts(dts, NULL);
}

/* How many findings with this id (and, if path is not NULL, this node path). */
static int count(const char *id, const char *path)
{
	int i, n = 0;

	for (i = 0; i < nfindings; i++)
		if (strcmp(findings[i].id, id) == 0 && (!path || strcmp(findings[i].path, path) == 0))
			n++;
	return n;
}

static enum manifest_severity severity_of(const char *id)
{
	int i;

	for (i = 0; i < nfindings; i++)
		if (strcmp(findings[i].id, id) == 0)
			return findings[i].severity;
	fail_msg("no finding %s", id);
	return MANIFEST_INFO;
}

/*
 * The manifest just run is one the device refuses: the only finding is MC_MANIFEST_INVALID with
 * exactly the path and message manifest_parse gives, which the root server prints.
 */
static void assert_device_refuses(const char *path, const char *message)
{
	static struct kauri_manifest parsed;
	struct manifest_error err;

	assert_true(manifest_parse(dtb, dtb_len, &parsed, &err) < 0);
	assert_string_equal(err.path, path);
	assert_string_equal(err.message, message);
	assert_int_equal(nfindings, 1);
	assert_string_equal(findings[0].id, MC_MANIFEST_INVALID);
	assert_int_equal(findings[0].severity, MANIFEST_ERROR);
	assert_string_equal(findings[0].path, path);
	assert_string_equal(findings[0].reason, message);
	assert_int_equal(worst, MANIFEST_ERROR);
}

/* A clean two-app manifest; each slot replaces one part so a test can break exactly that. */
#define MANIFEST(OPTIONS, HELLO_PRIO, HELLO_EXTRA, HELLO_RES, WEATHER, WEATHER_RES, ROOT)     \
	"/dts-v1/;\n/ {\n"                                                                     \
	"  kos_options { " OPTIONS " };\n"                                                     \
	"  board { ram_size = <0x0 0x40000000>; };\n"                                         \
	"  channels { diode0 { size = <0x1000>; }; };\n"                                       \
	"  msg_servers { msg0: msg0 { }; msg1: msg1 { }; };\n"                                \
	"  apps {\n"                                                                           \
	"    hello { binary = \"hello\"; " HELLO_PRIO "\n"                                      \
	"      heap_pages = <256>; ut_4k_pages = <24>; msg_server = <&msg0>;\n"               \
	"      publishes = \"hello_protocol\"; " HELLO_EXTRA "\n"                               \
	"      resources { " HELLO_RES " }; };\n"                                             \
	"    weather { binary = \"weather\"; priority = <150>; max_priority = <160>;\n"       \
	"      " WEATHER "\n"                                                                  \
	"      resources { " WEATHER_RES " }; };\n"                                           \
	"  };\n" ROOT "};\n"

#define PRIO_OK "priority = <180>; max_priority = <190>;"
#define HRES_OK "channels { diode0 = \"WRITE\", \"SIGNAL\"; };"
#define WEATHER_OK "msg_server = <&msg0>; connects = \"hello_protocol\";"
#define WRES_OK "channels { diode0 = \"READ\", \"RECV\"; };"
#define CLEAN(OPTIONS) MANIFEST(OPTIONS, PRIO_OK, "", HRES_OK, WEATHER_OK, WRES_OK, "")
#define KEY "public-key = \"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\";"

static void test_clean_manifest_has_no_findings(void **state)
{
	(void)state;
	run(CLEAN(""));
	assert_int_equal(nfindings, 0);
	assert_int_equal(worst, MANIFEST_INFO);
}

static void test_signing_disabled(void **state)
{
	struct manifest_check_options enforced = { .signing_enforced = true,
						   .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY };

	(void)state;
	run(CLEAN(KEY " disable-signing;"));
	assert_int_equal(count(MC_SIGNING_DISABLED, "/kos_options/disable-signing"), 1);
	assert_int_equal(severity_of(MC_SIGNING_DISABLED), MANIFEST_WARNING);
	run_opts(CLEAN("disable-signing;"), &enforced);
	assert_int_equal(severity_of(MC_SIGNING_DISABLED), MANIFEST_ERROR);
	assert_int_equal(worst, MANIFEST_ERROR);
	/* Not triggered: a key without disable-signing; disable-signing alone in development. */
	run_opts(CLEAN(KEY), &enforced);
	assert_int_equal(count(MC_SIGNING_DISABLED, NULL), 0);
	run(CLEAN("disable-signing;"));
	assert_int_equal(count(MC_SIGNING_DISABLED, NULL), 0);
}

/* The four: each one the device refuses, refused with its words and nothing else. */
static void test_device_refusals(void **state)
{
	struct manifest_check_options enforced = { .signing_enforced = true,
						   .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY,
						   .ram_bytes = 1 << 20 };

	(void)state;
	run(MANIFEST("", "priority = \"high\";", "", HRES_OK, WEATHER_OK, WRES_OK, ""));
	assert_device_refuses("/apps/hello/priority", "priority must be one 32-bit cell, not 5 bytes");
	run("/dts-v1/;\n/ { msg_servers { msg0 { }; }; apps { hello { priority = <1>; }; }; };\n");
	assert_device_refuses("/apps/hello", "missing property binary");
	run("/dts-v1/;\n/ { msg_servers { msg0 { }; }; apps {\n"
	    "  a: a { binary = \"a\"; restart-deps = <&b>; };\n"
	    "  b: b { binary = \"b\"; restart-deps = <&a>; }; }; };\n");
	assert_device_refuses("/apps/a/restart-deps", "restart-deps cycle: a -> b -> a");
	run("/dts-v1/;\n/ { msg_servers { msg0 { }; }; };\n");
	assert_device_refuses("/apps", "missing node /apps");
	/* A refusal stops there: no signing or RAM finding although both would apply. */
	run_opts(MANIFEST("disable-signing;", "priority = <200>; max_priority = <190>;", "", HRES_OK,
			  WEATHER_OK, WRES_OK, ""), &enforced);
	assert_device_refuses("/apps/hello/priority", "priority 200 is above max_priority 190");
	/* Rules the checker once read itself are the device's now: an undeclared channel, one
	 * protocol published twice on one server, a publisher without a message server. */
	run(MANIFEST("", PRIO_OK, "", "channels { diode0 = \"WRITE\"; diode9 = \"WRITE\"; };",
		     WEATHER_OK, WRES_OK, ""));
	assert_device_refuses("/apps/hello/resources/channels/diode9",
			      "channel diode9 is not declared under /channels");
	run(MANIFEST("", PRIO_OK, "", HRES_OK,
		     "msg_server = <&msg0>; publishes = \"hello_protocol\"; connects = \"hello_protocol\";",
		     WRES_OK, ""));
	assert_device_refuses("/apps/weather/publishes",
			      "protocol hello_protocol is already published by app hello on msg0");
	run(MANIFEST("", PRIO_OK, "", HRES_OK, "publishes = \"weather_protocol\";", WRES_OK, ""));
	assert_device_refuses("/apps/weather/publishes",
			      "publishes needs msg_server: the message server the protocols are on");
}

static void test_priority_above_root(void **state)
{
	struct manifest_check_options high_root = { .root_priority = 253 };

	(void)state;
	run(MANIFEST("", "priority = <251>; max_priority = <252>;", "", HRES_OK, WEATHER_OK,
		     WRES_OK, ""));
	assert_int_equal(count(MC_PRIORITY_ABOVE_ROOT, "/apps/hello/priority"), 1);
	assert_int_equal(count(MC_PRIORITY_ABOVE_ROOT, "/apps/hello/max_priority"), 1);
	run_opts(MANIFEST("", "priority = <251>; max_priority = <252>;", "", HRES_OK, WEATHER_OK,
			  WRES_OK, ""), &high_root);
	assert_int_equal(count(MC_PRIORITY_ABOVE_ROOT, NULL), 0);
}

static void test_diode_two_way(void **state)
{
	(void)state;
	/* hello (msg0) reads and writes a channel shared with weather (msg1): not a diode. */
	run(MANIFEST("", PRIO_OK, "", "channels { diode0 = \"READ\", \"WRITE\"; };",
		     "msg_server = <&msg1>;", WRES_OK, ""));
	assert_int_equal(count(MC_DIODE_TWO_WAY, "/apps/hello/resources/channels/diode0"), 1);
	assert_int_equal(severity_of(MC_DIODE_TWO_WAY), MANIFEST_ERROR);
	/* The same rights inside one domain are not a diode problem. */
	run(MANIFEST("", PRIO_OK, "", "channels { diode0 = \"READ\", \"WRITE\"; };",
		     "msg_server = <&msg0>;", WRES_OK, ""));
	assert_int_equal(count(MC_DIODE_TWO_WAY, NULL), 0);
	/* Across domains, one-way rights are fine. */
	run(MANIFEST("", PRIO_OK, "", HRES_OK, "msg_server = <&msg1>;", WRES_OK, ""));
	assert_int_equal(count(MC_DIODE_TWO_WAY, NULL), 0);
}

static void test_channel_unwritten_unread(void **state)
{
	(void)state;
	run(MANIFEST("", PRIO_OK, "", "", WEATHER_OK, WRES_OK, ""));
	assert_int_equal(count(MC_CHANNEL_UNWRITTEN, "/channels/diode0"), 1);
	assert_int_equal(count(MC_CHANNEL_UNREAD, NULL), 0);
	assert_int_equal(severity_of(MC_CHANNEL_UNWRITTEN), MANIFEST_WARNING);
	run(MANIFEST("", PRIO_OK, "", HRES_OK, WEATHER_OK, "", ""));
	assert_int_equal(count(MC_CHANNEL_UNREAD, "/channels/diode0"), 1);
	assert_int_equal(count(MC_CHANNEL_UNWRITTEN, NULL), 0);
	run(CLEAN(""));
	assert_int_equal(count(MC_CHANNEL_UNREAD, NULL) + count(MC_CHANNEL_UNWRITTEN, NULL), 0);
}

static void test_protocols(void **state)
{
	(void)state;
	run(MANIFEST("", PRIO_OK, "", HRES_OK, "msg_server = <&msg0>; connects = \"nobody\";",
		     WRES_OK, ""));
	assert_int_equal(count(MC_PROTOCOL_UNPUBLISHED, "/apps/weather/connects"), 1);
	assert_int_equal(severity_of(MC_PROTOCOL_UNPUBLISHED), MANIFEST_WARNING);
	/* ...and hello_protocol is now published with nobody connecting: info only. */
	assert_int_equal(count(MC_PROTOCOL_UNCONNECTED, "/apps/hello/publishes"), 1);
	assert_int_equal(severity_of(MC_PROTOCOL_UNCONNECTED), MANIFEST_INFO);
	run(CLEAN(""));
	assert_int_equal(count(MC_PROTOCOL_UNPUBLISHED, NULL), 0);
	assert_int_equal(count(MC_PROTOCOL_UNCONNECTED, NULL), 0);
	/* A publisher on another message server is no publisher: the device finds only its own. */
	run(MANIFEST("", PRIO_OK, "", HRES_OK, "msg_server = <&msg1>; connects = \"hello_protocol\";",
		     WRES_OK, ""));
	assert_int_equal(count(MC_PROTOCOL_UNPUBLISHED, "/apps/weather/connects"), 1);
	assert_int_equal(count(MC_PROTOCOL_UNCONNECTED, "/apps/hello/publishes"), 1);
}

static void test_variables(void **state)
{
	(void)state;
	run(MANIFEST("variables = \"/apps/hello/environ\";", PRIO_OK, "environ { A = \"1\"; };",
		     HRES_OK, WEATHER_OK, WRES_OK, ""));
	assert_int_equal(count(MC_VARIABLE_NODE, "/kos_options/variables"), 1);
	assert_int_equal(severity_of(MC_VARIABLE_NODE), MANIFEST_WARNING);
	run(CLEAN("variables = \"/apps/hello/binary\", \"/apps/weather/resources/channels\";"));
	assert_int_equal(count(MC_VARIABLE_PRIVILEGED, "/kos_options/variables"), 2);
	assert_int_equal(severity_of(MC_VARIABLE_PRIVILEGED), MANIFEST_ERROR);
	run(CLEAN("variables = \"/apps/weather\";"));
	assert_int_equal(count(MC_VARIABLE_PRIVILEGED, NULL), 1);
	run(CLEAN("variables = \"/apps/nothere/environ/X\";"));
	assert_int_equal(count(MC_VARIABLE_MISSING, NULL), 1);
	/* A leaf value (existing or to be added in an existing node) is what variables is for. */
	run(MANIFEST("variables = \"/apps/hello/environ/A\", \"/apps/hello/environ/B\";", PRIO_OK,
		     "environ { A = \"1\"; };", HRES_OK, WEATHER_OK, WRES_OK, ""));
	assert_int_equal(nfindings, 0);
}

static void test_device_access(void **state)
{
	(void)state;
	run(MANIFEST("", PRIO_OK, "",
		     "irqs = <33>; devices { uart = <0x9000000 0x1000>; }; " HRES_OK,
		     WEATHER_OK, WRES_OK, ""));
	assert_int_equal(count(MC_DEVICE_ACCESS, "/apps/hello/resources/devices"), 1);
	assert_int_equal(count(MC_DEVICE_ACCESS, "/apps/hello/resources/irqs"), 1);
	assert_int_equal(severity_of(MC_DEVICE_ACCESS), MANIFEST_INFO);
	assert_int_equal(worst, MANIFEST_INFO);
	run(CLEAN(""));
	assert_int_equal(count(MC_DEVICE_ACCESS, NULL), 0);
}

/* The finding with this id, which must be there. */
static const struct manifest_finding *finding(const char *id)
{
	int i;

	for (i = 0; i < nfindings; i++)
		if (strcmp(findings[i].id, id) == 0)
			return &findings[i];
	fail_msg("no finding %s", id);
	return NULL;
}

static void test_untyped_over_ram(void **state)
{
	struct manifest_check_options small = { .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY, .ram_bytes = 1 << 20 };
	struct manifest_error err;

	(void)state;
	/* 600 large pages of 2 MiB = 1.2 GiB > the board's 1 GiB; hello starts first, so it is named. */
	run(MANIFEST("", PRIO_OK, "ut_large_pages = <600>;", HRES_OK, WEATHER_OK, WRES_OK, ""));
	assert_int_equal(count(MC_UNTYPED_BUDGET, "/apps/hello/ut_large_pages"), 1);
	assert_int_equal(severity_of(MC_UNTYPED_BUDGET), MANIFEST_ERROR);
	/* Its words are manifest_check_ram's, the ones kauri-release refuses a package with. */
	assert_int_equal(manifest_check_ram(&manifest, 1 << 30, &err), -KFMT_ENOSPC);
	assert_string_equal(finding(MC_UNTYPED_BUDGET)->reason, err.message);
	run(CLEAN(""));
	assert_int_equal(count(MC_UNTYPED_BUDGET, NULL), 0);
	/* The option overrides the manifest: 1 MiB is hello's heap alone, the rest does not fit. */
	run_opts(CLEAN(""), &small);
	assert_int_equal(count(MC_UNTYPED_BUDGET, "/apps/hello/heap_pages"), 1);
}

static void test_duplicate_names(void **state)
{
	(void)state;
	run("/dts-v1/;\n/ { msg_servers { msg0 { }; };\n"
	    "  apps { a@1 { binary = \"a\"; }; a@2 { binary = \"a\"; }; }; };\n");
	assert_int_equal(count(MC_DUPLICATE_NAME, "/apps/a@2"), 1);
	assert_int_equal(severity_of(MC_DUPLICATE_NAME), MANIFEST_ERROR);
	/* The same protocol in another message-server domain is a different registry. */
	run(MANIFEST("", PRIO_OK, "", HRES_OK,
		     "msg_server = <&msg1>; publishes = \"hello_protocol\"; connects = \"hello_protocol\";",
		     WRES_OK, ""));
	assert_int_equal(count(MC_DUPLICATE_NAME, NULL), 0);
	run(CLEAN(""));
	assert_int_equal(count(MC_DUPLICATE_NAME, NULL), 0);
}

static void test_rejects_non_dtb(void **state)
{
	struct manifest_check_options opts = { .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY };
	static const uint8_t junk[64] = { 0xd0, 0x0d, 0xfe, 0xed, 0xff };

	(void)state;
	assert_int_equal(manifest_check(junk, sizeof(junk), &opts, &manifest, collect, NULL),
			 -KFMT_EFORMAT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_manifest_has_no_findings),
		cmocka_unit_test(test_signing_disabled),
		cmocka_unit_test(test_device_refusals),
		cmocka_unit_test(test_priority_above_root),
		cmocka_unit_test(test_diode_two_way),
		cmocka_unit_test(test_channel_unwritten_unread),
		cmocka_unit_test(test_protocols),
		cmocka_unit_test(test_variables),
		cmocka_unit_test(test_device_access),
		cmocka_unit_test(test_untyped_over_ram),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_rejects_non_dtb),
	};

	return cmocka_run_group_tests_name("manifest_check", tests, NULL, NULL);
}
