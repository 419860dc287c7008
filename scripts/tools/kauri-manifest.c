/* SPDX-License-Identifier: BSD-2-Clause */
/* kauri-manifest check: security assurance checks on a manifest (DTS or DTB), text or JSON. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <format/manifest_check.h>

#include "tool_util.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: kauri-manifest check [--json] [--enforce-signing] [--with-vmm] [--config .config]\n"
		"                            [--ram-bytes N] [--root-priority N] FILE.dts|FILE.dtb\n"
		"\n"
		"Reads the manifest with the device's own validator (manifest_parse): a manifest the\n"
		"root server would refuse gets one error, manifest-invalid, with its node path and\n"
		"message. Otherwise runs the assurance checks and prints one line per finding:\n"
		"  SEVERITY ID NODE-PATH: reason\n"
		"(or a JSON document with --json). A .dts is compiled with dtc first.\n"
		"--enforce-signing (or CONFIG_MANIFEST_SIGNING=y in --config) makes disable-signing an\n"
		"error. The board's RAM comes from --ram-bytes, else CONFIG_BOARD_RAM_MB in --config,\n"
		"else /board/ram_size or /memory of the manifest. An app with a vm node (a microVM)\n"
		"is manifest-invalid unless the build has the VMM: --with-vmm or CONFIG_VMM=y in --config\n"
		"(and has more disks than CONFIG_VMM_MAX_BLK in --config allows).\n"
		"Checks: signing-disabled, priority-above-root, diode-two-way, channel-unwritten,\n"
		"channel-unread, protocol-unpublished, protocol-unconnected (info), variable-whole-node,\n"
		"variable-privileged, variable-missing, device-access (info), untyped-over-ram,\n"
		"duplicate-name.\n"
		"Exit status: 0 clean or info only, 1 warnings, 2 errors (manifest-invalid among them),\n"
		"3 the manifest could not be read.\n");
}

struct output {
	bool json;
	int count[3];
	int n;
};

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void print_finding(void *ctx, const struct manifest_finding *f)
{
	struct output *o = ctx;

	o->count[f->severity]++;
	if (!o->json) {
		printf("%-7s %-20s %s: %s\n", manifest_severity_name(f->severity), f->id, f->path,
		       f->reason);
		return;
	}
	printf("%s\n    {\"id\": ", o->n++ ? "," : "");
	json_string(f->id);
	printf(", \"severity\": ");
	json_string(manifest_severity_name(f->severity));
	printf(", \"path\": ");
	json_string(f->path);
	printf(", \"reason\": ");
	json_string(f->reason);
	printf("}");
}

/* Compile a .dts with dtc into a temporary DTB; dtc's own messages name file:line. */
static int compile_dts(const char *path, uint8_t **dtb, size_t *len)
{
	char tmp[] = "/tmp/kauri-manifest-XXXXXX";
	int fd, status, ret;
	pid_t pid;

	fd = mkstemp(tmp);
	if (fd < 0) {
		tool_error("cannot create a temporary file: %s", strerror(errno));
		return -errno;
	}
	close(fd);
	pid = fork();
	if (pid == 0) {
		execlp("dtc", "dtc", "-q", "-I", "dts", "-O", "dtb", "-o", tmp, path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		tool_error("%s: dtc could not compile it%s", path,
			   pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 127
				   ? " (dtc not found)" : " (see dtc's message above)");
		unlink(tmp);
		return -EINVAL;
	}
	ret = tool_read_file(tmp, dtb, len);
	unlink(tmp);
	return ret;
}

/* What the build's .config says: signing enforced, the board's RAM (if nothing set it yet). */
static void read_config(const char *path, struct manifest_check_options *opts)
{
	unsigned long long ram_mb;
	unsigned int max_disks;
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f) {
		tool_error("%s: cannot open: %s", path, strerror(errno));
		exit(3);
	}
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "CONFIG_MANIFEST_SIGNING=y", 25) == 0)
			opts->signing_enforced = true;
		if (strncmp(line, "CONFIG_VMM=y", 12) == 0)
			opts->build.vmm = true;
		if (sscanf(line, "CONFIG_VMM_MAX_BLK=%u", &max_disks) == 1)
			opts->build.vmm_max_disks = max_disks;
		if (sscanf(line, "CONFIG_BOARD_RAM_MB=%llu", &ram_mb) == 1 && !opts->ram_bytes)
			opts->ram_bytes = ram_mb << 20;
	}
	fclose(f);
}

int main(int argc, char **argv)
{
	static struct kauri_manifest manifest; /* about 90 KiB: not on the stack */
	struct manifest_check_options opts = { .root_priority = MANIFEST_DEFAULT_ROOT_PRIORITY };
	struct output o = { false, { 0, 0, 0 }, 0 };
	const char *file = NULL, *config = NULL;
	uint8_t *dtb = NULL;
	size_t len, n;
	char *end;
	int i, worst;

	tool_set_name("kauri-manifest");
	for (i = 1; i < argc; i++) {
		if (tool_is_help(argv[i])) {
			usage(stdout);
			return 0;
		}
	}
	if (argc < 2 || strcmp(argv[1], "check") != 0) {
		if (argc < 2)
			usage(stderr);
		else
			tool_error("unknown command '%s' (see --help)", argv[1]);
		return 3;
	}
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			o.json = true;
		} else if (strcmp(argv[i], "--enforce-signing") == 0) {
			opts.signing_enforced = true;
		} else if (strcmp(argv[i], "--with-vmm") == 0) {
			opts.build.vmm = true;
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			config = argv[++i];
		} else if (strcmp(argv[i], "--ram-bytes") == 0 && i + 1 < argc) {
			if (tool_byte_count("--ram-bytes", argv[++i], &opts.ram_bytes))
				return 3;
		} else if (strcmp(argv[i], "--root-priority") == 0 && i + 1 < argc) {
			opts.root_priority = (uint32_t)strtoul(argv[++i], &end, 0);
			if (*end || opts.root_priority > 255) {
				tool_error("--root-priority %s: expected 0..255", argv[i]);
				return 3;
			}
		} else if (argv[i][0] == '-' || file) {
			tool_error("unexpected argument '%s' (see --help)", argv[i]);
			return 3;
		} else {
			file = argv[i];
		}
	}
	if (!file) {
		tool_error("check: no manifest given");
		return 3;
	}
	/* After the options, so that --ram-bytes wins over the configuration wherever it is. */
	if (config)
		read_config(config, &opts);
	n = strlen(file);
	if (n > 4 && strcmp(file + n - 4, ".dts") == 0) {
		if (compile_dts(file, &dtb, &len))
			return 3;
	} else if (tool_read_file(file, &dtb, &len)) {
		return 3;
	}
	if (tool_check_dtb(file, dtb, len)) {
		free(dtb);
		return 3;
	}
	if (o.json) {
		printf("{\n  \"file\": ");
		json_string(file);
		printf(",\n  \"findings\": [");
	}
	worst = manifest_check(dtb, len, &opts, &manifest, print_finding, &o);
	free(dtb);
	if (o.json)
		printf("%s],\n  \"errors\": %d,\n  \"warnings\": %d,\n  \"infos\": %d\n}\n",
		       o.n ? "\n  " : "", o.count[MANIFEST_ERROR], o.count[MANIFEST_WARNING],
		       o.count[MANIFEST_INFO]);
	else
		printf("%s: %d errors, %d warnings, %d infos\n", file, o.count[MANIFEST_ERROR],
		       o.count[MANIFEST_WARNING], o.count[MANIFEST_INFO]);
	if (worst < 0)
		return 3;
	return worst == MANIFEST_ERROR ? 2 : worst == MANIFEST_WARNING ? 1 : 0;
}
