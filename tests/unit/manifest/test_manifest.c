/* SPDX-License-Identifier: BSD-2-Clause */
/* cmocka tests of manifest_parse(): valid fixtures field by field, malformed ones with their exact errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include <format/error.h>
#include <format/manifest.h>

#ifndef FIXTURE_DIR
#error "FIXTURE_DIR must name the directory holding the compiled fixtures"
#endif

/* One description at a time; it is large (the root server keeps it in .bss). */
static struct kauri_manifest manifest;
static struct manifest_error error;

static void *load_dtb(const char *kind, const char *name, size_t *len)
{
	char path[512];
	FILE *f;
	void *buf;
	long size;

	snprintf(path, sizeof(path), "%s/%s/%s.dtb", FIXTURE_DIR, kind, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open fixture %s", path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

/* Parse a valid fixture; on failure show the error the parser gave. */
static void *parse_valid(const char *name)
{
	size_t len;
	void *dtb = load_dtb("valid", name, &len);
	int ret = manifest_parse(dtb, len, &manifest, &error);

	if (ret != 0)
		fail_msg("%s: %d %s: %s", name, ret, error.path, error.message);
	return dtb;
}

static const struct manifest_app *app_named(const char *name)
{
	int i = manifest_find_app(&manifest, name);

	if (i < 0)
		fail_msg("no app %s", name);
	return &manifest.apps[i];
}

static const char *server_of(const struct manifest_app *app)
{
	return manifest.msg_servers[app->msg_server].name;
}

static void assert_start_order(const char *const *names, uint32_t n)
{
	uint32_t i;

	assert_int_equal(manifest.napps, n);
	for (i = 0; i < n; i++)
		assert_string_equal(manifest.apps[manifest.start_order[i]].name, names[i]);
}

/* --- valid manifests --- */

static void test_minimal_defaults(void **state)
{
	void *dtb = parse_valid("minimal");
	const struct manifest_app *app;
	uint8_t zero_key[MANIFEST_PUBLIC_KEY_LEN] = { 0 };

	(void)state;
	assert_false(manifest.has_public_key);
	assert_memory_equal(manifest.public_key, zero_key, sizeof(zero_key));
	assert_false(manifest.disable_signing);
	assert_int_equal(manifest.release_version, 0);
	assert_int_equal(manifest.nvariables, 0);
	assert_int_equal(manifest.nchannels, 0);
	assert_int_equal(manifest.nmsg_servers, 1);
	assert_int_equal(manifest.napps, 1);
	app = &manifest.apps[0];
	assert_string_equal(app->name, "hello");
	assert_string_equal(app->binary, "hello");
	/* Strings are not copied: they point into the DTB. */
	assert_true((const char *)app->binary > (const char *)dtb &&
		    (const char *)app->binary < (const char *)dtb + fdt_totalsize(dtb));
	assert_null(app->initrd);
	assert_null(app->binary_sha256);
	assert_int_equal(app->nargs, 0);
	assert_int_equal(app->nenviron, 0);
	assert_int_equal(app->priority, MANIFEST_DEFAULT_PRIORITY);
	assert_int_equal(app->max_priority, MANIFEST_DEFAULT_PRIORITY);
	assert_int_equal(app->heap_pages, 16);
	assert_int_equal(app->stack_pages, 4);
	assert_int_equal(app->ut_4k_pages, 0);
	assert_int_equal(app->ut_large_pages, 0);
	assert_string_equal(server_of(app), "msg0");
	assert_int_equal(app->npublishes, 0);
	assert_int_equal(app->nconnects, 0);
	assert_int_equal(app->nchannels, 0);
	assert_int_equal(app->ndevices, 0);
	assert_int_equal(app->nirqs, 0);
	assert_int_equal(app->restart, MANIFEST_RESTART_NEVER);
	assert_int_equal(app->nrestart_deps, 0);
	assert_int_equal(manifest.start_order[0], 0);
	free(dtb);
}

static void test_hello_every_property(void **state)
{
	void *dtb = parse_valid("hello");
	const struct manifest_app *app = app_named("hello");
	static const char *const order[] = { "other", "hello" };
	uint32_t i;

	(void)state;
	assert_true(manifest.has_public_key);
	for (i = 0; i < MANIFEST_PUBLIC_KEY_LEN; i++)
		assert_int_equal(manifest.public_key[i], i);
	assert_false(manifest.disable_signing);
	assert_int_equal(manifest.nvariables, 1);
	assert_string_equal(manifest.variables[0], "/apps/hello/environ/HELLO");
	assert_int_equal(manifest.nchannels, 1);
	assert_string_equal(manifest.channels[0].name, "diode0");
	assert_int_equal(manifest.channels[0].size, 0x1000);
	assert_int_equal(manifest.nmsg_servers, 2);

	assert_string_equal(app->binary, "hello");
	assert_int_equal(app->nargs, 2);
	assert_string_equal(app->args[0], "hello_world");
	assert_string_equal(app->args[1], "test");
	assert_int_equal(app->nenviron, 1);
	assert_string_equal(app->environ[0].name, "HELLO");
	assert_string_equal(app->environ[0].value, "WORLD");
	assert_int_equal(app->priority, 180);
	assert_int_equal(app->max_priority, 190);
	assert_int_equal(app->heap_pages, 2560);
	assert_int_equal(app->stack_pages, 8);
	assert_int_equal(app->ut_4k_pages, 24);
	assert_int_equal(app->ut_large_pages, 4);
	assert_string_equal(server_of(app), "msg1");
	assert_int_equal(app->npublishes, 1);
	assert_string_equal(app->publishes[0], "hello_protocol");
	assert_int_equal(app->nconnects, 1);
	assert_string_equal(app->connects[0], "kos_log_protocol");
	assert_int_equal(app->nchannels, 1);
	assert_int_equal(app->channels[0].channel, 0);
	assert_int_equal(app->channels[0].rights, MANIFEST_RIGHT_WRITE | MANIFEST_RIGHT_SIGNAL);
	assert_int_equal(app->restart, MANIFEST_RESTART_ON_FAILURE);
	assert_int_equal(app->nrestart_deps, 1);
	assert_string_equal(manifest.apps[app->restart_deps[0]].name, "other");
	assert_string_equal(app->initrd, "rootfs.cpio");
	assert_string_equal(server_of(app_named("other")), "msg0");
	assert_start_order(order, 2);
	free(dtb);
}

static void test_seed_spelling(void **state)
{
	void *dtb = parse_valid("seed_spelling");
	const struct manifest_app *app = app_named("hello");

	(void)state;
	assert_int_equal(app->ut_large_pages, 4);
	assert_string_equal(app->ut_large_property, "ut_large_page");
	assert_int_equal(app->ut_4k_pages, 24);
	assert_int_equal(app->heap_pages, 2560);
	assert_int_equal(app->priority, 180);
	assert_int_equal(app->max_priority, 190);
	assert_int_equal(app->npublishes, 2);
	assert_string_equal(app->publishes[1], "internet_protocol");
	free(dtb);
}

static void test_two_msg_servers(void **state)
{
	void *dtb = parse_valid("two_msg_servers");
	const struct manifest_app *app;

	(void)state;
	assert_int_equal(manifest.nmsg_servers, 2);
	assert_string_equal(manifest.msg_servers[0].name, "msg0");
	assert_string_equal(manifest.msg_servers[1].name, "net");
	assert_string_equal(server_of(app_named("log_a")), "msg0");
	assert_string_equal(server_of(app_named("log_b")), "net");
	assert_string_equal(server_of(app_named("client")), "msg0");
	app = app_named("net_client");
	assert_string_equal(server_of(app), "net");
	assert_int_equal(app->nconnects, 2);
	assert_string_equal(app->connects[1], "echo_protocol");
	free(dtb);
}

static void test_diode_rights(void **state)
{
	void *dtb = parse_valid("diode");
	const struct manifest_app *sender, *receiver;

	(void)state;
	assert_int_equal(manifest.nchannels, 2);
	assert_int_equal(manifest.channels[0].size, 0x4000);
	sender = app_named("sender");
	receiver = app_named("receiver");
	/* The labels low/high name the servers, but the description carries the node names. */
	assert_string_equal(server_of(sender), "msg0");
	assert_string_equal(server_of(receiver), "msg1");
	assert_int_equal(sender->nchannels, 1);
	assert_string_equal(manifest.channels[sender->channels[0].channel].name, "diode0");
	assert_int_equal(sender->channels[0].rights, MANIFEST_RIGHT_WRITE | MANIFEST_RIGHT_SIGNAL);
	assert_int_equal(receiver->nchannels, 2);
	assert_string_equal(manifest.channels[receiver->channels[0].channel].name, "diode0");
	assert_int_equal(receiver->channels[0].rights, MANIFEST_RIGHT_READ | MANIFEST_RIGHT_RECV);
	assert_string_equal(manifest.channels[receiver->channels[1].channel].name, "shared");
	assert_int_equal(receiver->channels[1].rights, MANIFEST_RIGHT_READ | MANIFEST_RIGHT_WRITE |
			 MANIFEST_RIGHT_SIGNAL | MANIFEST_RIGHT_RECV);
	free(dtb);
}

static void test_vm_node(void **state)
{
	void *dtb = parse_valid("vm");
	const struct manifest_app *vm0 = app_named("vm0"), *vm1 = app_named("vm1"), *none;
	const struct manifest_vm *vm = &vm0->vm;

	(void)state;
	assert_true(vm->present);
	assert_string_equal(vm->kernel, "Image");
	assert_null(vm->kernel_sha256);
	assert_string_equal(vm->initrd, "initrd.cpio.gz");
	assert_int_equal(vm->ram_mb, 128);
	assert_string_equal(vm->bootargs, "console=hvc0 cryptomgr.notests");
	assert_true(vm->console);
	assert_true(vm->has_net);
	assert_string_equal(manifest.channels[vm->net_tx].name, "vm_out");
	assert_string_equal(manifest.channels[vm->net_rx].name, "vm_in");
	assert_int_equal(vm->nblk, 4);
	assert_string_equal(vm->blk[0].name, "root");
	assert_string_equal(vm->blk[0].image, "root.img");
	assert_null(vm->blk[0].partition);
	assert_true(vm->blk[0].read_only);
	assert_string_equal(vm->blk[1].name, "data");
	assert_false(vm->blk[1].read_only);
	/* Partition disks: no image, the GPT name, read-only as given. */
	assert_string_equal(vm->blk[2].name, "work");
	assert_null(vm->blk[2].image);
	assert_string_equal(vm->blk[2].partition, "scratch");
	assert_false(vm->blk[2].read_only);
	assert_string_equal(vm->blk[3].partition, "logs");
	assert_true(vm->blk[3].read_only);
	/* The bare one: defaults, no console, network or disks. */
	assert_true(vm1->vm.present);
	assert_int_equal(vm1->vm.ram_mb, 16);
	assert_null(vm1->vm.initrd);
	assert_null(vm1->vm.bootargs);
	assert_false(vm1->vm.console);
	assert_false(vm1->vm.has_net);
	assert_int_equal(vm1->vm.nblk, 0);
	free(dtb);
	/* An app without a vm node is no VMM. */
	dtb = parse_valid("hello");
	none = &manifest.apps[0];
	assert_false(none->vm.present);
	free(dtb);
}

static void test_partitions(void **state)
{
	void *dtb = parse_valid("partitions");
	const struct manifest_app *db = app_named("db"), *viewer = app_named("viewer"), *storage = app_named("storage");

	(void)state;
	assert_int_equal(db->npartitions, 2);
	assert_string_equal(db->partitions[0].name, "data");
	assert_int_equal(db->partitions[0].rights, MANIFEST_RIGHT_READ | MANIFEST_RIGHT_WRITE);
	assert_string_equal(db->partitions[1].name, "logs");
	assert_int_equal(db->partitions[1].rights, MANIFEST_RIGHT_WRITE);
	assert_int_equal(viewer->npartitions, 1);
	assert_int_equal(viewer->partitions[0].rights, MANIFEST_RIGHT_READ);
	assert_int_equal(storage->npartitions, 0);
	free(dtb);
}

static void test_driver_resources(void **state)
{
	void *dtb = parse_valid("drivers");
	const struct manifest_app *uart = app_named("uart_drv"), *net = app_named("net_drv");

	(void)state;
	assert_int_equal(uart->ndevices, 1);
	assert_string_equal(uart->devices[0].name, "uart1");
	assert_int_equal(uart->devices[0].base, 0x9000000);
	assert_int_equal(uart->devices[0].size, 0x1000);
	assert_int_equal(uart->nirqs, 1);
	assert_int_equal(uart->irqs[0], 33);
	assert_int_equal(net->ndevices, 2);
	assert_int_equal(net->devices[0].base, 0xa000000);
	assert_int_equal(net->devices[0].size, 0x4000);
	assert_string_equal(net->devices[1].name, "high");
	assert_true(net->devices[1].base == 0x4000000000ull);
	assert_int_equal(net->devices[1].size, 0x10000);
	assert_int_equal(net->nirqs, 4);
	assert_int_equal(net->irqs[0], 48);
	assert_int_equal(net->irqs[1], 49);
	assert_int_equal(net->irqs[2], 1019);
	assert_int_equal(net->irqs[3], 16);
	free(dtb);
}

static void test_start_order(void **state)
{
	void *dtb = parse_valid("start_order");
	/* log has no deps; alpha/zeta tie on priority and go by name; app waits for net and log. */
	static const char *const order[] = { "alpha", "zeta", "log", "net", "app", "watchdog" };
	const struct manifest_app *app = app_named("app");

	(void)state;
	assert_int_equal(app->nrestart_deps, 2);
	assert_string_equal(manifest.apps[app->restart_deps[0]].name, "net");
	assert_string_equal(manifest.apps[app->restart_deps[1]].name, "log");
	assert_start_order(order, 6);
	free(dtb);
}

static void test_kos_options(void **state)
{
	void *dtb = parse_valid("kos_options");
	/* RFC 8032 test 1 public key. */
	static const uint8_t key[MANIFEST_PUBLIC_KEY_LEN] = {
		0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a, 0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64, 0x07, 0x3a,
		0x0e, 0xe1, 0x72, 0xf3, 0xda, 0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68, 0xf7, 0x07, 0x51, 0x1a,
	};

	(void)state;
	assert_true(manifest.has_public_key);
	assert_memory_equal(manifest.public_key, key, sizeof(key));
	assert_true(manifest.disable_signing);
	assert_int_equal(manifest.nvariables, 2);
	assert_string_equal(manifest.variables[0], "/apps/weatherstation/environ/DEVICE_ID");
	assert_string_equal(manifest.variables[1], "/apps/weatherstation/args");
	assert_string_equal(app_named("weatherstation")->environ[0].value, "unset");
	assert_int_equal(manifest.release_version, 7);
	assert_true(app_named("weatherstation")->machine_reset);
	assert_true(app_named("weatherstation")->release_admin);
	free(dtb);
}

static void test_args_environ(void **state)
{
	void *dtb = parse_valid("args_environ");
	const struct manifest_app *app = app_named("hello");

	(void)state;
	assert_int_equal(app->nargs, 4);
	assert_string_equal(app->args[0], "hello");
	assert_string_equal(app->args[1], "");
	assert_string_equal(app->args[2], "--verbose");
	assert_string_equal(app->args[3], "a b c");
	assert_int_equal(app->nenviron, 3);
	assert_string_equal(app->environ[0].name, "HELLO");
	assert_string_equal(app->environ[1].name, "PATH");
	assert_string_equal(app->environ[1].value, "/bin");
	assert_string_equal(app->environ[2].name, "EMPTY");
	assert_string_equal(app->environ[2].value, "");
	free(dtb);
}

static void test_restart_policies(void **state)
{
	void *dtb = parse_valid("restart_policies");
	static const char *const order[] = { "never", "on_failure", "forever", "quiet" };

	(void)state;
	assert_int_equal(app_named("never")->restart, MANIFEST_RESTART_NEVER);
	assert_int_equal(app_named("on_failure")->restart, MANIFEST_RESTART_ON_FAILURE);
	assert_int_equal(app_named("forever")->restart, MANIFEST_RESTART_ALWAYS);
	assert_int_equal(app_named("quiet")->restart, MANIFEST_RESTART_NEVER);
	assert_string_equal(manifest.apps[app_named("quiet")->restart_deps[0]].name, "on_failure");
	assert_string_equal(manifest_restart_name(MANIFEST_RESTART_ON_FAILURE), "on-failure");
	assert_string_equal(manifest_restart_name(MANIFEST_RESTART_ALWAYS), "always");
	assert_start_order(order, 4);
	free(dtb);
}

static void test_priority_bounds(void **state)
{
	void *dtb = parse_valid("priority_bounds");
	static const char *const order[] = {
		"top", "abcdefghijklmnopqrstuvw", "lifted", "idle",
	};

	(void)state;
	assert_int_equal(app_named("idle")->priority, 0);
	assert_int_equal(app_named("idle")->max_priority, 0);
	assert_int_equal(app_named("top")->priority, 254);
	assert_int_equal(app_named("lifted")->max_priority, 254);
	assert_int_equal(app_named("abcdefghijklmnopqrstuvw")->priority, 100);
	assert_start_order(order, 4);
	free(dtb);
}

static void test_named_server(void **state)
{
	void *dtb = parse_valid("named_server");

	(void)state;
	assert_int_equal(manifest.nmsg_servers, 1);
	assert_string_equal(server_of(app_named("hello")), "main");
	assert_int_equal(manifest_find_app(&manifest, "nobody"), -KFMT_ENOENT);
	free(dtb);
}

static void test_released_digest(void **state)
{
	void *dtb = parse_valid("released");
	const struct manifest_app *app = app_named("hello");
	uint32_t i;

	(void)state;
	assert_non_null(app->binary_sha256);
	for (i = 0; i < MANIFEST_BINARY_SHA256_LEN; i++)
		assert_int_equal(app->binary_sha256[i], i);
	assert_null(app_named("plain")->binary_sha256);
	free(dtb);
}

static void test_empty_apps(void **state)
{
	void *dtb = parse_valid("empty_apps");

	(void)state;
	assert_int_equal(manifest.napps, 0);
	assert_int_equal(manifest.nchannels, 0);
	assert_int_equal(manifest.nmsg_servers, 1);
	assert_false(manifest.has_public_key);
	free(dtb);
}

static void test_zero_budget(void **state)
{
	void *dtb = parse_valid("zero_budget");
	const struct manifest_app *app = app_named("linux_vm");

	(void)state;
	assert_int_equal(app->ut_4k_pages, 0);
	assert_int_equal(app->ut_large_pages, 0);
	assert_int_equal(app->heap_pages, 1);
	assert_int_equal(app->stack_pages, 1);
	assert_string_equal(app->initrd, "rootfs.cpio");
	free(dtb);
}

/* --- malformed fixtures --- */

struct malformed_case {
	const char *name;
	const char *path;
	const char *message;
};

#define MALFORMED(name, path, message) { name, path, message },
#define OVER_RAM(name, ram, path, message)
static const struct malformed_case malformed_cases[] = {
#include "malformed_cases.h"
};
#undef MALFORMED
#undef OVER_RAM
#define NUM_MALFORMED (sizeof(malformed_cases) / sizeof(malformed_cases[0]))

struct over_ram_case {
	const char *name;
	uint64_t ram;
	const char *path;
	const char *message;
};

#define MALFORMED(name, path, message)
#define OVER_RAM(name, ram, path, message) { name, ram, path, message },
static const struct over_ram_case over_ram_cases[] = {
#include "malformed_cases.h"
};
#undef MALFORMED
#undef OVER_RAM
#define NUM_OVER_RAM (sizeof(over_ram_cases) / sizeof(over_ram_cases[0]))

static void test_malformed(void **state)
{
	const struct malformed_case *c = *state;
	size_t len;
	void *dtb = load_dtb("malformed", c->name, &len);
	int ret;

	memset(&manifest, 0xa5, sizeof(manifest));
	ret = manifest_parse(dtb, len, &manifest, &error);
	assert_true(ret < 0);
	assert_string_equal(error.path, c->path);
	assert_string_equal(error.message, c->message);
	/* Nothing half-built is handed back. */
	assert_int_equal(manifest.napps, 0);
	assert_int_equal(manifest.nchannels, 0);
	assert_int_equal(manifest.nmsg_servers, 0);
	/* Without an error record the result is the same. */
	assert_int_equal(manifest_parse(dtb, len, &manifest, NULL), ret);
	free(dtb);
}

/* A manifest the parser accepts whose budgets do not fit the RAM given. */
static void test_over_ram(void **state)
{
	const struct over_ram_case *c = *state;
	size_t len;
	void *dtb = load_dtb("malformed", c->name, &len);

	if (manifest_parse(dtb, len, &manifest, &error))
		fail_msg("%s: %s: %s", c->name, error.path, error.message);
	assert_int_equal(manifest_check_ram(&manifest, c->ram, &error), -KFMT_ENOSPC);
	assert_string_equal(error.path, c->path);
	assert_string_equal(error.message, c->message);
	assert_int_equal(manifest_check_ram(&manifest, c->ram, NULL), -KFMT_ENOSPC);
	/* With all the RAM a 64-bit board could have, it fits. */
	assert_int_equal(manifest_check_ram(&manifest, UINT64_MAX, &error), 0);
	free(dtb);
}

static void test_budget_bounds(void **state)
{
	void *dtb = parse_valid("budget_bounds");
	const struct manifest_app *app = app_named("big");

	(void)state;
	assert_int_equal(app->heap_pages, MANIFEST_MAX_HEAP_PAGES);
	assert_int_equal(app->stack_pages, MANIFEST_MAX_STACK_PAGES);
	assert_int_equal(app->ut_4k_pages, UINT32_MAX);
	assert_int_equal(app->ut_large_pages, MANIFEST_MAX_UT_LARGE_PAGES);
	assert_string_equal(app->ut_large_property, "ut_large_pages");
	/* 2^47 + 2^44 + 768 MiB + 8 MiB of budgets, and 16 MiB of channels: no 64-bit sum wraps. */
	assert_true(manifest_app_bytes(app) == (1ull << 47) + (uint64_t)UINT32_MAX * 4096 +
			    (196608ull + 2045 + 1) * 4096);
	assert_int_equal(manifest_check_ram(&manifest, manifest_app_bytes(app) + 0x1000000, &error), 0);
	assert_int_equal(manifest_check_ram(&manifest, manifest_app_bytes(app) + 0xffffff, &error),
			 -KFMT_ENOSPC);
	assert_string_equal(error.path, "/apps/big/ut_large_pages");
	free(dtb);
}

/* The smallest RAM a manifest fits in is exactly its channels and declared budgets. */
static void test_ram_exact(void **state)
{
	void *dtb = parse_valid("minimal");

	(void)state;
	/* hello: 16 heap pages, 4 stack pages and the IPC buffer, 84 KiB. */
	assert_true(manifest_app_bytes(&manifest.apps[0]) == 84 * 1024);
	assert_int_equal(manifest_check_ram(&manifest, 84 * 1024, &error), 0);
	assert_int_equal(manifest_check_ram(&manifest, 84 * 1024 - 1, &error), -KFMT_ENOSPC);
	assert_string_equal(error.path, "/apps/hello/heap_pages");
	assert_string_equal(error.message,
			    "memory budgets come to 84 KiB with this app's, more than the board's 83 KiB of RAM");
	free(dtb);
}

/* --- manifests built in memory: limits and trees dtc refuses to write --- */

static char tree[1 << 18];

struct shape {
	int apps, channels, msg_servers, args, environ;
};

static void build_manifest(const struct shape *s)
{
	char name[32];
	int root, node, parent, i, app0 = -1;

	assert_int_equal(fdt_create_empty_tree(tree, sizeof(tree)), 0);
	root = 0;
	parent = fdt_add_subnode(tree, root, "channels");
	for (i = 0; i < s->channels; i++) {
		snprintf(name, sizeof(name), "ch%d", i);
		node = fdt_add_subnode(tree, parent, name);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop_u32(tree, node, "size", 4096), 0);
	}
	parent = fdt_add_subnode(tree, root, "msg_servers");
	for (i = 0; i < s->msg_servers; i++) {
		snprintf(name, sizeof(name), "msg%d", i);
		assert_true(fdt_add_subnode(tree, parent, name) >= 0);
	}
	parent = fdt_add_subnode(tree, root, "apps");
	for (i = 0; i < s->apps; i++) {
		snprintf(name, sizeof(name), "app%d", i);
		node = fdt_add_subnode(tree, parent, name);
		assert_true(node >= 0);
		assert_int_equal(fdt_setprop_string(tree, node, "binary", "bin"), 0);
		if (i == 0)
			app0 = node;
	}
	if (app0 < 0)
		return;
	/* fdt_add_subnode inserts first, so app0 may have moved: look it up again. */
	app0 = fdt_path_offset(tree, "/apps/app0");
	for (i = 0; i < s->args; i++)
		assert_int_equal(fdt_appendprop_string(tree, app0, "args", "x"), 0);
	if (s->environ) {
		node = fdt_add_subnode(tree, app0, "environ");
		for (i = 0; i < s->environ; i++) {
			snprintf(name, sizeof(name), "VAR%d", i);
			assert_int_equal(fdt_setprop_string(tree, node, name, "v"), 0);
		}
	}
	assert_int_equal(fdt_pack(tree), 0);
}

static void expect_error(int code, const char *path, const char *message)
{
	assert_int_equal(manifest_parse(tree, sizeof(tree), &manifest, &error), -code);
	assert_string_equal(error.path, path);
	assert_string_equal(error.message, message);
}

static void test_limits_at_maximum(void **state)
{
	struct shape s = { MANIFEST_MAX_APPS, MANIFEST_MAX_CHANNELS, MANIFEST_MAX_MSG_SERVERS,
			   MANIFEST_MAX_ARGS, MANIFEST_MAX_ENVIRON };
	uint32_t i;

	(void)state;
	build_manifest(&s);
	if (manifest_parse(tree, sizeof(tree), &manifest, &error))
		fail_msg("%s: %s", error.path, error.message);
	assert_int_equal(manifest.napps, MANIFEST_MAX_APPS);
	assert_int_equal(manifest.nchannels, MANIFEST_MAX_CHANNELS);
	assert_int_equal(manifest.nmsg_servers, MANIFEST_MAX_MSG_SERVERS);
	assert_int_equal(app_named("app0")->nargs, MANIFEST_MAX_ARGS);
	assert_int_equal(app_named("app0")->nenviron, MANIFEST_MAX_ENVIRON);
	/* All at one priority: the start order is by name (app0, app1, app10, ...). */
	assert_string_equal(manifest.apps[manifest.start_order[0]].name, "app0");
	assert_string_equal(manifest.apps[manifest.start_order[1]].name, "app1");
	assert_string_equal(manifest.apps[manifest.start_order[2]].name, "app10");
	for (i = 1; i < manifest.napps; i++)
		assert_true(strcmp(manifest.apps[manifest.start_order[i - 1]].name,
				   manifest.apps[manifest.start_order[i]].name) < 0);
}

static void test_too_many_apps(void **state)
{
	struct shape s = { MANIFEST_MAX_APPS + 1, 0, 1, 0, 0 };

	(void)state;
	build_manifest(&s);
	expect_error(KFMT_ENOSPC, "/apps", "too many apps: more than 64");
}

static void test_too_many_channels(void **state)
{
	struct shape s = { 1, MANIFEST_MAX_CHANNELS + 1, 1, 0, 0 };

	(void)state;
	build_manifest(&s);
	expect_error(KFMT_ENOSPC, "/channels", "too many channels: more than 64");
}

static void test_too_many_msg_servers(void **state)
{
	struct shape s = { 1, 0, MANIFEST_MAX_MSG_SERVERS + 1, 0, 0 };

	(void)state;
	build_manifest(&s);
	expect_error(KFMT_ENOSPC, "/msg_servers", "too many message servers: more than 8");
}

static void test_too_many_args(void **state)
{
	struct shape s = { 1, 0, 1, MANIFEST_MAX_ARGS + 1, 0 };

	(void)state;
	build_manifest(&s);
	expect_error(KFMT_ENOSPC, "/apps/app0/args", "too many args: more than 32");
}

static void test_too_many_environ(void **state)
{
	struct shape s = { 1, 0, 1, 0, MANIFEST_MAX_ENVIRON + 1 };

	(void)state;
	build_manifest(&s);
	expect_error(KFMT_ENOSPC, "/apps/app0/environ", "too many environ entries: more than 32");
}

/*
 * dtc will not write two nodes with one name, but a hand-made DTB can: build
 * /channels/<channel>..., /msg_servers/<server>..., /apps/<app>... with the sequential writer.
 */
static void build_with_duplicates(const char *const *channels, const char *const *servers,
				  const char *const *apps)
{
	assert_int_equal(fdt_create(tree, sizeof(tree)), 0);
	assert_int_equal(fdt_finish_reservemap(tree), 0);
	assert_int_equal(fdt_begin_node(tree, ""), 0);
	assert_int_equal(fdt_begin_node(tree, "channels"), 0);
	for (; *channels; channels++) {
		assert_int_equal(fdt_begin_node(tree, *channels), 0);
		assert_int_equal(fdt_property_u32(tree, "size", 4096), 0);
		assert_int_equal(fdt_end_node(tree), 0);
	}
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_begin_node(tree, "msg_servers"), 0);
	for (; *servers; servers++) {
		assert_int_equal(fdt_begin_node(tree, *servers), 0);
		assert_int_equal(fdt_end_node(tree), 0);
	}
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_begin_node(tree, "apps"), 0);
	for (; *apps; apps++) {
		assert_int_equal(fdt_begin_node(tree, *apps), 0);
		assert_int_equal(fdt_property_string(tree, "binary", *apps), 0);
		assert_int_equal(fdt_end_node(tree), 0);
	}
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_end_node(tree), 0);
	assert_int_equal(fdt_finish(tree), 0);
}

static void test_duplicate_names(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const one_channel[] = { "diode0", NULL };
	static const char *const two_channels[] = { "diode0", "diode0", NULL };
	static const char *const one_server[] = { "msg0", NULL };
	static const char *const two_servers[] = { "msg0", "msg1", "msg0", NULL };
	static const char *const one_app[] = { "hello", NULL };
	static const char *const two_apps[] = { "hello", "hello", NULL };

	(void)state;
	build_with_duplicates(one_channel, one_server, one_app);
	assert_int_equal(manifest_parse(tree, sizeof(tree), &manifest, &error), 0);
	build_with_duplicates(none, one_server, two_apps);
	expect_error(KFMT_EFORMAT, "/apps/hello", "duplicate app name hello");
	build_with_duplicates(two_channels, one_server, one_app);
	expect_error(KFMT_EFORMAT, "/channels/diode0", "duplicate channel name diode0");
	build_with_duplicates(none, two_servers, one_app);
	expect_error(KFMT_EFORMAT, "/msg_servers/msg0", "duplicate message server name msg0");
}

/* A path longer than manifest_error.path keeps the offending node's own name. */
static void test_long_path(void **state)
{
	char name[200];
	int apps;

	(void)state;
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(fdt_create_empty_tree(tree, sizeof(tree)), 0);
	assert_true(fdt_add_subnode(tree, 0, "msg_servers") >= 0);
	assert_true(fdt_add_subnode(tree, fdt_path_offset(tree, "/msg_servers"), "msg0") >= 0);
	apps = fdt_add_subnode(tree, 0, "apps");
	assert_true(apps >= 0);
	assert_true(fdt_add_subnode(tree, apps, name) >= 0);
	assert_int_equal(manifest_parse(tree, sizeof(tree), &manifest, &error), -KFMT_EFORMAT);
	assert_string_equal(error.message, "app name is 199 characters, the limit is 23");
	assert_int_equal(strlen(error.path), sizeof(error.path) - 1);
	assert_memory_equal(error.path, "/.../nnnn", 9);
}

static void test_bad_dtb(void **state)
{
	size_t len;
	void *dtb = load_dtb("valid", "minimal", &len);
	static const char garbage[64] = "this is not a device tree blob";

	(void)state;
	assert_int_equal(manifest_parse(garbage, sizeof(garbage), &manifest, &error),
			 -KFMT_EFORMAT);
	assert_string_equal(error.path, "/");
	assert_string_equal(error.message, "not a valid DTB: bad magic: not a flattened device tree");

	assert_int_equal(manifest_parse(dtb, len - 1, &manifest, &error), -KFMT_EFORMAT);
	assert_string_equal(error.path, "/");
	assert_string_equal(error.message, "not a valid DTB: truncated input");

	assert_int_equal(manifest_parse(dtb, 8, &manifest, &error), -KFMT_EFORMAT);
	assert_string_equal(error.message, "not a valid DTB: truncated input");

	/* A structure block that points outside the blob. */
	((fdt32_t *)dtb)[2] = cpu_to_fdt32((uint32_t)len + 64); /* off_dt_struct */
	assert_int_equal(manifest_parse(dtb, len, &manifest, &error), -KFMT_EFORMAT);
	assert_string_equal(error.path, "/");
	assert_string_equal(error.message, "not a valid DTB: truncated input");
	free(dtb);
}

static void test_null_arguments(void **state)
{
	size_t len;
	void *dtb = load_dtb("valid", "minimal", &len);

	(void)state;
	assert_int_equal(manifest_parse(NULL, len, &manifest, &error), -KFMT_EINVAL);
	assert_string_equal(error.message, "no manifest given");
	assert_int_equal(manifest_parse(dtb, len, NULL, &error), -KFMT_EINVAL);
	assert_int_equal(manifest_parse(dtb, len, &manifest, NULL), 0);
	assert_int_equal(manifest.napps, 1);
	free(dtb);
}

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_minimal_defaults),
		cmocka_unit_test(test_hello_every_property),
		cmocka_unit_test(test_seed_spelling),
		cmocka_unit_test(test_two_msg_servers),
		cmocka_unit_test(test_diode_rights),
		cmocka_unit_test(test_driver_resources),
		cmocka_unit_test(test_vm_node),
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_start_order),
		cmocka_unit_test(test_kos_options),
		cmocka_unit_test(test_args_environ),
		cmocka_unit_test(test_restart_policies),
		cmocka_unit_test(test_priority_bounds),
		cmocka_unit_test(test_named_server),
		cmocka_unit_test(test_zero_budget),
		cmocka_unit_test(test_budget_bounds),
		cmocka_unit_test(test_ram_exact),
		cmocka_unit_test(test_empty_apps),
		cmocka_unit_test(test_released_digest),
		cmocka_unit_test(test_limits_at_maximum),
		cmocka_unit_test(test_too_many_apps),
		cmocka_unit_test(test_too_many_channels),
		cmocka_unit_test(test_too_many_msg_servers),
		cmocka_unit_test(test_too_many_args),
		cmocka_unit_test(test_too_many_environ),
		cmocka_unit_test(test_duplicate_names),
		cmocka_unit_test(test_long_path),
		cmocka_unit_test(test_bad_dtb),
		cmocka_unit_test(test_null_arguments),
	};
	struct CMUnitTest tests[sizeof(fixed) / sizeof(fixed[0]) + NUM_MALFORMED + NUM_OVER_RAM];
	size_t n = 0, i;

	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	/* One named test per malformed fixture, so a failure names the fixture. */
	for (i = 0; i < NUM_MALFORMED; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_malformed,
									(void *)&malformed_cases[i]);
		tests[n++].name = malformed_cases[i].name;
	}
	for (i = 0; i < NUM_OVER_RAM; i++) {
		tests[n] = (struct CMUnitTest)cmocka_unit_test_prestate(test_over_ram,
									(void *)&over_ram_cases[i]);
		tests[n++].name = over_ram_cases[i].name;
	}
	return _cmocka_run_group_tests("manifest", tests, n, NULL, NULL);
}
